/**
 * DOKU's own Node SDK (doku-nodejs-library 1.0.52, unmodified) pointed at a mock started from a
 * partners file, optionally with a project profile of DOKU changed by a test. Only the SDK's base
 * URL (its Config.CORE_SANDBOX_BASE_URL), a key pair made at run time, the client id and the
 * secret key are configured.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Doku, { type Snap } from 'doku-nodejs-library';
import Config from 'doku-nodejs-library/_commons/config.js';
import { PaymentRequestDto } from 'doku-nodejs-library/_models/paymentRequestDirectDebitDTO.js';
import CheckStatusDirectDebitDTO from 'doku-nodejs-library/_models/checkStatusDirectDebitRequestDTO.js';
import CreateVARequestDto from 'doku-nodejs-library/_models/createVaRequestDto.js';
import AdditionalInfo from 'doku-nodejs-library/_models/additionalInfo.js';
import VirtualAccountConfig from 'doku-nodejs-library/_models/virtualAccountConfig.js';
import TotalAmount from 'doku-nodejs-library/_models/totalAmount.js';
import { parse, stringify } from 'yaml';
import { loadPartnersFile } from '../../src/load/partners-file.ts';
import { mockEmulationNames, startMockBank, type RunningMock } from '../../src/mock/server.ts';
import { REPO_ROOT } from '../support/project.ts';
import type { TestPartner } from '../mock/helpers.ts';

export const CLIENT_ID = 'BRN-0201-1754000000001';
const SECRET_KEY = 'SK-kontrak-doku-secret';
export const IP_ADDRESS = '192.168.100.10';

export interface DokuAtMock {
  mock: RunningMock;
  log: string[];
  /** The registered partner and its private key, for calls the test makes beside the SDK. */
  registered: TestPartner;
  /**
   * A new SDK client, sending to this mock (the SDK reads its base URL at each call), once it holds
   * a B2B token: its constructor fetches one without awaiting it, which must not outlive the mock.
   */
  snap(): Promise<Snap>;
  /**
   * A new SDK client sending to this mock, as its constructor leaves it: the B2B token call the
   * constructor fires without awaiting is still on its way (a test that lets it be refused must
   * take in its unhandled rejection).
   */
  construct(): Snap;
  /** A fresh one-time auth code, as the customer's consent in DOKU's page gives one. */
  authCode(): Promise<string>;
  close(): Promise<void>;
}

/** banks/doku.yaml as shipped, with `change` applied (a knob set to a strict value, sourced). */
export function dokuProfile(change: (profile: Record<string, unknown>) => void): string {
  const profile = parse(readFileSync(join(REPO_ROOT, 'banks', 'doku.yaml'), 'utf8')) as Record<
    string,
    unknown
  >;
  change(profile);
  return stringify(profile);
}

