/**
 * A project with a bank of its own: banks/teabank.yaml (standard SNAP, under its own /teabank
 * prefix), a provider that names it and a one-request suite. kontrak ships no such bank, so
 * whatever knows it learnt it from the project root it was given.
 */
import { tempProject } from './project.ts';

export const OWN_BANK = 'teabank';
export const OWN_TOKEN_PATH = '/teabank/v1.0/access-token/b2b';

const sourced = (value: string): string =>
  `{ value: ${value}, source: "a test's own bank", confidence: assumed }`;

export const OWN_BANK_PROFILE = `bank: ${OWN_BANK}
title: Tea Bank (a project's own)
starter: { provider: ${OWN_BANK}/provider.yaml, suite: ${OWN_BANK}/balance.yaml }
tokenPath: ${sourced(OWN_TOKEN_PATH)}
basePath: ${sourced('/teabank/v1.0')}
signatureEncoding: ${sourced('base64')}
timestampFormat: ${sourced('snap')}
externalIdDigits: ${sourced('16')}
signature: ${sourced('symmetric')}
services:
  access-token/b2b: {}
  balance-inquiry: {}
`;

export const OWN_PROVIDER = `kontrak: 1
provider:
  name: ${OWN_BANK}
  bank: ${OWN_BANK}
  mock: ${OWN_BANK}
  credentials:
    client_id: { secret: false }
    client_secret: { secret: true }
    private_key: { secret: true }
    channel_id: { secret: false }
`;

export const OWN_SUITE = `kontrak: 1
suite:
  name: ${OWN_BANK}-balance
  provider: ${OWN_BANK}
  requests:
    - name: access token B2B
      method: POST
      service: access-token/b2b
      sign: snap-token
      body:
        grantType: client_credentials
      expect:
        status: 200
        responseCode: "2007300"
`;

/** The project on disk (removed by `cleanup`); `files` add to or replace its files. */
export function ownBankProject(files: Record<string, string> = {}): { root: string; cleanup: () => void } {
  return tempProject({
    [`banks/${OWN_BANK}.yaml`]: OWN_BANK_PROFILE,
    [`collections/${OWN_BANK}/provider.yaml`]: OWN_PROVIDER,
    [`collections/${OWN_BANK}/balance.yaml`]: OWN_SUITE,
    ...files,
  });
}
