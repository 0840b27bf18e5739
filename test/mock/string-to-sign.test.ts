import { describe, expect, it } from 'vitest';
import {
  EMPTY_BODY_SHA256,
  minifyJsonBody,
  sha256Hex,
  signedPath,
  snapTokenStringToSign,
  snapTransactionStringToSign,
} from '../../src/mock/string-to-sign.ts';
import { hmacSha512 } from '../../src/mock/verify.ts';

// Published vector V2 (Midtrans SNAP-BI-Signature-Demo, symmetric signature), see protocols.md §5.
const V2_BODY =
  '{"partnerReferenceNo":"2020102900000000000001","amount":{"value":"12345678.00","currency":"IDR"},"feeAmount":{"value":"12345678.00","currency":"IDR"},"merchantId":"00007100010926","terminalId":"213141251124","validityPeriod":"2009-07-03T12:08:56-07:00"}';

describe('string to sign', () => {
  it('builds the token string clientKey|timestamp', () => {
    expect(snapTokenStringToSign('G1234325-SNAP', '2024-03-01T08:27:49.024Z')).toBe(
      'G1234325-SNAP|2024-03-01T08:27:49.024Z',
    );
  });

  it('reproduces the published symmetric vector (V2), also from a pretty-printed body', () => {
    const pretty = JSON.stringify(JSON.parse(V2_BODY), null, 2);
    const sts = snapTransactionStringToSign({
      method: 'post',
      path: '/v1.0/qr/qr-mpm-generate',
      token: 'myaccesstoken',
      body: pretty,
      timestamp: '2024-03-05T10:37:16.196Z',
    });
    expect(sts).toBe(
      'POST:/v1.0/qr/qr-mpm-generate:myaccesstoken:01463f60dbb6ca538581579dd95b31c8ba9fc6600eca750e4d8460ca4e402111:2024-03-05T10:37:16.196Z',
    );
    expect(hmacSha512(sts, 'myclientsecret', 'base64')).toBe(
      'wmzT7yjg1SxxCsxNsFgCR9SYXiZGGbceF6fV8xe97sAMHxZ+7OEBMIBmvb6Sj6GcksGp3iv77DiomgSbcST3XQ==',
    );
  });

  it('hashes an empty body as sha256("") (derived vector)', () => {
    const sts = snapTransactionStringToSign({
      method: 'GET',
      path: '/v1.0/balance-inquiry',
      token: 'myaccesstoken',
      body: '',
      timestamp: '2024-03-05T17:37:16+07:00',
    });
    expect(sts).toBe(
      `GET:/v1.0/balance-inquiry:myaccesstoken:${EMPTY_BODY_SHA256}:2024-03-05T17:37:16+07:00`,
    );
    expect(hmacSha512(sts, 'myclientsecret', 'base64')).toBe(
      '0Gxlrw2yNA44NeW8GRrAylu6hD+1RcC0LWUJ5ScHNBbBHs0J14GDmvdeU54A7FeGRFcQ7al2+71vdY3xV1gD3w==',
    );
  });

  it('minifies without touching values or key order', () => {
    expect(minifyJsonBody('{ "b" : "Setya  Wardana",\n "a": [1, 2] }')).toBe(
      '{"b":"Setya  Wardana","a":[1,2]}',
    );
    expect(minifyJsonBody('   ')).toBe('');
    expect(() => minifyJsonBody('{')).toThrow(SyntaxError);
    expect(sha256Hex('{"hello":"world"}')).toBe(
      '93a23971a914e5eacbf0a8d25154cda309c3c1c72fbb9914d47c60f3cb681588',
    );
  });

  it('strips the provider prefix and the query as configured', () => {
    const nicepay = { stripPrefix: '/nicepay', signQuery: false };
    expect(signedPath('/nicepay/api/v1.0/transfer-va/create-va?x=1', nicepay)).toBe(
      '/api/v1.0/transfer-va/create-va',
    );
    expect(signedPath('/nicepayx/api', nicepay)).toBe('/nicepayx/api');
    expect(signedPath('/snap/v1.0/x?b=2&a=1', { stripPrefix: '', signQuery: true })).toBe(
      '/snap/v1.0/x?b=2&a=1',
    );
  });
});
