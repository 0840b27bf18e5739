import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  checkTimestamp,
  formatJakartaTimestamp,
  jakartaDay,
  parseSnapTimestamp,
} from '../../src/mock/gate/time.ts';
import { headerSafe, hmacSha512, verifyHmacSha512, verifyRsaSha256 } from '../../src/mock/gate/verify.ts';

describe('SNAP timestamps', () => {
  it('parses +07:00, milliseconds, other offsets and Z', () => {
    const expected = Date.UTC(2024, 2, 5, 10, 37, 16);
    expect(parseSnapTimestamp('2024-03-05T17:37:16+07:00')).toEqual({ ok: true, epochMs: expected });
    expect(parseSnapTimestamp('2024-03-05T17:37:16.250+07:00')).toEqual({
      ok: true,
      epochMs: expected + 250,
    });
    expect(parseSnapTimestamp('2024-03-05T10:37:16Z')).toEqual({ ok: true, epochMs: expected });
    expect(parseSnapTimestamp('2024-03-05T05:37:16-05:00')).toEqual({ ok: true, epochMs: expected });
  });

  it('rejects other formats and impossible dates', () => {
    for (const bad of [
      '2024-03-05 17:37:16+07:00',
      '2024-03-05T17:37:16',
      '2024-02-31T10:00:00+07:00',
      '2024-03-05T24:00:00+07:00',
      '1709631436',
      '',
    ]) {
      expect(parseSnapTimestamp(bad).ok, bad).toBe(false);
    }
  });

  it('enforces the skew window and names X-TIMESTAMP', () => {
    const now = Date.UTC(2024, 2, 5, 10, 37, 16);
    expect(checkTimestamp('2024-03-05T17:40:00+07:00', now, 300)).toBeUndefined();
    expect(checkTimestamp('2024-03-05T17:20:00+07:00', now, 300)).toMatch(
      /^X-TIMESTAMP is 1036s in the past/,
    );
    expect(checkTimestamp(undefined, now, 300)).toMatch(/X-TIMESTAMP/);
  });

  it('writes Jakarta time', () => {
    const now = Date.UTC(2024, 2, 5, 20, 0, 0);
    expect(formatJakartaTimestamp(now)).toBe('2024-03-06T03:00:00+07:00');
    expect(jakartaDay(now)).toBe('20240306');
  });
});

describe('signature verification', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

  it('verifies RSA signatures made by Node and rejects junk without throwing', () => {
    const sig = sign('sha256', Buffer.from('CLIENT|2024-03-05T17:37:16+07:00'), privateKey).toString(
      'base64',
    );
    expect(
      verifyRsaSha256({ data: 'CLIENT|2024-03-05T17:37:16+07:00', signatureBase64: sig, publicKey }),
    ).toBe(true);
    expect(
      verifyRsaSha256({ data: 'CLIENT|2024-03-05T17:37:17+07:00', signatureBase64: sig, publicKey }),
    ).toBe(false);
    for (const junk of ['', 'abc', '!!!!', 'AAAA', sig.slice(4), `${sig}AAAA`]) {
      expect(verifyRsaSha256({ data: 'x', signatureBase64: junk, publicKey })).toBe(false);
    }
  });

  it('verifies HMAC in base64 and hex', () => {
    const b64 = hmacSha512('data', 'secret', 'base64');
    expect(verifyHmacSha512({ data: 'data', signature: b64, secret: 'secret', encoding: 'base64' })).toBe(
      true,
    );
    expect(verifyHmacSha512({ data: 'data', signature: b64, secret: 'other', encoding: 'base64' })).toBe(
      false,
    );
    const hex = hmacSha512('data', 'secret', 'hex');
    expect(
      verifyHmacSha512({ data: 'data', signature: hex.toUpperCase(), secret: 'secret', encoding: 'hex' }),
    ).toBe(true);
    expect(verifyHmacSha512({ data: 'data', signature: '', secret: 'secret', encoding: 'hex' })).toBe(false);
  });

  it('makes echoed values header-safe', () => {
    expect(headerSafe('a|b\r\nc\u00e9')).toBe('a|b%0D%0Ac%E9');
  });
});