/** The mock with DOKU's partner registered by a partners file; `profile` replaces banks/doku.yaml. */
export async function dokuAtMock(dir: string, profile?: string): Promise<DokuAtMock> {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  mkdirSync(join(dir, 'banks'), { recursive: true });
  writeFileSync(join(dir, 'doku.pub.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
  writeFileSync(
    join(dir, 'partners.yaml'),
    `partners:\n  - clientId: "${CLIENT_ID}"\n    clientSecret: "${SECRET_KEY}"\n    publicKey: doku.pub.pem\n    providers: [doku]\n`,
  );
  if (profile !== undefined) writeFileSync(join(dir, 'banks', 'doku.yaml'), profile);
  const root = profile === undefined ? undefined : dir;
  const partners = loadPartnersFile(join(dir, 'partners.yaml'), mockEmulationNames(root));
  if (partners.diagnostics.length > 0) throw new Error(JSON.stringify(partners.diagnostics));
  const log: string[] = [];
  const mock = await startMockBank({
    host: '127.0.0.1',
    ...(root === undefined ? {} : { projectRoot: root }),
    partners: partners.value ?? [],
    log: (l) => log.push(l),
  });
  const partner = partners.value?.[0];
  if (partner === undefined) throw new Error('no partner registered');
  const construct = (): Snap => {
    Config.CORE_SANDBOX_BASE_URL = mock.url;
    return new Doku.Snap({
      isProduction: false,
      privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      clientID: CLIENT_ID,
      publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      dokuPublicKey: '',
      issuer: 'kontrak',
      secretKey: SECRET_KEY,
    });
  };
  return {
    mock,
    log,
    registered: { partner, privateKey },
    snap: async () => {
      const snap = construct();
      await snap.getTokenB2B();
      return snap;
    },
    construct,
    authCode: async () => {
      const res = await fetch(`${mock.url}/kontrak/auth-code`, { method: 'POST' });
      return ((await res.json()) as { authCode: string }).authCode;
    },
    close: () => mock.close(),
  };
}

/** The SDK's promise settled: its answer, or the HTTP answer of the error it threw. */
export async function settled(
  call: Promise<unknown>,
): Promise<{ status: number; body: Record<string, unknown>; diagnosis: string }> {
  try {
    return { status: 200, body: (await call) as Record<string, unknown>, diagnosis: '' };
  } catch (error) {
    const response = (
      error as { response?: { status: number; data: unknown; headers: Record<string, string> } }
    ).response;
    if (response === undefined) throw error;
    return {
      status: response.status,
      body: response.data as Record<string, unknown>,
      diagnosis: response.headers['x-kontrak-diagnosis'] ?? '',
    };
  }
}

/** A reference as long as DOKU's direct-debit channels ask (Allo Bank: 32 to 64 characters). */
export function dokuReference(prefix: string): string {
  return `${prefix}-${Date.now()}-${crypto.randomUUID()}`.slice(0, 48);
}

export const CHANNEL = 'DIRECT_DEBIT_ALLO_SNAP';

/** A direct-debit payment as DOKU's README builds it (Allo Bank: remarks, line items, balance). */
export function allo(partnerReferenceNo: string, value: string): PaymentRequestDto {
  const request = new PaymentRequestDto();
  request.partnerReferenceNo = partnerReferenceNo;
  request.amount = { value, currency: 'IDR' };
  request.payOptionDetails = [{ payMethod: 'BALANCE', transAmount: { value, currency: 'IDR' } }];
  request.additionalInfo = {
    channel: CHANNEL,
    remarks: 'kontrak order',
    successPaymentUrl: 'https://merchant.example/success',
    failedPaymentUrl: 'https://merchant.example/failed',
    lineItems: [{ name: 'kontrak item', price: Number(value), quantity: 1 }],
  };
  return request;
}

/** A status request as DOKU's README builds it: serviceCode "55", the SDK's own rule. */
export function dokuStatus(originalPartnerReferenceNo: string): CheckStatusDirectDebitDTO {
  const request = new CheckStatusDirectDebitDTO();
  request.originalPartnerReferenceNo = originalPartnerReferenceNo;
  request.serviceCode = '55';
  request.additionalInfo = { channel: CHANNEL };
  return request;
}

/** A VA as DOKU's README builds it: the prefix padded to 8, the number made of prefix and customer. */
export function dokuVa(trxId: string, freeText?: { english: string; indonesia: string }[]): object {
  const customerNo = String(Date.now()).slice(-10);
  const request = new CreateVARequestDto(
    '   88899',
    customerNo,
    `   88899${customerNo}`,
    'PELANGGAN KONTRAK',
    'pelanggan@example.com',
    '6281234567890',
    trxId,
    new TotalAmount('10000.00', 'IDR'),
    new AdditionalInfo('VIRTUAL_ACCOUNT_BANK_CIMB', new VirtualAccountConfig(false)),
    'C',
    tomorrow(),
    freeText,
  );
  return request;
}

function tomorrow(): string {
  const jakarta = new Date(Date.now() + 86_400_000 + 7 * 3_600_000);
  return `${jakarta.toISOString().slice(0, 19)}+07:00`;
}
