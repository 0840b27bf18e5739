/**
 * Reads an RSA private key from the forms banks hand out: PKCS#8 or PKCS#1 PEM (also with its
 * newlines written as literal `\n`, as environment variables carry them), or bare base64 DER
 * without armour (NICEPAY SDK style, PKCS#8 or PKCS#1). Encrypted keys are refused.
 */
import { base64ToBytes, type Bytes } from './encoding.ts';
import { fail } from './fail.ts';

/**
 * The RSAPrivateKey integers in their ASN.1 order, then the modulus length in bytes. A tuple
 * rather than an object: property names would stay in the minified bundle.
 */
export type RsaPrivateKey = [
  n: bigint,
  e: bigint,
  d: bigint,
  p: bigint,
  q: bigint,
  dp: bigint,
  dq: bigint,
  qinv: bigint,
  k: number,
];

/** One DER element: tag, start of its contents, end. A tuple keeps the minified bundle small. */
type Tlv = [tag: number, start: number, end: number];

/** A malformed key; parsePrivateKey words the message. */
const bad: (why: string) => never = (why) => {
  throw new Error(why);
};

const readTlv = (b: Bytes, pos: number, limit: number): Tlv => {
  // Past the end, len is NaN: the checks below then call it truncated.
  let len = b[pos + 1] ?? NaN;
  let start = pos + 2;
  if (len & 0x80 && start <= limit) {
    const end = start + (len & 0x7f);
    if (end === start || end > start + 4 || end > limit) bad('bad DER length');
    for (len = 0; start < end;) len = len * 256 + (b[start++] ?? NaN);
  }
  // Also when the header itself runs past the limit (start > limit, len maybe undefined → NaN).
  if (!(start + len <= limit)) bad('truncated DER');
  return [b[pos] ?? NaN, start, start + len];
};

/** The children of a constructed element. */
const children = (b: Bytes, [, start, end]: Tlv): Tlv[] => {
  const out: Tlv[] = [];
  for (let pos = start, t; pos < end; pos = t[2]) out.push((t = readTlv(b, pos, end)));
  return out;
};

/** The bytes from `start` to `end` as an unsigned big-endian number. */
const unsigned = (b: Bytes, [, start, end]: Tlv): bigint =>
  b.slice(start, end).reduce((v, x) => (v << 8n) | BigInt(x), 0n);

const integer = (b: Bytes, t: Tlv | undefined): bigint =>
  !t || t[0] !== 2 || t[1] === t[2] ? bad('expected INTEGER') : unsigned(b, t);

const pkcs1 = (b: Bytes, t: Tlv): RsaPrivateKey => {
  if (t[0] !== 0x30) bad('expected SEQUENCE');
  const c = children(b, t);
  if (c.length < 9 || integer(b, c[0]) !== 0n) bad('not a two-prime RSAPrivateKey');
  const ints = c.slice(1, 9).map((x) => integer(b, x));
  const [n, , , p, q] = ints as [bigint, bigint, bigint, bigint, bigint];
  const bits = n.toString(2).length;
  if (bits < 512 || bits > 16384 || p * q !== n) bad('inconsistent RSA key');
  return [...ints, Math.ceil(bits / 8)] as RsaPrivateKey;
};

/** The key in `der`; undefined when it is an EncryptedPrivateKeyInfo. */
const fromDer = (der: Bytes): RsaPrivateKey | undefined => {
  const top = readTlv(der, 0, der.length);
  if (top[0] !== 0x30 || top[2] !== der.length) bad('not a DER SEQUENCE');
  const c = children(der, top);
  const tags = c.map((t) => t[0]).join();
  // EncryptedPrivateKeyInfo ::= SEQUENCE { AlgorithmIdentifier, OCTET STRING }: no version INTEGER.
  if (tags === '48,4') return undefined;
  // PKCS#8 PrivateKeyInfo ::= SEQUENCE { INTEGER version, AlgorithmIdentifier, OCTET STRING key, … }
  if (!/^\d+,48,4\b/.test(tags)) return pkcs1(der, top);
  const alg = c[1] && children(der, c[1])[0];
  // OID 1.2.840.113549.1.1.1 rsaEncryption, read with the length byte before it (9) so that the
  // comparison is exact even for contents with leading zero bytes.
  if (!alg || alg[0] !== 6 || unsigned(der, [6, alg[1] - 1, alg[2]]) !== 0x092a864886f70d010101n) {
    bad('PKCS#8 key of another algorithm');
  }
  const [, start, end] = c[2] ?? bad('not a PKCS#8 key');
  return pkcs1(der, readTlv(der, start, end));
};

/**
 * Parses `text` into an RSA private key. `label` names the variable in error messages.
 * Throws `kontrak: <label> is an encrypted PEM; supply it decrypted` or
 * `kontrak: <label> is not an RSA private key (…)`.
 */
export const parsePrivateKey = (text: string, label: string): RsaPrivateKey => {
  const notRsa: (why: string) => never = (why) => fail(label + ' is not an RSA private key (' + why + ')');
  const encrypted = (form: string) => fail(label + ' is an encrypted ' + form + '; supply it decrypted');
  const s = text
    .trim()
    .replace(/^"([^]*)"$/, '$1')
    .replace(/\\r\\n|\\[nr]/g, '\n');
  const pem = /-----BEGIN ([A-Z0-9 ]+)-----([^]*?)-----END \1-----/.exec(s);
  let der: Bytes | null;
  if (pem) {
    const [, type, body] = pem as unknown as [string, string, string]; // both groups always match
    if (/ENCRYPTED/.test(type) || /Proc-Type:\s*4,ENCRYPTED/i.test(body)) encrypted('PEM');
    if (!/^(RSA )?PRIVATE KEY$/.test(type)) notRsa('PEM type "' + type + '"');
    der = base64ToBytes(body.replace(/^[A-Za-z-]+:.*$/gm, ''));
  } else {
    if (s.includes('-----BEGIN')) notRsa('unterminated PEM');
    der = base64ToBytes(s);
  }
  if (!der || der.length < 64) notRsa(pem ? 'bad base64 in PEM' : 'neither PEM nor base64 DER');
  let key: RsaPrivateKey | undefined;
  try {
    key = fromDer(der);
  } catch (err) {
    notRsa((err as Error).message);
  }
  return key || encrypted(pem ? 'PEM' : 'key');
};
