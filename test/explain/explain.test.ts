import { createHmac, generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { explainRequest, findRequest, formatExplanation } from '../../src/explain/explain.ts';
import { loadProject } from '../../src/load/project.ts';
import { REPO_ROOT } from '../support/project.ts';

const project = loadProject(REPO_ROOT).value!;
const sandbox = project.environments.get('sandbox')!;
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const processEnv = {
  NICEPAY_CLIENT_ID: 'IONPAYTEST',
  NICEPAY_CLIENT_SECRET: 'explain-secret-value-42',
  NICEPAY_PRIVATE_KEY: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
};

async function explain(requestName: string) {
  const found = findRequest(project, 'nicepay-va', requestName).value!;
  return explainRequest({ project, environment: sandbox, ...found, processEnv });
}

describe('kontrak explain', () => {
  it('shows the token string to sign and a signature that verifies with the public key', async () => {
    const x = await explain('access token B2B');
    const r = x.signed.result!;
    expect(r.stringToSign).toBe(`IONPAYTEST|${r.timestamp}`);
    expect(
      verify('sha256', Buffer.from(r.stringToSign), keys.publicKey, Buffer.from(r.signature, 'base64')),
    ).toBe(true);
    expect(x.signed.url).toBe('https://dev.nicepay.co.id/nicepay/v1.0/access-token/b2b');
    expect(x.signed.headers).toContainEqual({ key: 'X-CLIENT-KEY', value: 'IONPAYTEST' });
    expect(x.signed.headers.map((h) => h.key)).not.toContain('X-Kontrak-Sign');
  });

  it('shows the transaction string to sign without /nicepay, the body hash, and masks the secret', async () => {
    const x = await explain('2');
    const r = x.signed.result!;
    expect(r.path).toBe('/api/v1.0/transfer-va/create-va');
    expect(r.stringToSign).toMatch(
      /^POST:\/api\/v1\.0\/transfer-va\/create-va:<nicepay_access_token>:[0-9a-f]{64}:/,
    );
    const expected = createHmac('sha512', processEnv.NICEPAY_CLIENT_SECRET)
      .update(r.stringToSign)
      .digest('base64');
    expect(r.signature).toBe(expected);
    const text = formatExplanation(x).join('\n');
    expect(text).toContain(`string to sign  ${r.stringToSign}`);
    expect(text).toContain('X-PARTNER-ID: IONPAYTEST');
    expect(text).toContain('CHANNEL-ID: IONPAYTEST01');
    expect(text).not.toContain(processEnv.NICEPAY_CLIENT_SECRET);
    expect(text).not.toContain(processEnv.NICEPAY_PRIVATE_KEY.split('\n')[1]!);
    expect(x.notes.join('\n')).toContain('<nicepay_access_token>');
  });

  it('names the request it cannot find, with a suggestion', () => {
    expect(findRequest(project, 'nicepay-va', 'create vaa').diagnostics[0]).toMatchObject({
      code: 'E_UNKNOWN_REQUEST',
      hint: 'did you mean "create VA"?',
    });
    expect(findRequest(project, 'nicepay-vaa', 'x').diagnostics[0]).toMatchObject({
      code: 'E_UNKNOWN_SUITE',
      hint: 'did you mean "nicepay-va"?',
    });
  });
});

describe('kontrak explain: what the contract rests on', () => {
  const mock = project.environments.get('mock')!;
  async function basisLine(suite: string, request: string): Promise<string | undefined> {
    const found = findRequest(project, suite, request).value!;
    const x = await explainRequest({ project, environment: mock, ...found, processEnv: {} });
    return formatExplanation(x).find((line) => line.startsWith('basis '));
  }

  it("names BCA's documented answer for a BCA service the corpus holds samples of", async () => {
    expect(await basisLine('disbursement@bca', 'external account inquiry')).toBe(
      'basis           bca: documented sample (https://developer.bca.co.id/id/Dokumentasi (as scraped in https://github.com/mseptiaan/snap-aspi-go/blob/b7e2c8111f58/bca/bca.md))',
    );
  });

  it("names BRI's SDK and its commit where the contract rests on the SDK", async () => {
    expect(await basisLine('disbursement@bri-snap', 'external account inquiry')).toBe(
      'basis           bri-snap: SDK model (https://github.com/bri-oss/bridex-api-php-sdk fdda81824e4ea26003b7011168494d58977b9e07)',
    );
  });

  it('says ASPI only where nothing of the bank was compared', async () => {
    expect(await basisLine('disbursement@bni', 'external account inquiry')).toMatch(
      /^basis {11}bni: ASPI only \(https:\/\/apidevportal\.aspi-indonesia\.or\.id/,
    );
  });

  it('says nothing of a basis for a provider that follows no bank profile', async () => {
    const found = findRequest(project, 'nicepay-va', '2').value!;
    const x = await explainRequest({ project, environment: sandbox, ...found, processEnv });
    expect(formatExplanation(x).some((line) => line.startsWith('basis '))).toBe(false);
  });
});

describe('kontrak explain: the mandatory fields of the service at its bank', () => {
  const mock = project.environments.get('mock')!;
  async function lines(suite: string, request: string): Promise<string[]> {
    const found = findRequest(project, suite, request).value!;
    const x = await explainRequest({ project, environment: mock, ...found, processEnv: {} });
    return formatExplanation(x).filter((line) => line.startsWith('mandatory '));
  }

  it("lists ASPI's and the bank's own, each with its source", async () => {
    expect(await lines('bank-statement@bca', 'bank statement')).toEqual([
      expect.stringMatching(
        /^mandatory {7}fromDateTime, toDateTime \(bca: developer\.bca\.co\.id SNAP Banking Bank Statement payload/,
      ) as string,
    ]);
    expect(await lines('disbursement@bca', 'external account inquiry')).toEqual([
      expect.stringMatching(
        /^mandatory {7}beneficiaryBankCode, beneficiaryAccountNo \(ASPI's field tables \(https:\/\/apidevportal\.aspi-indonesia\.or\.id/,
      ) as string,
    ]);
  });
});
