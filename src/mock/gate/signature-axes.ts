/**
 * The axes on which real clients build a string to sign differently from the bank, each as the
 * alternatives of the signing contract's inputs a client may have used: query string (as sent,
 * sorted, left out), body (as sent, minified, as a JSON parser re-writes it, with `\\uXXXX`
 * escapes), path prefix (kept or stripped), signature encoding (hex or base64), `Bearer ` in the
 * token segment, and the timestamp re-formatted. signature-variants.ts combines them.
 */
import { formatTimestamp } from '../../../scripts/timestamp.ts';
import {
  isRsaScheme,
  minifyJson,
  signedBody,
  signedPath,
  timestampHeader,
  type SignedParts,
  type SigningPolicy,
  type SignQuery,
} from '../../../scripts/signing-contract.ts';
import { parseSnapTimestamp } from './time.ts';

export type VariantAxis = 'query' | 'body' | 'path' | 'encoding' | 'bearer' | 'timestamp';

/** One way the client differs from the bank, in words: what it signed, what the bank signs, the fix. */
export interface Deviation {
  axis: VariantAxis;
  valid: string;
  bank: string;
  fix: string;
}

export interface Variant {
  stringToSign: string;
  encoding: 'base64' | 'hex';
  deviations: Deviation[];
}

/** A variant being built: the contract's inputs, and a last rewrite of the string to sign. */
export interface Draft {
  parts: SignedParts;
  policy: SigningPolicy;
  encoding: 'base64' | 'hex';
  rewrite?: (stringToSign: string) => string;
}

export interface Alternative {
  deviation: Deviation;
  apply(draft: Draft): void;
}

const QUERY_WORDS: Record<SignQuery, string> = {
  'as-sent': 'the query string as sent',
  sorted: 'the query parameters sorted by name',
  excluded: 'the path without its query string',
};

export function queryAlternatives(parts: SignedParts, policy: SigningPolicy): Alternative[] {
  if (!parts.pathWithQuery.includes('?')) return [];
  const expected = signedPath(parts.pathWithQuery, policy.signedPathStripPrefix, policy.signQuery);
  return (['as-sent', 'sorted', 'excluded'] as const)
    .filter((mode) => signedPath(parts.pathWithQuery, policy.signedPathStripPrefix, mode) !== expected)
    .map((mode) => ({
      deviation: {
        axis: 'query',
        valid: QUERY_WORDS[mode],
        bank: `this bank signs ${QUERY_WORDS[policy.signQuery]}`,
        fix: `sign ${QUERY_WORDS[policy.signQuery]}`,
      },
      apply: (d) => (d.policy = { ...d.policy, signQuery: mode }),
    }));
}

export function pathAlternatives(parts: SignedParts, policy: SigningPolicy): Alternative[] {
  const path = parts.pathWithQuery.split('?', 1)[0] ?? '';
  const expected = signedPath(path, policy.signedPathStripPrefix, 'excluded');
  if (expected !== path) {
    const prefix = policy.signedPathStripPrefix.replace(/\/+$/, '');
    return [
      {
        deviation: {
          axis: 'path',
          valid: `the path with its \`${prefix}\` prefix (\`${path}\`)`,
          bank: `this bank signs the path without \`${prefix}\` (\`${expected}\`)`,
          fix: `leave \`${prefix}\` out of the signed path`,
        },
        apply: (d) => (d.policy = { ...d.policy, signedPathStripPrefix: '' }),
      },
    ];
  }
  // Leading segments a client may have left out (`/snap` of `/snap/v1.0/…`), at most three.
  const segments = path.split('/').slice(1, -1);
  return segments.slice(0, 3).map((_, i) => {
    const prefix = `/${segments.slice(0, i + 1).join('/')}`;
    return {
      deviation: {
        axis: 'path',
        valid: `the path without \`${prefix}\` (\`${path.slice(prefix.length)}\`)`,
        bank: `this bank signs the full path \`${path}\``,
        fix: 'sign the full request path',
      },
      apply: (d) => (d.policy = { ...d.policy, signedPathStripPrefix: prefix }),
    };
  });
}

/** What a JSON parser re-writes in `text`: `\/`, `\u00e9`-style escapes, number spellings like `1.0`. */
export function parserRewrites(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/("(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g)) {
    if (m[1] !== undefined) {
      if (m[1].includes('\\/')) found.add('`\\/`');
      const [escape, hex = ''] = /\\u([0-9a-fA-F]{4})/.exec(m[1]) ?? [];
      // JSON.stringify keeps \u only for control characters and lone surrogates.
      if (escape && Number.parseInt(hex, 16) >= 0x20 && !/^d[89a-f]/i.test(hex)) found.add(`\`${escape}\``);
    } else if (m[2] !== undefined && String(Number(m[2])) !== m[2]) found.add(`\`${m[2]}\``);
    if (found.size >= 3) break;
  }
  return [...found];
}

