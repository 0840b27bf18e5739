/**
 * What the mock refuses in a request body before any route sees it, each a 400xx00 (or BRI 400):
 * a charset other than UTF-8 (signatures are over the bytes; re-decoding them would verify
 * something the client never signed), bytes that are not UTF-8, and JSON nested deeper than any
 * bank API (a recursive check would otherwise overflow the stack: a 500).
 */

/** Deepest JSON nesting accepted; real SNAP bodies stay under 6. */
export const MAX_JSON_DEPTH = 64;

/** Charsets whose bytes are UTF-8 as they are. */
const UTF8_CHARSETS = new Set(['utf-8', 'utf8', 'us-ascii', 'ascii']);

export type DecodedBody = { ok: true; text: string } | { ok: false; reason: string };

/** The declared charset, lower-case, or undefined when none is declared. */
export function declaredCharset(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return match?.[1]?.toLowerCase();
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The body as text, honouring its declared charset, or why it is refused. */
export function decodeBody(bytes: Buffer, contentType: string | undefined): DecodedBody {
  const charset = declaredCharset(contentType);
  if (charset !== undefined && !UTF8_CHARSETS.has(charset))
    return { ok: false, reason: `charset ${charset} is not supported: send the body as UTF-8` };
  try {
    return { ok: true, text: strictUtf8.decode(bytes) };
  } catch {
    return { ok: false, reason: 'The body is not valid UTF-8' };
  }
}

/** How deep `text`'s JSON arrays and objects nest (strings skipped), stopping past `limit`. */
export function jsonDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}
