import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateMockCredentials, resolveRemoteValues } from '../../src/env/values.ts';
import { loadProject } from '../../src/load/project.ts';
import { REPO_ROOT } from '../support/project.ts';

const project = loadProject(REPO_ROOT).value!;
const nicepay = project.providers.get('nicepay')!;
const sandbox = project.environments.get('sandbox')!;

describe('resolveRemoteValues', () => {
  it('names every missing process variable and refuses to go on', () => {
    const outcome = resolveRemoteValues({
      environment: sandbox,
      providers: [nicepay],
      processEnv: { NICEPAY_CLIENT_ID: 'IONPAYTEST' },
      lenient: false,
    });
    expect(outcome.diagnostics.map((d) => d.code)).toEqual(['E_MISSING_CREDENTIAL', 'E_MISSING_CREDENTIAL']);
    expect(outcome.diagnostics.map((d) => d.message.split(' ')[0])).toEqual([
      'NICEPAY_CLIENT_SECRET',
      'NICEPAY_PRIVATE_KEY',
    ]);
  });

  it('reads <PROVIDER>_<FIELD> and takes the base URL from the provider unless overridden', () => {
    const key = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const processEnv = {
      NICEPAY_CLIENT_ID: 'IONPAYTEST',
      NICEPAY_CLIENT_SECRET: 's3cret-value',
      NICEPAY_PRIVATE_KEY: key,
    };
    const plain = resolveRemoteValues({
      environment: sandbox,
      providers: [nicepay],
      processEnv,
      lenient: false,
    });
    expect(plain.diagnostics).toEqual([]);
    expect(plain.value).toContainEqual({
      key: 'nicepay_base_url',
      value: 'https://dev.nicepay.co.id',
      secret: false,
    });
    expect(plain.value).toContainEqual({ key: 'nicepay_client_secret', value: 's3cret-value', secret: true });
    const overridden = resolveRemoteValues({
      environment: sandbox,
      providers: [nicepay],
      processEnv: { ...processEnv, NICEPAY_BASE_URL: 'http://127.0.0.1:1' },
      lenient: false,
    });
    expect(overridden.value).toContainEqual({
      key: 'nicepay_base_url',
      value: 'http://127.0.0.1:1',
      secret: false,
    });
  });

  it('is lenient for templates', () => {
    const outcome = resolveRemoteValues({
      environment: sandbox,
      providers: [nicepay],
      processEnv: {},
      lenient: true,
    });
    expect(outcome.diagnostics).toEqual([]);
    expect(outcome.value!.find((v) => v.key === 'nicepay_private_key')).toEqual({
      key: 'nicepay_private_key',
      value: '',
      secret: true,
    });
  });
});

describe('generateMockCredentials', () => {
  it('makes a fresh key pair whose halves match, and a distinct secret each time', () => {
    const a = generateMockCredentials([nicepay], 'http://127.0.0.1:1');
    const b = generateMockCredentials([nicepay], 'http://127.0.0.1:1');
    const privatePem = a.values.find((v) => v.key === 'nicepay_private_key')!.value;
    const derived = createPublicKey(createPrivateKey(privatePem)).export({ type: 'spki', format: 'pem' });
    expect(derived).toBe(a.partners[0]!.publicKeyPem);
    expect(a.partners[0]!.clientSecret).not.toBe(b.partners[0]!.clientSecret);
    expect(a.values.find((v) => v.key === 'nicepay_client_id')!.value).toBe(a.partners[0]!.clientId);
  });
});
