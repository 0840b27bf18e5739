import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/load/project.ts';
import type { RequestSpec } from '../../src/model/types.ts';
import { recomputeStringToSign } from '../../src/run/string-to-sign.ts';
import type { RawExchange } from '../../src/run/newman-run.ts';
import { REPO_ROOT } from '../support/project.ts';

/** The report's string to sign is recomputed in Node from what was sent, for every scheme. */
const project = loadProject(REPO_ROOT).value!;
const vectors = JSON.parse(
  readFileSync(new URL('../fixtures/vectors/signing-vectors.json', import.meta.url), 'utf8'),
) as {
  vectors: Array<Record<string, string>>;
};
const vector = (id: string) => vectors.vectors.find((v) => v.id === id)!;
const spec = (sign: RequestSpec['sign']): RequestSpec => ({
  id: 's/01',
  name: 'r',
  method: 'POST',
  path: '/',
  headers: {},
  sign,
  capture: {},
  expect: { status: 200 },
  source: { file: 'x', line: 1, column: 1 },
});
const raw = (url: string, headers: Record<string, string>, body: string, method = 'POST'): RawExchange => ({
  itemId: 's/01',
  request: { method, url, headers: Object.entries(headers).map(([key, value]) => ({ key, value })), body },
});

describe('recomputeStringToSign', () => {
  it('bri-v2 reproduces the BRI-Signature payload vector', () => {
    const v = vector('bri-v2-hmac-post');
    const sts = recomputeStringToSign(project.providers.get('bri')!)(
      spec('bri-v2'),
      raw(
        `https://h${v.path}`,
        { Authorization: `Bearer ${v.accessToken}`, 'BRI-Timestamp': v.timestamp! },
        v.body!,
      ),
    );
    expect(sts).toBe(v.payload);
  });

  it('snap-asymmetric reproduces the notification vector', () => {
    const v = vector('snap-notify-rsa-verify-midtrans-demo');
    const sts = recomputeStringToSign(project.providers.get('snap')!)(
      spec('snap-asymmetric'),
      raw(`https://h${v.path}`, { 'X-TIMESTAMP': v.timestamp! }, v.body!),
    );
    expect(sts).toBe(v.stringToSign);
  });

  it('snap-transaction drops the provider prefix (NICEPAY) and reproduces the HMAC vector string', () => {
    const v = vector('snap-symmetric-hmac-midtrans-demo');
    const sts = recomputeStringToSign(project.providers.get('nicepay')!)(
      spec('snap-transaction'),
      raw(
        `https://h/nicepay${v.path}`,
        { Authorization: `Bearer ${v.accessToken}`, 'X-TIMESTAMP': v.timestamp! },
        v.body!,
      ),
    );
    expect(sts).toBe(v.stringToSign);
  });
});
