/** Base64 and hex helpers (the sandbox has no TextEncoder and we avoid its deprecated atob/btoa). */

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The value of a base64 digit from its char code: A-Z a-z 0-9, then + or -, then / or _. */
const digit = (c: number): number =>
  c > 96 ? c - 71 : c > 94 ? 63 : c > 64 ? c - 65 : c > 47 ? c + 4 : c > 46 ? 63 : 62;

/** Byte values 0-255 (a plain array: shorter in the bundle than a Uint8Array). */
export type Bytes = number[];

/** Decodes standard or URL-safe base64; whitespace is ignored. Returns null when it is not base64. */
export const base64ToBytes = (text: string): Bytes | null => {
  // Whitespace anywhere and the `=` padding at the end do not count.
  const s = text.replace(/\s|=(?=[\s=]*$)/g, '');
  if (!/^[\w+/-]*$/.test(s) || s.length % 4 === 1) return null;
  const out: Bytes = [];
  // Characters 1, 2 and 3 of each group of four complete bytes 0, 1 and 2 (acc keeps the low bits).
  for (let i = 0, acc = 0; i < s.length; i++) {
    acc = (acc << 6) | digit(s.charCodeAt(i));
    if (i & 3) out.push((acc >> (6 - 2 * (i & 3))) & 255);
  }
  return out;
};

/** Node-side twin of what rsaSignBase64 has CryptoJS do in the sandbox (kept out of the bundle). */
export const hexToBase64 = (hex: string): string => {
  let out = '';
  for (let i = 0; i < hex.length; i += 6) {
    const chunk = hex.slice(i, i + 6);
    const n = parseInt(chunk.padEnd(6, '0'), 16);
    for (let j = 0; j < 4; j++) out += j <= chunk.length / 2 ? B64.charAt((n >> (18 - 6 * j)) & 63) : '=';
  }
  return out;
};
