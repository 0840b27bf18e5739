/** Base64 and hex helpers (the sandbox has no TextEncoder and we avoid its deprecated atob/btoa). */

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes standard or URL-safe base64; whitespace is ignored. Returns null when it is not base64. */
export function base64ToBytes(text: string): Uint8Array | null {
  const s = text.replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]*$/.test(s) || s.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((s.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let i = 0; i < s.length; i++) {
    acc = (acc << 6) | B64.indexOf(s.charAt(i));
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

export function hexToBase64(hex: string): string {
  let out = '';
  for (let i = 0; i < hex.length; i += 6) {
    const chunk = hex.slice(i, i + 6);
    const n = parseInt((chunk + '000000').slice(0, 6), 16);
    const bytes = chunk.length / 2;
    for (let j = 0; j < 4; j++) out += j <= bytes ? B64.charAt((n >> (18 - 6 * j)) & 63) : '=';
  }
  return out;
}

export function bytesToHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += (bytes[i]! < 16 ? '0' : '') + bytes[i]!.toString(16);
  return out;
}
