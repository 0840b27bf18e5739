import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createRedactor } from '../src/redact.ts';

describe('createRedactor', () => {
  it('masks a secret wherever it appears, by value', () => {
    const r = createRedactor();
    r.add('nicepay_client_secret', 'topsecret-123');
    expect(r.redact('key=topsecret-123&again=topsecret-123')).toBe(
      'key=«nicepay_client_secret:redacted»&again=«nicepay_client_secret:redacted»',
    );
  });

  it('masks a PEM key raw, JSON-escaped, and as one line of base64', () => {
    const pem = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const r = createRedactor();
    r.add('private_key', pem);
    const body = pem.split('\n').slice(1, -2).join('');
    for (const form of [pem, JSON.stringify(pem), body]) {
      const out = r.redact(`before ${form} after`);
      expect(out).toContain('redacted');
      expect(out).not.toContain(body.slice(10, 40));
    }
  });

  it('ignores values too short to be secrets and redacts nested values', () => {
    const r = createRedactor();
    r.add('x', 'abc');
    r.add('token', 'tok_0123456789');
    expect(r.redact('abc')).toBe('abc');
    expect(r.redactDeep({ a: ['Bearer tok_0123456789'], n: 1 })).toEqual({
      a: ['Bearer «token:redacted»'],
      n: 1,
    });
  });
});

describe('redactInPlace', () => {
  it('rewrites strings inside arrays and objects without copying them', () => {
    const r = createRedactor();
    r.add('token', 'tok_0123456789');
    const headers = [{ key: 'Authorization', value: 'Bearer tok_0123456789' }];
    const result = {
      suites: [{ exchanges: [{ request: { headers, body: 'x tok_0123456789 y' }, status: 200 }] }],
    };
    r.redactInPlace(result);
    expect(result.suites[0]!.exchanges[0]!.request.headers).toBe(headers);
    expect(headers[0]!.value).toBe('Bearer «token:redacted»');
    expect(result.suites[0]!.exchanges[0]!.request.body).toBe('x «token:redacted» y');
    expect(result.suites[0]!.exchanges[0]!.status).toBe(200);
  });
});

describe('masking gaps', () => {
  it('masks secrets of 4 and 5 characters, which were once let through', () => {
    const r = createRedactor();
    r.add('pin', 'k9Q2');
    r.add('otp', '58213');
    expect(r.redact('pin=k9Q2&otp=58213')).toBe('pin=«pin:redacted»&otp=«otp:redacted»');
  });

  it('masks the userinfo of any URL, whatever the scheme, and keeps the rest', () => {
    const r = createRedactor();
    expect(r.redact('GET http://alice:s3cr3t-pass@127.0.0.1:4010/x?y=1 failed')).toBe(
      'GET http://«userinfo:redacted»@127.0.0.1:4010/x?y=1 failed',
    );
    expect(r.redact('{"url":"https://token-only@bank.example/v1"}')).toBe(
      '{"url":"https://«userinfo:redacted»@bank.example/v1"}',
    );
    expect(r.redact('mail ops@bank.example')).toBe('mail ops@bank.example');
  });
});