/** `text` with every non-ASCII character written as a JSON `\\uXXXX` escape (UTF-16 code units). */
function escapeNonAscii(text: string): string {
  return text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function bodyAlternatives(parts: SignedParts, policy: SigningPolicy): Alternative[] {
  const raw = parts.body;
  const expected = signedBody(raw, policy.bodyHash);
  const verb = parts.scheme === 'bri-v2' ? 'embeds' : 'hashes';
  const bank =
    policy.bodyHash === 'minified'
      ? `this bank ${verb} the minified body (whitespace between tokens removed, everything else as sent)`
      : `this bank ${verb} the body exactly as received`;
  const spaced = minifyJson(raw) !== raw;
  let parsed: string | undefined;
  try {
    parsed = raw.trim() === '' ? undefined : JSON.stringify(JSON.parse(raw));
  } catch {
    parsed = undefined;
  }
  const rewrites = parserRewrites(raw);
  const forms: Array<[string, Deviation]> = [
    [
      raw,
      {
        axis: 'body',
        valid: `the body as sent (${spaced ? 'with whitespace between tokens' : 'byte for byte'})`,
        bank,
        fix: 'hash the body with the whitespace between tokens removed, or send the minified JSON you hashed',
      },
    ],
    [
      minifyJson(raw),
      {
        axis: 'body',
        valid: 'the minified body, but the body was sent with whitespace between tokens',
        bank,
        fix: 'send exactly the text you hashed',
      },
    ],
  ];
  if (parsed !== undefined)
    forms.push([
      parsed,
      {
        axis: 'body',
        valid: `the body as a JSON parser re-writes it${rewrites.length ? ` (the body as sent contains ${rewrites.join(', ')})` : ''}`,
        bank,
        fix: `hash the exact text you send instead of re-serialising it${rewrites.includes('`\\/`') ? ', or send JSON without escaped slashes' : ''}`,
      },
    ]);
  const escaped = escapeNonAscii(raw);
  if (escaped !== raw) {
    const shown = [...new Set(escaped.match(/\\u[0-9a-f]{4}/g) ?? [])].slice(0, 3).map((e) => `\`${e}\``);
    const deviation: Deviation = {
      axis: 'body',
      valid: `the body with its non-ASCII characters written as \\uXXXX escapes (${shown.join(', ')}), as PHP's json_encode and Python's json.dumps write them, but the body was sent as UTF-8`,
      bank,
      fix: 'send the exact text you hashed, or hash the UTF-8 text you send (JSON_UNESCAPED_UNICODE, ensure_ascii=False)',
    };
    forms.push([escaped, deviation], [minifyJson(escaped), deviation]);
  }
  const seen = new Set([expected]);
  return forms
    .filter(([text]) => !seen.has(text) && (seen.add(text), true))
    .map(([text, deviation]) => ({
      deviation,
      apply: (d) => {
        d.parts = { ...d.parts, body: text };
        d.policy = { ...d.policy, bodyHash: 'as-sent' };
      },
    }));
}

export function encodingAlternatives(parts: SignedParts, encoding: 'base64' | 'hex'): Alternative[] {
  const other = encoding === 'hex' ? 'base64' : 'hex';
  const what = isRsaScheme(parts.scheme) ? 'RSA signature' : 'HMAC';
  return [
    {
      deviation: {
        axis: 'encoding',
        valid: `the ${what} written as ${other}`,
        bank: `this bank expects ${encoding}`,
        fix: `encode the signature as ${encoding}`,
      },
      apply: (d) => (d.encoding = other),
    },
  ];
}

export function bearerAlternatives(parts: SignedParts): Alternative[] {
  if (parts.scheme === 'snap-transaction')
    return [
      {
        deviation: {
          axis: 'bearer',
          valid: '`Bearer ` in the token segment',
          bank: 'this bank signs the bare access token',
          fix: 'leave `Bearer ` out of the string to sign',
        },
        apply: (d) => (d.parts = { ...d.parts, accessToken: `Bearer ${d.parts.accessToken}` }),
      },
    ];
  if (parts.scheme === 'bri-v2')
    return [
      {
        deviation: {
          axis: 'bearer',
          valid: 'the token segment without `Bearer `',
          bank: 'BRI signs `token=Bearer <access token>`',
          fix: 'write `Bearer ` before the token in the signed payload',
        },
        apply: (d) => (d.rewrite = (s) => s.replace('&token=Bearer ', '&token=')),
      },
    ];
  return [];
}

export function timestampAlternatives(parts: SignedParts): Alternative[] {
  const parsed = parseSnapTimestamp(parts.timestamp);
  if (!parsed.ok) return [];
  const at = parsed.epochMs;
  const iso = new Date(at).toISOString();
  const candidates = new Set([
    formatTimestamp(at, 'snap'),
    formatTimestamp(at, 'snap-millis'),
    formatTimestamp(at, 'utc-millis'),
    `${iso.slice(0, 19)}Z`,
  ]);
  candidates.delete(parts.timestamp);
  const header = timestampHeader(parts.scheme);
  return [...candidates].map((text) => ({
    deviation: {
      axis: 'timestamp',
      valid: `the timestamp written as \`${text}\``,
      bank: `the ${header} header says \`${parts.timestamp}\`, and that exact text is signed`,
      fix: `sign the ${header} value verbatim`,
    },
    apply: (d) => (d.parts = { ...d.parts, timestamp: text }),
  }));
}
