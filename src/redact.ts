/**
 * Masking by value: every known secret (client secrets, private keys, access tokens) is replaced
 * wherever it appears, in whatever form it was written (raw, JSON-escaped, PEM body on one line),
 * and so is the userinfo of any URL (`https://user:pass@host`).
 *
 * Secrets are found with `indexOf`, one form at a time, not with one regular expression over every
 * form: a PEM key has dozens of forms, and compiling them into one pattern cost more than the
 * masking itself.
 */
export interface Redactor {
  /** Register a secret value under a name (shown in the mask). Values under 4 characters are ignored. */
  add(name: string, value: string | undefined): void;
  redact(text: string): string;
  /** The secrets registered so far, as given (for checks that nothing written contains one). */
  known(): Array<{ name: string; value: string }>;
  /** Redact every string inside a JSON-like value. */
  redactDeep<T>(value: T): T;
  /** The same, rewriting the value's strings where they are: no second copy of a large result. */
  redactInPlace(value: object): void;
}

/**
 * Shorter secrets cannot be masked safely (they occur by chance in any body): the loader refuses
 * them (E_SECRET_TOO_SHORT).
 */
export const MIN_SECRET_LENGTH = 4;

/** `scheme://user:pass@` → the userinfo, whatever the scheme. */
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@"'<>\\]+)@/gi;
const USERINFO_MASK = '«userinfo:redacted»';

/** Mask the userinfo of every URL in `text`. */
export function maskUserinfo(text: string): string {
  if (!text.includes('@')) return text;
  return text.replace(USERINFO, `$1${USERINFO_MASK}@`);
}

function variants(value: string): string[] {
  const forms = new Set([value, JSON.stringify(value).slice(1, -1)]);
  const pemBody = /-----BEGIN [^-]+-----([\s\S]*?)-----END/.exec(value);
  if (pemBody?.[1]) {
    forms.add(pemBody[1].replace(/\s+|\\n/g, ''));
    for (const line of pemBody[1].split(/\r?\n|\\n/)) if (line.trim().length >= 16) forms.add(line.trim());
  }
  return [...forms].filter((f) => f.length >= MIN_SECRET_LENGTH);
}

interface Hit {
  start: number;
  end: number;
  mask: string;
}

/** Past this many forms, a text is scanned once through an index of their first characters. */
const INDEXED_FROM = 64;

/**
 * Every occurrence of each form, each form's occurrences searched from the end of its last one
 * (as `indexOf` from there finds them). One `indexOf` per form is fastest for a few forms; a run
 * that captures a token per request holds thousands, so past INDEXED_FROM the text is read once
 * and each position looked up by its first MIN_SECRET_LENGTH characters.
 */
function findHits(
  text: string,
  forms: string[],
  byPrefix: Map<string, string[]>,
  masks: Map<string, string>,
): Hit[] {
  const hits: Hit[] = [];
  const mask = (form: string): string => masks.get(form) ?? '«redacted»';
  if (forms.length < INDEXED_FROM) {
    for (const form of forms)
      for (let at = text.indexOf(form); at !== -1; at = text.indexOf(form, at + form.length))
        hits.push({ start: at, end: at + form.length, mask: mask(form) });
    return hits;
  }
  const searchFrom = new Map<string, number>();
  for (let at = 0; at + MIN_SECRET_LENGTH <= text.length; at++) {
    const candidates = byPrefix.get(text.slice(at, at + MIN_SECRET_LENGTH));
    if (!candidates) continue;
    for (const form of candidates) {
      if ((searchFrom.get(form) ?? 0) > at || !text.startsWith(form, at)) continue;
      hits.push({ start: at, end: at + form.length, mask: mask(form) });
      searchFrom.set(form, at + form.length);
    }
  }
  return hits;
}

export function createRedactor(): Redactor {
  const masks = new Map<string, string>();
  const originals = new Map<string, string>();
  const forms: string[] = [];
  /** Forms by their first MIN_SECRET_LENGTH characters. */
  const byPrefix = new Map<string, string[]>();
  const maskSecrets = (text: string): string => {
    const hits = findHits(text, forms, byPrefix, masks);
    if (hits.length === 0) return text;
    // Where two forms start at one place, the longer one is masked.
    hits.sort((a, b) => a.start - b.start || b.end - a.end);
    let out = '';
    let done = 0;
    for (const hit of hits) {
      if (hit.start < done) {
        // Overlaps a masked stretch: mask the union, so no character of either secret survives.
        done = Math.max(done, hit.end);
        continue;
      }
      out += text.slice(done, hit.start) + hit.mask;
      done = hit.end;
    }
    return out + text.slice(done);
  };
  const redactor: Redactor = {
    add(name, value) {
      if (!value) return;
      if (value.length >= MIN_SECRET_LENGTH) originals.set(value, name);
      for (const form of variants(value)) {
        if (masks.has(form)) continue;
        masks.set(form, `«${name}:redacted»`);
        forms.push(form);
        const prefix = form.slice(0, MIN_SECRET_LENGTH);
        byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), form]);
      }
    },
    known() {
      return [...originals].map(([value, name]) => ({ name, value }));
    },
    redact(text) {
      return maskUserinfo(forms.length ? maskSecrets(text) : text);
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
