/** The pure modules of scripts/, imported directly in Node (the sandbox tests run the bundle). */
import { createHash, createHmac, generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { briV2Payload, encodeUrl, minifyJson, signedPath } from '../../scripts/signing-contract.ts';
import { tamperSignature } from '../../scripts/crypto.ts';
import { parsePrivateKey } from '../../scripts/der.ts';
import { createExternalIdGenerator } from '../../scripts/external-id.ts';
import { hexToBase64, base64ToBytes } from '../../scripts/encoding.ts';
import { modPow, rsaSignDigestHex } from '../../scripts/rsa.ts';
import { parseDirective } from '../../scripts/sign-request.ts';
import { formatTimestamp, jakartaTimeOfDay } from '../../scripts/timestamp.ts';

describe('minifyJson', () => {
  it('drops whitespace between tokens and keeps key order and string contents', () => {
    const raw = '{\n  "b": "  two  spaces ",\n  "a": [ 1, 2 ],\n  "t": "tab\\there \\" q"\n}';
    expect(minifyJson(raw)).toBe('{"b":"  two  spaces ","a":[1,2],"t":"tab\\there \\" q"}');
    expect(minifyJson(raw)).toBe(JSON.stringify(JSON.parse(raw)));
  });

  it('keeps number spellings, big integers and escapes byte-for-byte', () => {
    const raw = '{ "amount": 10000.00, "id": 123456789012345678901, "e": "\\u00e9\\/" }';
    expect(minifyJson(raw)).toBe('{"amount":10000.00,"id":123456789012345678901,"e":"\\u00e9\\/"}');
  });

  it('leaves non-JSON alone', () => {
    expect(minifyJson('a=1&b=two words')).toBe('a=1&b=two words');
    expect(minifyJson('')).toBe('');
    expect(minifyJson('{"broken": ')).toBe('{"broken": ');
  });

  it('reproduces the Midtrans vector body hash after pretty-printing', () => {
    const body =
      '{"partnerReferenceNo":"2020102900000000000001","amount":{"value":"12345678.00","currency":"IDR"},"feeAmount":{"value":"12345678.00","currency":"IDR"},"merchantId":"00007100010926","terminalId":"213141251124","validityPeriod":"2009-07-03T12:08:56-07:00"}';
    const pretty = JSON.stringify(JSON.parse(body), null, 2);
    expect(createHash('sha256').update(minifyJson(pretty)).digest('hex')).toBe(
      '01463f60dbb6ca538581579dd95b31c8ba9fc6600eca750e4d8460ca4e402111',
    );
  });
});

describe('encodeUrl', () => {
  it('percent-encodes path and query as UTF-8 and keeps existing escapes', () => {
    expect(encodeUrl('http://h:8080/p/Zoë x/%2F?q=hello world&v=a b/c&plus=a+b&pct=100%&e=&flag')).toBe(
      'http://h:8080/p/Zo%C3%AB%20x/%2F?q=hello%20world&v=a%20b/c&plus=a+b&pct=100%25&e=&flag',
    );
  });

  it('encodes emoji as 4 UTF-8 bytes, quotes in the query, drops the fragment', () => {
    expect(encodeUrl("https://h/a'b/😀?x='y'&z={1}|^`\"<>#frag")).toBe(
      "https://h/a'b/%F0%9F%98%80?x=%27y%27&z=%7B1%7D%7C%5E%60%22%3C%3E",
    );
  });

  it('is idempotent', () => {
    const once = encodeUrl('http://h/ä ö/%zz?q=ü ü&%41');
    expect(encodeUrl(once)).toBe(once);
  });
});

describe('signedPath', () => {
  it('strips the prefix only at a segment boundary, with or without its trailing slash', () => {
    expect(signedPath('/nicepay/api/v1.0/x?a=1', '/nicepay', 'excluded')).toBe('/api/v1.0/x');
    expect(signedPath('/nicepay/api/v1.0/x?a=1', '/nicepay/', 'as-sent')).toBe('/api/v1.0/x?a=1');
    expect(signedPath('/nicepayx/api', '/nicepay', 'excluded')).toBe('/nicepayx/api');
    expect(signedPath('/snap/v1.0/x', '', 'excluded')).toBe('/snap/v1.0/x');
    expect(signedPath('/nicepay?x=1', '/nicepay', 'as-sent')).toBe('/?x=1');
  });

  it('keeps, sorts or drops the query string as the policy says', () => {
    const url = '/v1.0/x?b=2&a=2&a=1&c';
    expect(signedPath(url, '', 'as-sent')).toBe('/v1.0/x?b=2&a=2&a=1&c');
    expect(signedPath(url, '', 'sorted')).toBe('/v1.0/x?a=1&a=2&b=2&c');
    expect(signedPath(url, '', 'excluded')).toBe('/v1.0/x');
    expect(signedPath('/v1.0/x', '', 'sorted')).toBe('/v1.0/x');
    expect(signedPath('/v1.0/x?', '', 'as-sent')).toBe('/v1.0/x?');
  });
});

describe('formatTimestamp', () => {
  const t = Date.UTC(2024, 2, 5, 10, 37, 16, 196); // 2024-03-05T10:37:16.196Z
  it('formats the three formats', () => {
    expect(formatTimestamp(t, 'snap')).toBe('2024-03-05T17:37:16+07:00');
    expect(formatTimestamp(t, 'snap-millis')).toBe('2024-03-05T17:37:16.196+07:00');
    expect(formatTimestamp(t, 'utc-millis')).toBe('2024-03-05T10:37:16.196Z');
  });
  it('rolls the Jakarta date over at 17:00 UTC', () => {
    const late = Date.UTC(2023, 11, 31, 17, 0, 0, 5);
    expect(formatTimestamp(late, 'snap')).toBe('2024-01-01T00:00:00+07:00');
    expect(formatTimestamp(late, 'utc-millis')).toBe('2023-12-31T17:00:00.005Z');
    expect(jakartaTimeOfDay(late).ms).toBe(5);
  });
  it('rejects unknown formats', () => {
    expect(() => formatTimestamp(t, 'local' as never)).toThrow(/unknown timestampFormat/);
  });
});

describe('external ids', () => {
  it('are numeric, of the asked length, and unique within a run even in one millisecond', () => {
    const next = createExternalIdGenerator(() => 0.5);
    const t = Date.UTC(2024, 0, 1, 3, 0, 0); // 10:00 Jakarta
    const ids = Array.from({ length: 1000 }, (_, i) => next(t + Math.floor(i / 10), 9));
    expect(new Set(ids).size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[1-9]\d{8}$/);
    expect(ids[0]).toBe('5' + '36000000');
  });

  it('differ between runs by the run part and follow the clock', () => {
    const a = createExternalIdGenerator(() => 0.1);
    const b = createExternalIdGenerator(() => 0.9);
    const t = Date.UTC(2024, 0, 1, 3, 0, 0);
    expect(a(t, 20)).not.toBe(b(t, 20));
    expect(a(t, 20)).toMatch(/^[1-9]\d{19}$/);
    const first = a(t, 9);
    const later = a(t + 1000, 9);
    expect(Number(later.slice(1)) - Number(first.slice(1))).toBe(1000);
    expect(later.charAt(0)).toBe(first.charAt(0)); // one run part per run
  });

  it('fit short lengths with a coarser clock, still strictly increasing', () => {
    const next = createExternalIdGenerator(Math.random);
    const t = Date.UTC(2024, 0, 1, 16, 59, 59, 0); // 23:59:59 Jakarta
    const ids = [next(t, 6), next(t, 6), next(t, 6)];
    expect(ids.map(Number)).toEqual([863990, 863991, 863992]);
    expect(next(t + 2000, 6)).toBe('000010'); // new Jakarta day: starts again from the clock
    expect(() => next(t, 0)).toThrow(/externalIdDigits/);
  });
});

describe('parseDirective', () => {
  it('reads scheme, provider and tamper', () => {
    expect(parseDirective('snap-transaction; provider=nicepay')).toEqual({
      scheme: 'snap-transaction',
      provider: 'nicepay',
    });
    expect(parseDirective(' bri-v2 ;provider=bri; tamper=signature ')).toEqual({
      scheme: 'bri-v2',
      provider: 'bri',
      tamper: 'signature',
    });
  });
  it('rejects unknown schemes, parameters and a missing provider', () => {
    expect(() => parseDirective('hmac; provider=x')).toThrow(/unknown scheme "hmac"/);
    expect(() => parseDirective('snap-token; provider=x; foo=1')).toThrow(/unknown parameter "foo=1"/);
    expect(() => parseDirective('snap-token')).toThrow(/lacks provider/);
  });
});

describe('tamperSignature', () => {
  it('changes exactly the first character and keeps the encoding valid', () => {
    for (const s of ['AAAA', 'wmzT7y==', '0abc', 'c26cd3', 'zzz']) {
      const t = tamperSignature(s);
      expect(t).not.toBe(s);
      expect(t.slice(1)).toBe(s.slice(1));
    }
    expect(tamperSignature('c26cd3')).toMatch(/^[0-9a-f]+$/);
    expect(tamperSignature('wmzT7y==')).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });
});

describe('encoding', () => {
  it('hexToBase64 matches Buffer for all tail lengths', () => {
    for (const hex of ['', 'ff', 'ff00', 'ff0001', 'deadbeefcafe01', '00'.repeat(256)]) {
      expect(hexToBase64(hex)).toBe(Buffer.from(hex, 'hex').toString('base64'));
    }
  });
  it('base64ToBytes matches Buffer and rejects non-base64', () => {
    const b64 = Buffer.from('any carnal pleas\u00e9').toString('base64');
    expect(Buffer.from(base64ToBytes(b64)!)).toEqual(Buffer.from('any carnal pleas\u00e9'));
    expect(base64ToBytes('not base64!')).toBeNull();
  });
});

describe('RSA in Node (the sandbox tests repeat this on the bundle)', () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

  it('modPow agrees with BigInt arithmetic', () => {
    const m = 1000000007n;
    let naive = 1n;
    for (let i = 0; i < 1234; i++) naive = (naive * 987654321n) % m;
    expect(modPow(987654321n, 1234n, m)).toBe(naive);
    expect(modPow(5n, 0n, 7n)).toBe(1n);
  });

  it('signs a digest byte-identically to crypto.sign', () => {
    const msg = 'POST:/v1.0/x:Zoë ✓ 😀:2024-01-01T00:00:00+07:00';
    const digest = createHash('sha256').update(msg, 'utf8').digest('hex');
    const ours = rsaSignDigestHex(parsePrivateKey(pem, 'k'), digest);
    expect(ours).toBe(nodeSign('sha256', Buffer.from(msg, 'utf8'), privateKey).toString('hex'));
  });

  it('refuses encrypted and non-RSA keys with clear messages', () => {
    const enc = privateKey
      .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' })
      .toString();
    expect(() => parsePrivateKey(enc, 'nicepay_private_key')).toThrow(
      'kontrak: nicepay_private_key is an encrypted PEM; supply it decrypted',
    );
    const encDer = privateKey
      .export({ type: 'pkcs8', format: 'der', cipher: 'aes-256-cbc', passphrase: 'pw' })
      .toString('base64');
    expect(() => parsePrivateKey(encDer, 'k')).toThrow('kontrak: k is an encrypted key; supply it decrypted');
    const legacyEnc = privateKey
      .export({ type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' })
      .toString();
    expect(() => parsePrivateKey(legacyEnc, 'k')).toThrow(/encrypted PEM/);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    expect(() => parsePrivateKey(ec, 'k')).toThrow(/^kontrak: k is not an RSA private key/);
    expect(() => parsePrivateKey('garbage', 'k')).toThrow(/^kontrak: k is not an RSA private key/);
    expect(() => parsePrivateKey('', 'k')).toThrow(/^kontrak: k is not an RSA private key/);
    const pub = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    expect(() => parsePrivateKey(pub, 'k')).toThrow(/not an RSA private key \(PEM type "PUBLIC KEY"\)/);
    // a valid-looking DER with a modulus that is not p*q
    const der = privateKey.export({ type: 'pkcs1', format: 'der' });
    const broken = Buffer.from(der);
    broken[20] = broken[20]! ^ 0xff;
    expect(() => parsePrivateKey(broken.toString('base64'), 'k')).toThrow(/not an RSA private key/);
  });

  it('builds the BRI v2 payload of the derived vector', () => {
    const payload = briV2Payload(
      '/v2.0/mpn/inquiryBilling',
      'post',
      'R04XSUbnm1GXNmDiXx9ysWMpFWBr',
      '2024-01-25T06:36:23.000Z',
      '{"hello":"world"}',
    );
    expect(createHmac('sha256', 'secret').update(payload).digest('base64')).toBe(
      '33DufgdDNctT4mJ2O+LcLlDAHUA4JMAul4Y7uGAZT9M=',
    );
  });
});
