/**
 * Reads an RSA private key from the forms banks hand out: PKCS#8 or PKCS#1 PEM (also with its
 * newlines written as literal `\n`, as environment variables carry them), or bare base64 DER
 * without armour (NICEPAY SDK style, PKCS#8 or PKCS#1). Encrypted keys are refused.
 */
import { base64ToBytes, bytesToHex } from './encoding.ts';

export interface RsaPrivateKey {
  n: bigint;
  e: bigint;
  d: bigint;
  p: bigint;
  q: bigint;
  dp: bigint;
  dq: bigint;
  qinv: bigint;
  /** Modulus length in bytes. */
  k: number;
}

interface Tlv {
  tag: number;
  /** Start of the contents. */
  start: number;
  end: number;
}

const RSA_ENCRYPTION_OID = '2a864886f70d010101'; // 1.2.840.113549.1.1.1

class KeyFormatError extends Error {}

function readTlv(b: Uint8Array, pos: number, limit: number): Tlv {
  if (pos + 2 > limit) throw new KeyFormatError('truncated DER');
  const tag = b[pos]!;
  let len = b[pos + 1]!;
  let start = pos + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n < 1 || n > 4 || start + n > limit) throw new KeyFormatError('bad DER length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[start + i]!;
    start += n;
  }
  const end = start + len;
  if (end > limit) throw new KeyFormatError('truncated DER');
  return { tag, start, end };
}

/** The children of a constructed TLV. */
function children(b: Uint8Array, t: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let pos = t.start; pos < t.end; ) {
    const c = readTlv(b, pos, t.end);
    out.push(c);
    pos = c.end;
  }
  return out;
}

function integer(b: Uint8Array, t: Tlv | undefined): bigint {
  if (!t || t.tag !== 0x02 || t.end === t.start) throw new KeyFormatError('expected INTEGER');
  return BigInt('0x' + bytesToHex(b.subarray(t.start, t.end)));
}

function pkcs1(b: Uint8Array, t: Tlv): RsaPrivateKey {
  if (t.tag !== 0x30) throw new KeyFormatError('expected SEQUENCE');
  const c = children(b, t);
  if (c.length < 9 || integer(b, c[0]) !== 0n) throw new KeyFormatError('not a two-prime RSAPrivateKey');
  const [n, e, d, p, q, dp, dq, qinv] = c.slice(1, 9).map((x) => integer(b, x)) as [
    bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint,
  ];
  const bits = n.toString(2).length;
  if (bits < 512 || bits > 16384 || p * q !== n) throw new KeyFormatError('inconsistent RSA key');
  return { n, e, d, p, q, dp, dq, qinv, k: Math.ceil(bits / 8) };
}

/** Thrown for encrypted keys so the caller can word its message. */
export class EncryptedKeyError extends Error {}

function fromDer(der: Uint8Array): RsaPrivateKey {
  const top = readTlv(der, 0, der.length);
  if (top.tag !== 0x30 || top.end !== der.length) throw new KeyFormatError('not a DER SEQUENCE');
  const c = children(der, top);
  const first = c[0];
  // EncryptedPrivateKeyInfo ::= SEQUENCE { AlgorithmIdentifier, OCTET STRING }: no version INTEGER.
  if (first && first.tag === 0x30 && c.length === 2 && c[1]!.tag === 0x04) throw new EncryptedKeyError();
  // PKCS#8 PrivateKeyInfo ::= SEQUENCE { INTEGER version, AlgorithmIdentifier, OCTET STRING key, … }
  if (c.length >= 3 && c[1]!.tag === 0x30 && c[2]!.tag === 0x04) {
    const alg = children(der, c[1]!)[0];
    if (!alg || alg.tag !== 0x06 || bytesToHex(der.subarray(alg.start, alg.end)) !== RSA_ENCRYPTION_OID) {
      throw new KeyFormatError('PKCS#8 key of another algorithm');
    }
    const inner = c[2]!;
    return pkcs1(der, readTlv(der, inner.start, inner.end));
  }
  return pkcs1(der, top);
}

/**
 * Parses `text` into an RSA private key. `label` names the variable in error messages.
 * Throws `kontrak: <label> is an encrypted PEM; supply it decrypted` or
 * `kontrak: <label> is not an RSA private key (…)`.
 */
export function parsePrivateKey(text: string, label: string): RsaPrivateKey {
  let s = String(text).trim();
  if (s.length > 1 && s.charAt(0) === '"' && s.charAt(s.length - 1) === '"') s = s.slice(1, -1);
  s = s.replace(/\\r\\n|\\n|\\r/g, '\n');
  const notRsa = (why: string) => new Error('kontrak: ' + label + ' is not an RSA private key (' + why + ')');
  let der: Uint8Array | null;
  let armoured = false;
  const pem = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/.exec(s);
  if (pem) {
    armoured = true;
    const type = pem[1]!;
    const body = pem[2]!;
    if (/ENCRYPTED/.test(type) || /Proc-Type:\s*4,ENCRYPTED/i.test(body)) {
      throw new Error('kontrak: ' + label + ' is an encrypted PEM; supply it decrypted');
    }
    if (type !== 'PRIVATE KEY' && type !== 'RSA PRIVATE KEY') throw notRsa('PEM type "' + type + '"');
    der = base64ToBytes(body.replace(/^[A-Za-z-]+:.*$/gm, ''));
  } else if (/-----BEGIN/.test(s)) {
    throw notRsa('unterminated PEM');
  } else {
    der = s ? base64ToBytes(s) : null;
  }
  if (!der || der.length < 64) throw notRsa(armoured ? 'bad base64 in PEM' : 'neither PEM nor base64 DER');
  try {
    return fromDer(der);
  } catch (err) {
    if (err instanceof EncryptedKeyError) {
      throw new Error('kontrak: ' + label + ' is an encrypted ' + (armoured ? 'PEM' : 'key') + '; supply it decrypted');
    }
    throw notRsa(err instanceof Error ? err.message : String(err));
  }
}
