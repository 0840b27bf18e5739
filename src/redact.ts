/**
 * Masking by value: every known secret (client secrets, private keys, access tokens) is replaced
 * wherever it appears, in whatever form it was written (raw, JSON-escaped, PEM body on one line).
 */
export interface Redactor {
  /** Register a secret value under a name (shown in the mask). Short values are ignored. */
  add(name: string, value: string | undefined): void;
  redact(text: string): string;
  /** The secrets registered so far, as given (for checks that nothing written contains one). */
  known(): Array<{ name: string; value: string }>;
  /** Redact every string inside a JSON-like value. */
  redactDeep<T>(value: T): T;
  /** The same, rewriting the value's strings where they are: no second copy of a large result. */
  redactInPlace(value: object): void;
}

const MIN_SECRET_LENGTH = 6;

function variants(value: string): string[] {
  const forms = new Set([value, JSON.stringify(value).slice(1, -1)]);
  const pemBody = value.match(/-----BEGIN [^-]+-----([\s\S]*?)-----END/);
  if (pemBody?.[1]) {
    forms.add(pemBody[1].replace(/\s+|\\n/g, ''));
    for (const line of pemBody[1].split(/\r?\n|\\n/)) if (line.trim().length >= 16) forms.add(line.trim());
  }
  return [...forms].filter((f) => f.length >= MIN_SECRET_LENGTH);
}

export function createRedactor(): Redactor {
  const masks = new Map<string, string>();
  const originals = new Map<string, string>();
  let pattern: RegExp | undefined;
  const rebuild = (): void => {
    const keys = [...masks.keys()].sort((a, b) => b.length - a.length);
    pattern = keys.length
      ? new RegExp(keys.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g')
      : undefined;
  };
  const redactor: Redactor = {
    add(name, value) {
      if (!value) return;
      if (value.length >= MIN_SECRET_LENGTH) originals.set(value, name);
      let changed = false;
      for (const form of variants(value)) {
        if (!masks.has(form)) {
          masks.set(form, `«${name}:redacted»`);
          changed = true;
        }
      }
      if (changed) rebuild();
    },
    known() {
      return [...originals].map(([value, name]) => ({ name, value }));
    },
    redact(text) {
      return pattern ? text.replace(pattern, (m) => masks.get(m) ?? '«redacted»') : text;
    },
    redactDeep<T>(value: T): T {
      if (typeof value === 'string') return redactor.redact(value) as T;
      if (Array.isArray(value)) return value.map((v: unknown) => redactor.redactDeep(v)) as T;
      if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactor.redactDeep(v)])) as T;
      }
      return value;
    },
    redactInPlace(value) {
      if (!pattern) return;
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        const item = record[key];
        if (typeof item === 'string') {
          const masked = redactor.redact(item);
          if (masked !== item) record[key] = masked;
        } else if (item && typeof item === 'object' && !Buffer.isBuffer(item)) {
          redactor.redactInPlace(item);
        }
      }
    },
  };
  return redactor;
}
