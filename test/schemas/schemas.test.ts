/**
 * Every JSON Schema under schemas/ compiles in ajv strict mode, and every one of them is pinned
 * by hand-made examples: at least one that must pass and at least one that must fail — and
 * fail for the stated reason (instance pointer + ajv keyword), not by accident.
 * A schema file without an entry here fails the suite, so no schema passes silently.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ErrorObject } from 'ajv';
import { loadSchemas } from '../../src/schemas/registry.ts';
import { REPO_ROOT } from '../support/project.ts';
import { SNAP_SERVICE_EXAMPLES } from './_snap-service-examples.ts';
import { isDerivedSchema } from '../../src/schemas/prepare.ts';

interface Invalid {
  /** What is wrong with the example. */
  why: string;
  data: unknown;
  /** An error ajv must report: instance pointer ('' = root) and keyword. */
  error: readonly [pointer: string, keyword: string];
}

interface Cases {
  valid: readonly unknown[];
  invalid: readonly Invalid[];
}

const loaded = loadSchemas(join(REPO_ROOT, 'schemas'));
const registry = loaded.value!;

// ---- realistic building blocks (https://apidevportal.aspi-indonesia.or.id samples where it gives them) ----

const idr = (value: string) => ({ value, currency: 'IDR' });
/** NICEPAY-style JWT-like token (Java SDK doc sample). */
const NICEPAY_TOKEN =
  'eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJJT05QQVlURVNUIiwiaXNzIjoiTklDRVBBWSIsIm5hbWUiOiJCUklOIiwiZXhwIjoiMjAyNC0wMi0xMVQwODowOTozNVoifQ==.aIybLX36dYwfFvW7dcoenXkOe2EAwIYq84ZtPuIf3K8=';
/** BRI's documentation sample token. */
const BRI_TOKEN = 'R04XSUbnm1GXNmDiXx9ysWMpFWBr';
const SNAP_INFO = { deviceId: '12345679237', channel: 'mobilephone' };

/** SNAP spec VA identifiers: 2-space padded prefix + 20-digit customer number = 28. */
const SPEC_VA = {
  partnerServiceId: '  088899',
  customerNo: '12345678901234567890',
  virtualAccountNo: '  08889912345678901234567890',
};
/** BRI-style VA identifiers. */
const BRI_VA = {
  partnerServiceId: '   77777',
  customerNo: '1234567890',
  virtualAccountNo: '   777771234567890',
};

const BILL = {
  billCode: '01',
  billNo: '123456789012345678',
  billName: 'Bill A for Jan',
  billShortName: 'Bill A',
  billDescription: { english: 'Maintenance', indonesia: 'Pemeliharaan' },
  billSubCompany: '00001',
  billAmount: idr('100000.00'),
  additionalInfo: {},
};
const FREE_TEXT = { english: 'Free text', indonesia: 'Tulisan bebas' };

const VA_DATA = {
  ...BRI_VA,
  virtualAccountName: 'John Doe',
  trxId: 'abcdefgh1234',
  totalAmount: idr('10000.00'),
  expiredDate: '2024-06-08T10:00:00+07:00',
  additionalInfo: { description: '12345679237' },
};

const TXID_VA = 'IONPAYTEST02202408191104334735';
const NICEPAY_CREATE_REQUEST = {
  partnerServiceId: '',
  customerNo: '',
  virtualAccountNo: '',
  virtualAccountName: 'Kontrak Test Customer',
  trxId: 'KONTRAK1714446700123',
  totalAmount: idr('10000.00'),
  additionalInfo: {
    bankCd: 'BMRI',
    goodsNm: 'Contract test',
    dbProcessUrl: 'https://merchant.example/notify',
    vacctValidDt: '',
    vacctValidTm: '',
    msId: '',
    msFee: '',
    mbFee: '',
    mbFeeType: '',
  },
};
/** What the mock bank answers to the request above. */
const NICEPAY_CREATE_RESPONSE = {
  responseCode: '2002700',
  responseMessage: 'Successful',
  virtualAccountData: {
    partnerServiceId: '   88899',
    customerNo: '4471930528',
    virtualAccountNo: '   888994471930528',
    virtualAccountName: 'Kontrak Test Customer',
    trxId: 'KONTRAK1714446700123',
    totalAmount: idr('10000.00'),
    additionalInfo: {
      bankCd: 'BMRI',
      goodsNm: 'Contract test',
      dbProcessUrl: 'https://merchant.example/notify',
      msId: '',
      msFee: '',
      mbFee: '',
      mbFeeType: '',
      tXidVA: TXID_VA,
      trxId: 'KONTRAK1714446700123',
      totalAmount: idr('10000.00'),
      vacctValidDt: '',
      vacctValidTm: '',
    },
  },
};

/** https://developers.bri.co.id/en/docs/authentication (values from the exchange in https://hackmd.io/@ue2--COWSzWLw55zXR21aA/r1s0GtJ9a where it gives them). */
const BRI_TOKEN_RESPONSE = {
  refresh_token_expires_in: '0',
  api_product_list: '[mpn-esb-sandbox]',
  api_product_list_json: ['mpn-esb-sandbox'],
  organization_name: 'bri',
  'developer.email': 'developer@example.com',
  token_type: 'BearerToken',
  issued_at: '1706164583312',
  client_id: 'Kx9vQeTnZ2rP4sLmW8yB3cD6fH1jA5uE',
  access_token: BRI_TOKEN,
  application_name: '3f1c2b7e-8a4d-4e2f-9b6a-1c0d2e3f4a5b',
  scope: '',
  expires_in: '179999',
  refresh_count: '0',
  status: 'approved',
};

const MPN_BILL = {
  billingCode: '820240125000123',
  npwp: '012345678901000',
  name: 'PT CONTOH WAJIB PAJAK',
  amount: '1500000.00',
  currency: 'IDR',
  expiredDate: '2024-02-01T23:59:59+07:00',
};

const without = <T extends object>(value: T, ...keys: (keyof T)[]): Partial<T> => {
  const copy: Partial<T> = { ...value };
  for (const key of keys) Reflect.deleteProperty(copy, key);
  return copy;
};

// ---- the table: one entry per schema file ----

const EXAMPLES: Record<string, Cases> = {
  ...SNAP_SERVICE_EXAMPLES,
  // shared SNAP definitions
  'snap/additional-info.json': {
    valid: [{}, SNAP_INFO, { productCode: 'BritAma', accountType: 'SA' }],
    invalid: [
      { why: 'an array is not an object', data: [], error: ['', 'type'] },
      { why: 'a string is not an object', data: 'none', error: ['', 'type'] },
    ],
  },
  'snap/money.json': {
    valid: [idr('10000.00'), { value: '12345678.00', currency: 'IDR' }, { value: '0.50', currency: 'USD' }],
    invalid: [
      { why: 'no decimals', data: idr('10000'), error: ['/value', 'pattern'] },
      { why: 'value as a JSON number', data: { value: 10000.5, currency: 'IDR' }, error: ['/value', 'type'] },
      {
        why: 'lower-case currency',
        data: { value: '10000.00', currency: 'idr' },
        error: ['/currency', 'pattern'],
      },
      { why: 'extra field', data: { ...idr('1.00'), amount: '1' }, error: ['', 'additionalProperties'] },
    ],
  },
  'snap/va-identifiers.json': {
    valid: [SPEC_VA, BRI_VA],
    invalid: [
      {
        why: 'prefix not padded to 8',
        data: { ...SPEC_VA, partnerServiceId: '088899' },
        error: ['/partnerServiceId', 'minLength'],
      },
      {
        why: 'customerNo over 20',
        data: { ...SPEC_VA, customerNo: '123456789012345678901' },
        error: ['/customerNo', 'maxLength'],
      },
      {
        why: 'VA number over 28',
        data: { ...SPEC_VA, virtualAccountNo: `${SPEC_VA.virtualAccountNo}1` },
        error: ['/virtualAccountNo', 'maxLength'],
      },
      { why: 'no VA number', data: without(SPEC_VA, 'virtualAccountNo'), error: ['', 'required'] },
    ],
  },
  'snap/error.response.json': {
    valid: [
      { responseCode: '4017300', responseMessage: 'Unauthorized. Signature' },
      {
        responseCode: '4042712',
        responseMessage: 'Invalid Bill/Virtual Account [Not Found]',
        virtualAccountData: { inquiryStatus: '01' },
      },
    ],
    invalid: [
      {
        why: 'code as a number (seen in one spec sample)',
        data: { responseCode: 4017300, responseMessage: 'Unauthorized' },
        error: ['/responseCode', 'type'],
      },
      {
        why: 'BRI-style 4-digit code',
        data: { responseCode: '0601', responseMessage: 'Invalid token' },
        error: ['/responseCode', 'pattern'],
      },
      { why: 'no message', data: { responseCode: '5002700' }, error: ['', 'required'] },
    ],
  },

  // tokens
  'snap/access-token.request.json': {
    valid: [{ grantType: 'client_credentials', additionalInfo: {} }, { grantType: 'client_credentials' }],
    invalid: [
      { why: 'another grant', data: { grantType: 'password' }, error: ['/grantType', 'const'] },
      { why: 'no grant', data: { additionalInfo: {} }, error: ['', 'required'] },
      {
        why: 'field outside the spec',
        data: { grantType: 'client_credentials', clientId: 'IONPAYTEST' },
        error: ['', 'additionalProperties'],
      },
    ],
  },
  'snap/access-token.response.json': {
    valid: [
      {
        responseCode: '2007300',
        responseMessage: 'Successful',
        accessToken: NICEPAY_TOKEN,
        tokenType: 'Bearer',
        expiresIn: '900',
      },
      {
        accessToken: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJCUkkifQ.c2lnbmF0dXJl',
        tokenType: 'BearerToken',
        expiresIn: '899',
      },
      // BCA's documented answer: token types are case-insensitive (RFC 6749 §5.1).
      {
        responseCode: '2007300',
        responseMessage: 'Successful',
        accessToken: 'abc',
        tokenType: 'bearer',
        expiresIn: '900',
      },
    ],
    invalid: [
      {
        why: 'expiresIn as a number',
        data: { accessToken: 'abc', tokenType: 'Bearer', expiresIn: 900 },
        error: ['/expiresIn', 'type'],
      },
      {
        why: 'a token type that is neither Bearer nor Mac',
        data: { accessToken: 'abc', tokenType: 'Basic', expiresIn: '900' },
        error: ['/tokenType', 'pattern'],
      },
      {
        why: 'success code of another service',
        data: {
          responseCode: '2002700',
          responseMessage: 'Successful',
          accessToken: 'abc',
          tokenType: 'Bearer',
          expiresIn: '900',
        },
        error: ['/responseCode', 'pattern'],
      },
      {
        why: 'no token',
        data: {
          responseCode: '2007300',
          responseMessage: 'Successful',
          tokenType: 'Bearer',
          expiresIn: '900',
        },
        error: ['', 'required'],
      },
    ],
  },
  'snap/access-token-b2b2c.request.json': {
    valid: [
      {
        grantType: 'AUTHORIZATION_CODE',
        authCode: 'a6975f82-d00a-4ddc-9633-087fefb6275e',
        additionalInfo: {},
      },
      { grantType: 'authorization_code', authCode: 'a6975f82-d00a-4ddc-9633-087fefb6275e' },
      { grantType: 'REFRESH_TOKEN', refreshToken: '83a58570-6795-11ec-90d6-0242ac120003' },
    ],
    invalid: [
      {
        why: 'authorization-code grant without authCode',
        data: { grantType: 'AUTHORIZATION_CODE' },
        error: ['', 'required'],
      },
      {
        why: 'refresh grant with authCode only',
        data: { grantType: 'refresh_token', authCode: 'abc' },
        error: ['', 'required'],
      },
      {
        why: 'B2B grant on the B2B2C endpoint',
        data: { grantType: 'client_credentials' },
        error: ['/grantType', 'enum'],
      },
      {
        why: 'authCode over 256',
        data: { grantType: 'AUTHORIZATION_CODE', authCode: 'a'.repeat(257) },
        error: ['/authCode', 'maxLength'],
      },
    ],
  },
  'snap/access-token-b2b2c.response.json': {
    valid: [
      {
        responseCode: '2007400',
        responseMessage: 'Successful',
        accessToken: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjdXN0b21lciJ9.c2ln',
        tokenType: 'Bearer',
        accessTokenExpiryTime: '2020-12-21T14:56:11+07:00',
        refreshToken: '83a58570-6795-11ec-90d6-0242ac120003',
        refreshTokenExpiryTime: '2021-12-21T14:56:11+07:00',
        additionalInfo: {},
      },
    ],
    invalid: [
      {
        why: 'B2B shape (expiresIn) instead of expiry times',
        data: {
          responseCode: '2007400',
          responseMessage: 'Successful',
          accessToken: 'abc',
          tokenType: 'Bearer',
          expiresIn: '900',
        },
        error: ['', 'required'],
      },
      {
        why: 'expiry time not ISO-8601',
        data: {
          accessToken: 'abc',
          tokenType: 'Bearer',
          accessTokenExpiryTime: '21/12/2020 14:56',
          refreshToken: 'r',
          refreshTokenExpiryTime: '2021-12-21T14:56:11+07:00',
        },
        error: ['/accessTokenExpiryTime', 'format'],
      },
    ],
  },

  // balance, account inquiry, intrabank transfer
  'snap/balance-inquiry.request.json': {
    valid: [
      {
        partnerReferenceNo: '2020102900000000000001',
        bankCardToken: '6d7963617264746f6b656e',
        accountNo: '7382382957893840',
        balanceTypes: ['Cash', 'Coins'],
        additionalInfo: SNAP_INFO,
      },
      { accountNo: '888801000157508' },
    ],
    invalid: [
      {
        why: 'accountNo over 16',
        data: { accountNo: '88880100015750812' },
        error: ['/accountNo', 'maxLength'],
      },
      {
        why: 'balanceTypes as a string',
        data: { accountNo: '888801000157508', balanceTypes: 'Cash' },
        error: ['/balanceTypes', 'type'],
      },
      {
        why: 'field outside the spec',
        data: { accountNumber: '888801000157508' },
        error: ['', 'additionalProperties'],
      },
    ],
  },
  'snap/balance-inquiry.response.json': {
    valid: [
      {
        responseCode: '2001100',
        responseMessage: 'Successful',
        referenceNo: '2020102977770000000009',
        partnerReferenceNo: '2020102900000000000001',
        accountNo: '888801000157508',
        name: 'Dummy Account Name',
        accountInfos: [
          {
            balanceType: 'Cash',
            holdAmount: idr('50000.00'),
            availableBalance: idr('1950000.00'),
            ledgerBalance: idr('2000000.00'),
            status: '0001',
          },
        ],
        additionalInfo: { productCode: 'BritAma', accountType: 'SA' },
      },
      { responseCode: '2001100', responseMessage: 'Success' },
    ],
    invalid: [
      {
        why: 'balance without decimals',
        data: {
          responseCode: '2001100',
          responseMessage: 'Successful',
          accountInfos: [{ availableBalance: idr('1950000') }],
        },
        error: ['/accountInfos/0/availableBalance/value', 'pattern'],
      },
      {
        why: 'account status outside the list',
        data: { responseCode: '2001100', responseMessage: 'Successful', accountInfos: [{ status: '1' }] },
        error: ['/accountInfos/0/status', 'enum'],
      },
      {
        why: 'success code of another service',
        data: { responseCode: '2001200', responseMessage: 'Successful' },
        error: ['/responseCode', 'pattern'],
      },
    ],
  },
  'snap/account-inquiry-internal.request.json': {
    valid: [
      {
        partnerReferenceNo: '2020102900000000000001',
        beneficiaryAccountNo: '888801000157508',
        additionalInfo: SNAP_INFO,
      },
      { beneficiaryAccountNo: '888801000157508' },
    ],
    invalid: [
      {
        why: 'no beneficiary account',
        data: { partnerReferenceNo: '2020102900000000000001' },
        error: ['', 'required'],
      },
      {
        why: 'beneficiary account over 34',
        data: { beneficiaryAccountNo: '1'.repeat(35) },
        error: ['/beneficiaryAccountNo', 'maxLength'],
      },
    ],
  },
  'snap/account-inquiry-internal.response.json': {
    valid: [
      {
        responseCode: '2001500',
        responseMessage: 'Successful',
        referenceNo: '2020102977770000000009',
        partnerReferenceNo: '2020102900000000000001',
        beneficiaryAccountName: 'Yories Yolanda',
        beneficiaryAccountNo: '888801000157508',
        beneficiaryAccountStatus: 'Rekening aktif',
        beneficiaryAccountType: 'D',
        currency: 'IDR',
        additionalInfo: SNAP_INFO,
      },
    ],
    invalid: [
      {
        why: 'no account name',
        data: {
          responseCode: '2001500',
          responseMessage: 'Successful',
          beneficiaryAccountNo: '888801000157508',
        },
        error: ['', 'required'],
      },
      {
        why: 'account type outside D/S',
        data: {
          responseCode: '2001500',
          responseMessage: 'Successful',
          beneficiaryAccountName: 'A',
          beneficiaryAccountNo: '1',
          beneficiaryAccountType: 'Savings',
        },
        error: ['/beneficiaryAccountType', 'enum'],
      },
    ],
  },
  'snap/transfer-intrabank.request.json': {
    valid: [
      {
        partnerReferenceNo: '2020102900000000000001',
        amount: idr('12345678.00'),
        beneficiaryAccountNo: '888801000157508',
        beneficiaryEmail: 'customer@example.com',
        currency: 'IDR',
        customerReference: '10052019',
        feeType: 'BEN',
        remark: 'remark test',
        sourceAccountNo: '888801000157610',
        transactionDate: '2019-07-03T12:08:56+07:00',
        originatorInfos: [
          {
            originatorCustomerNo: '999901000003301',
            originatorCustomerName: 'Customer1',
            originatorBankCode: '002',
          },
        ],
        additionalInfo: SNAP_INFO,
      },
    ],
    invalid: [
      {
        why: 'no transactionDate',
        data: {
          partnerReferenceNo: '1',
          amount: idr('1.00'),
          beneficiaryAccountNo: '888801000157508',
          sourceAccountNo: '888801000157610',
        },
        error: ['', 'required'],
      },
      {
        why: 'amount as a bare number',
        data: {
          partnerReferenceNo: '1',
          amount: 12345678,
          beneficiaryAccountNo: '888801000157508',
          sourceAccountNo: '888801000157610',
          transactionDate: '2019-07-03T12:08:56+07:00',
        },
        error: ['/amount', 'type'],
      },
      {
        why: 'unknown fee type',
        data: {
          partnerReferenceNo: '1',
          amount: idr('1.00'),
          beneficiaryAccountNo: '1',
          sourceAccountNo: '2',
          transactionDate: '2019-07-03T12:08:56+07:00',
          feeType: 'FREE',
        },
        error: ['/feeType', 'enum'],
      },
    ],
  },
  'snap/transfer-intrabank.response.json': {
    valid: [
      {
        responseCode: '2001700',
        responseMessage: 'Successful',
        referenceNo: '2020102977770000000009',
        partnerReferenceNo: '2020102900000000000001',
        amount: idr('12345678.00'),
        beneficiaryAccountNo: '888801000157508',
        currency: 'IDR',
        customerReference: '10052019',
        sourceAccount: '888801000157610',
        transactionDate: '2019-07-03T12:08:56+07:00',
        additionalInfo: SNAP_INFO,
      },
    ],
    invalid: [
      {
        why: 'success without referenceNo',
        data: {
          responseCode: '2001700',
          responseMessage: 'Successful',
          beneficiaryAccountNo: '888801000157508',
          transactionDate: '2019-07-03T12:08:56+07:00',
        },
        error: ['', 'required'],
      },
      {
        why: 'transactionDate without offset',
        data: {
          responseCode: '2001700',
          responseMessage: 'Successful',
          referenceNo: '1',
          beneficiaryAccountNo: '1',
          transactionDate: '2019-07-03 12:08:56',
        },
        error: ['/transactionDate', 'format'],
      },
    ],
  },

  // SNAP virtual accounts
  'snap/transfer-va/bill-details.json': {
    valid: [
      [],
      [BILL],
      [
        {
          billCode: '02',
          billAmount: idr('5000.00'),
          billAmountLabel: 'Total',
          billAmountValue: 'Rp 5.000',
          billReferenceNo: 123456789012345,
          status: '00',
        },
      ],
    ],
    invalid: [
      { why: 'more than 24 bills', data: Array.from({ length: 25 }, () => ({})), error: ['', 'maxItems'] },
      { why: 'billCode over 2', data: [{ billCode: '001' }], error: ['/0/billCode', 'maxLength'] },
      {
        why: 'billReferenceNo over 15 digits',
        data: [{ billReferenceNo: '1234567890123456' }],
        error: ['/0/billReferenceNo', 'pattern'],
      },
    ],
  },
  'snap/transfer-va/free-texts.json': {
    valid: [[], [FREE_TEXT]],
    invalid: [
      {
        why: 'line over 32',
        data: [{ english: 'x'.repeat(33), indonesia: 'y' }],
        error: ['/0/english', 'maxLength'],
      },
      {
        why: 'more than 25 lines',
        data: Array.from({ length: 26 }, () => FREE_TEXT),
        error: ['', 'maxItems'],
      },
    ],
  },
  'snap/transfer-va/virtual-account-data.json': {
    valid: [
      VA_DATA,
      {
        ...SPEC_VA,
        virtualAccountName: 'Jokul Doe',
        trxId: 'abcdefgh1234',
        billDetails: [BILL],
        freeTexts: [FREE_TEXT],
        virtualAccountTrxType: 'C',
      },
    ],
    invalid: [
      { why: 'no trxId', data: without(VA_DATA, 'trxId'), error: ['', 'required'] },
      {
        why: 'unpadded prefix',
        data: { ...VA_DATA, partnerServiceId: '77777' },
        error: ['/partnerServiceId', 'minLength'],
      },
    ],
  },
  'snap/transfer-va/create-va.request.json': {
    valid: [
      {
        ...BRI_VA,
        virtualAccountName: 'John Doe',
        totalAmount: idr('10000.00'),
        expiredDate: '2024-06-08T10:00:00+07:00',
        trxId: 'abcdefgh1234',
        additionalInfo: { description: '12345679237' },
      },
      {
        ...SPEC_VA,
        virtualAccountName: 'Jokul Doe',
        virtualAccountEmail: 'jokul@example.com',
        virtualAccountPhone: '6281828384858',
        trxId: 'abcdefgh1234',
        totalAmount: idr('12345678.00'),
        billDetails: [BILL],
        freeTexts: [FREE_TEXT],
        virtualAccountTrxType: 'C',
        feeAmount: idr('0.00'),
        expiredDate: '2020-12-31T23:59:59-07:00',
        additionalInfo: {},
      },
      { virtualAccountName: 'Only Mandatory', trxId: 'T1' },
    ],
    invalid: [
      { why: 'no trxId', data: { virtualAccountName: 'John Doe' }, error: ['', 'required'] },
      {
        why: 'lower-case trx type',
        data: { virtualAccountName: 'John Doe', trxId: 'T1', virtualAccountTrxType: 'c' },
        error: ['/virtualAccountTrxType', 'enum'],
      },
      {
        why: 'misspelt field',
        data: { virtualAccountName: 'John Doe', trxId: 'T1', virtualAccountTrxTyp: 'C' },
        error: ['', 'additionalProperties'],
      },
      {
        why: 'expiredDate without time',
        data: { virtualAccountName: 'John Doe', trxId: 'T1', expiredDate: '2024-06-08' },
        error: ['/expiredDate', 'format'],
      },
    ],
  },
  'snap/transfer-va/create-va.response.json': {
    valid: [{ responseCode: '2002700', responseMessage: 'Successful', virtualAccountData: VA_DATA }],
    invalid: [
      {
        why: 'no virtualAccountData',
        data: { responseCode: '2002700', responseMessage: 'Successful' },
        error: ['', 'required'],
      },
      {
        why: 'amount without decimals',
        data: {
          responseCode: '2002700',
          responseMessage: 'Successful',
          virtualAccountData: { ...VA_DATA, totalAmount: idr('10000') },
        },
        error: ['/virtualAccountData/totalAmount/value', 'pattern'],
      },
    ],
  },
  'snap/transfer-va/inquiry-va.request.json': {
    valid: [{ ...BRI_VA, trxId: 'abcdefgh1234' }, SPEC_VA],
    invalid: [
      { why: 'no customerNo', data: without(BRI_VA, 'customerNo'), error: ['', 'required'] },
      {
        why: 'field outside the spec',
        data: { ...BRI_VA, inquiryRequestId: 'x' },
        error: ['', 'additionalProperties'],
      },
    ],
  },
  'snap/transfer-va/inquiry-va.response.json': {
    valid: [{ responseCode: '2003000', responseMessage: 'Successful', virtualAccountData: VA_DATA }],
    invalid: [
      {
        why: 'create-VA success code',
        data: { responseCode: '2002700', responseMessage: 'Successful', virtualAccountData: VA_DATA },
        error: ['/responseCode', 'pattern'],
      },
      {
        why: 'no VA name',
        data: {
          responseCode: '2003000',
          responseMessage: 'Successful',
          virtualAccountData: without(VA_DATA, 'virtualAccountName'),
        },
        error: ['/virtualAccountData', 'required'],
      },
    ],
  },
  'snap/transfer-va/status.request.json': {
    valid: [
      {
        ...SPEC_VA,
        inquiryRequestId: 'abcdef-123456-abcdef',
        paymentRequestId: 'abcdef-123456-abcdef',
        additionalInfo: {},
      },
      BRI_VA,
    ],
    invalid: [
      { why: 'no identifiers', data: { inquiryRequestId: 'abcdef-123456-abcdef' }, error: ['', 'required'] },
      {
        why: 'inquiryRequestId over 128',
        data: { ...BRI_VA, inquiryRequestId: 'x'.repeat(129) },
        error: ['/inquiryRequestId', 'maxLength'],
      },
    ],
  },
  'snap/transfer-va/status.response.json': {
    valid: [
      {
        responseCode: '2002600',
        responseMessage: 'Successful',
        virtualAccountData: {
          paymentFlagReason: { english: 'Success', indonesia: 'Sukses' },
          ...SPEC_VA,
          inquiryRequestId: 'abcdef-123456-abcdef',
          paymentRequestId: 'abcdef-123456-abcdef',
          paidAmount: idr('55000.00'),
          paidBills: '95000',
          totalAmount: idr('55000.00'),
          trxDateTime: '2023-12-13T17:54:04+07:00',
          referenceNo: '123456789012345',
          paymentType: '1',
          flagAdvise: 'N',
          paymentFlagStatus: '00',
          billDetails: [{ ...BILL, status: '00', reason: { english: 'Success', indonesia: 'Sukses' } }],
          freeTexts: [FREE_TEXT],
        },
        additionalInfo: {},
      },
    ],
    invalid: [
      {
        why: 'paid amount without decimals (as the ASPI sandbox returns)',
        data: {
          responseCode: '2002600',
          responseMessage: 'Successful',
          virtualAccountData: { ...SPEC_VA, paidAmount: { value: '55000', currency: 'IDR' } },
        },
        error: ['/virtualAccountData/paidAmount/value', 'pattern'],
      },
      {
        why: 'no virtualAccountData',
        data: { responseCode: '2002600', responseMessage: 'Successful' },
        error: ['', 'required'],
      },
    ],
  },
  'snap/transfer-va/delete-va.request.json': {
    valid: [{ ...SPEC_VA, trxId: 'abcdefgh1234', additionalInfo: {} }, BRI_VA],
    invalid: [
      { why: 'no VA number', data: without(SPEC_VA, 'virtualAccountNo'), error: ['', 'required'] },
      {
        why: 'NICEPAY cancel fields on a SNAP body',
        data: { ...SPEC_VA, cancelMessage: 'Cancel Virtual Account' },
        error: ['', 'additionalProperties'],
      },
    ],
  },
  'snap/transfer-va/delete-va.response.json': {
    valid: [
      {
        responseCode: '2003100',
        responseMessage: 'Successful',
        virtualAccountData: { ...SPEC_VA, trxId: 'abcdefgh1234', additionalInfo: {} },
        additionalInfo: {},
      },
    ],
    invalid: [
      {
        why: 'no virtualAccountData',
        data: { responseCode: '2003100', responseMessage: 'Successful' },
        error: ['', 'required'],
      },
      {
        why: 'customerNo over 20',
        data: {
          responseCode: '2003100',
          responseMessage: 'Successful',
          virtualAccountData: { ...SPEC_VA, customerNo: '1'.repeat(21) },
        },
        error: ['/virtualAccountData/customerNo', 'maxLength'],
      },
    ],
  },
  'snap/transfer-va/inquiry.request.json': {
    valid: [
      {
        ...SPEC_VA,
        txnDateInit: '2020-12-23T08:30:25+07:00',
        channelCode: 6011,
        language: 'ID',
        amount: idr('250000.00'),
        hashedSourceAccountNo: '',
        sourceBankCode: '008',
        passApp: '',
        inquiryRequestId: 'abcdef-123456-abcdef',
        additionalInfo: SNAP_INFO,
      },
      { ...BRI_VA, trxDateInit: '2024-01-25T13:36:23+07:00', inquiryRequestId: '202401251336230001' },
    ],
    invalid: [
      {
        why: 'channelCode as a string',
        data: { ...SPEC_VA, inquiryRequestId: 'x', channelCode: '6011' },
        error: ['/channelCode', 'type'],
      },
      { why: 'no inquiryRequestId', data: SPEC_VA, error: ['', 'required'] },
    ],
  },
  'snap/transfer-va/inquiry.response.json': {
    valid: [
      {
        responseCode: '2002400',
        responseMessage: 'Successful',
        virtualAccountData: {
          inquiryStatus: '00',
          inquiryReason: { english: 'Success', indonesia: 'Sukses' },
          ...SPEC_VA,
          virtualAccountName: 'Jokul Doe',
          virtualAccountEmail: 'jokul@example.com',
          virtualAccountPhone: '6281828384858',
          inquiryRequestId: 'abcdef-123456-abcdef',
          totalAmount: idr('250000.00'),
          subCompany: '00000',
          billDetails: [BILL],
          freeTexts: [FREE_TEXT],
          virtualAccountTrxType: 'C',
          feeAmount: idr('5000.00'),
          additionalInfo: SNAP_INFO,
        },
      },
    ],
    invalid: [
      {
        why: 'no inquiryRequestId echoed',
        data: {
          responseCode: '2002400',
          responseMessage: 'Successful',
          virtualAccountData: { ...SPEC_VA, virtualAccountName: 'Jokul Doe' },
        },
        error: ['/virtualAccountData', 'required'],
      },
      {
        why: 'inquiry reason over 64',
        data: {
          responseCode: '2002400',
          responseMessage: 'Successful',
          virtualAccountData: {
            ...SPEC_VA,
            virtualAccountName: 'J',
            inquiryRequestId: 'x',
            inquiryReason: { english: 'e'.repeat(65) },
          },
        },
        error: ['/virtualAccountData/inquiryReason/english', 'maxLength'],
      },
    ],
  },
  'snap/transfer-va/payment.request.json': {
    valid: [
      {
        ...SPEC_VA,
        virtualAccountName: 'Jokul Doe',
        virtualAccountEmail: 'jokul@example.com',
        virtualAccountPhone: '6281828384858',
        trxId: 'abcdefgh1234',
        paymentRequestId: 'abcdef-123456-abcdef',
        channelCode: 6011,
        hashedSourceAccountNo: 'abcdefghijklmnopqrstuvwxyz123456',
        sourceBankCode: '008',
        paidAmount: idr('100000.00'),
        cumulativePaymentAmount: idr('4950000.00'),
        paidBills: '95000',
        totalAmount: idr('100000.00'),
        trxDateTime: '2020-12-23T08:30:25+07:00',
        referenceNo: '123456789012345',
        journalNum: '123456',
        paymentType: '1',
        flagAdvise: 'N',
        subCompany: '12345',
        billDetails: [{ ...BILL, billReferenceNo: '123456789012345' }],
        freeTexts: [FREE_TEXT],
        additionalInfo: {},
      },
      { ...BRI_VA, paymentRequestId: '202401251336230001', paidAmount: idr('10000.00') },
    ],
    invalid: [
      { why: 'no paidAmount', data: { ...SPEC_VA, paymentRequestId: 'x' }, error: ['', 'required'] },
      {
        why: 'flagAdvise not Y/N',
        data: { ...SPEC_VA, paymentRequestId: 'x', paidAmount: idr('1.00'), flagAdvise: 'yes' },
        error: ['/flagAdvise', 'enum'],
      },
      {
        why: 'paidBills not hex',
        data: { ...SPEC_VA, paymentRequestId: 'x', paidAmount: idr('1.00'), paidBills: 'ZZ' },
        error: ['/paidBills', 'pattern'],
      },
    ],
  },
  'snap/transfer-va/payment.response.json': {
    valid: [
      {
        responseCode: '2002500',
        responseMessage: 'Successful',
        virtualAccountData: {
          paymentFlagReason: { english: 'Success', indonesia: 'Sukses' },
          ...SPEC_VA,
          virtualAccountName: 'Jokul Doe',
          trxId: 'abcdefgh1234',
          paymentRequestId: 'abcdef-123456-abcdef',
          paidAmount: idr('100000.00'),
          totalAmount: idr('100000.00'),
          trxDateTime: '2020-12-23T08:30:25+07:00',
          referenceNo: '123456789012345',
          flagAdvise: 'N',
          paymentFlagStatus: '00',
          billDetails: [{ ...BILL, status: '00', reason: { english: 'Success', indonesia: 'Sukses' } }],
          freeTexts: [FREE_TEXT],
        },
        additionalInfo: {},
      },
    ],
    invalid: [
      {
        why: 'no paymentRequestId echoed',
        data: {
          responseCode: '2002500',
          responseMessage: 'Successful',
          virtualAccountData: { ...SPEC_VA, virtualAccountName: 'Jokul Doe' },
        },
        error: ['/virtualAccountData', 'required'],
      },
      {
        why: 'paymentFlagStatus over 2',
        data: {
          responseCode: '2002500',
          responseMessage: 'Successful',
          virtualAccountData: {
            ...SPEC_VA,
            virtualAccountName: 'J',
            paymentRequestId: 'p',
            paymentFlagStatus: '000',
          },
        },
        error: ['/virtualAccountData/paymentFlagStatus', 'maxLength'],
      },
    ],
  },

  // NICEPAY
  'nicepay/va-identifiers.json': {
    valid: [
      { partnerServiceId: '', customerNo: '', virtualAccountNo: '' },
      { partnerServiceId: '08889', customerNo: '12345678901234567890', virtualAccountNo: '9912304000007307' },
    ],
    invalid: [
      {
        why: 'identifiers omitted rather than empty',
        data: { partnerServiceId: '', customerNo: '' },
        error: ['', 'required'],
      },
      {
        why: 'customerNo as a number',
        data: { partnerServiceId: '', customerNo: 1234, virtualAccountNo: '' },
        error: ['/customerNo', 'type'],
      },
    ],
  },
  'nicepay/access-token.response.json': {
    valid: [
      {
        responseCode: '2007300',
        responseMessage: 'Successful',
        accessToken: NICEPAY_TOKEN,
        tokenType: 'Bearer',
        expiresIn: '900',
      },
    ],
    invalid: [
      {
        why: 'expiresIn as a number',
        data: {
          responseCode: '2007300',
          responseMessage: 'Successful',
          accessToken: 'abc',
          tokenType: 'Bearer',
          expiresIn: 900,
        },
        error: ['/expiresIn', 'type'],
      },
      {
        why: "BRI's token type",
        data: {
          responseCode: '2007300',
          responseMessage: 'Successful',
          accessToken: 'abc',
          tokenType: 'BearerToken',
          expiresIn: '900',
        },
        error: ['/tokenType', 'const'],
      },
      {
        why: 'NICEPAY always sends the code',
        data: { accessToken: 'abc', tokenType: 'Bearer', expiresIn: '900' },
        error: ['', 'required'],
      },
    ],
  },
  'nicepay/create-va.request.json': {
    valid: [
      NICEPAY_CREATE_REQUEST,
      {
        ...NICEPAY_CREATE_REQUEST,
        partnerServiceId: '1234',
        virtualAccountName: 'TESTVaName',
        trxId: 'TESTTrxId',
        totalAmount: idr('11000.00'),
        additionalInfo: {
          bankCd: 'BBBA',
          goodsNm: 'TESTGoodsNm',
          dbProcessUrl: 'https://merchant.com/test',
          vacctValidDt: '20241231',
          vacctValidTm: '235959',
          msFeeType: '',
        },
      },
    ],
    invalid: [
      {
        why: 'no bank code',
        data: {
          ...NICEPAY_CREATE_REQUEST,
          additionalInfo: without(NICEPAY_CREATE_REQUEST.additionalInfo, 'bankCd'),
        },
        error: ['/additionalInfo', 'required'],
      },
      {
        why: 'lower-case bank code',
        data: {
          ...NICEPAY_CREATE_REQUEST,
          additionalInfo: { ...NICEPAY_CREATE_REQUEST.additionalInfo, bankCd: 'bmri' },
        },
        error: ['/additionalInfo/bankCd', 'pattern'],
      },
      {
        why: 'validity date with dashes',
        data: {
          ...NICEPAY_CREATE_REQUEST,
          additionalInfo: { ...NICEPAY_CREATE_REQUEST.additionalInfo, vacctValidDt: '2024-12-31' },
        },
        error: ['/additionalInfo/vacctValidDt', 'pattern'],
      },
      {
        why: 'partnerServiceId over SNAP 8',
        data: { ...NICEPAY_CREATE_REQUEST, partnerServiceId: '123456789' },
        error: ['/partnerServiceId', 'maxLength'],
      },
      {
        why: 'bank code at top level',
        data: { ...NICEPAY_CREATE_REQUEST, bankCd: 'BMRI' },
        error: ['', 'additionalProperties'],
      },
      {
        why: 'identifiers omitted (NICEPAY wants them, empty)',
        data: without(NICEPAY_CREATE_REQUEST, 'partnerServiceId'),
        error: ['', 'required'],
      },
    ],
  },
  'nicepay/create-va.response.json': {
    valid: [
      NICEPAY_CREATE_RESPONSE,
      {
        ...NICEPAY_CREATE_RESPONSE,
        virtualAccountData: {
          ...NICEPAY_CREATE_RESPONSE.virtualAccountData,
          additionalInfo: { tXidVA: TXID_VA, vacctValidDt: '20240501', vacctValidTm: '235959' },
        },
      },
    ],
    invalid: [
      {
        why: "no tXidVA (can't cancel or query the VA without it)",
        data: {
          ...NICEPAY_CREATE_RESPONSE,
          virtualAccountData: {
            ...NICEPAY_CREATE_RESPONSE.virtualAccountData,
            additionalInfo: { bankCd: 'BMRI' },
          },
        },
        error: ['/virtualAccountData/additionalInfo', 'required'],
      },
      {
        why: 'no generated VA number',
        data: {
          ...NICEPAY_CREATE_RESPONSE,
          virtualAccountData: { ...NICEPAY_CREATE_RESPONSE.virtualAccountData, virtualAccountNo: '' },
        },
        error: ['/virtualAccountData/virtualAccountNo', 'minLength'],
      },
      {
        why: 'status success code',
        data: { ...NICEPAY_CREATE_RESPONSE, responseCode: '2002600' },
        error: ['/responseCode', 'pattern'],
      },
    ],
  },
  'nicepay/va-status.request.json': {
    valid: [
      {
        partnerServiceId: '',
        customerNo: '',
        virtualAccountNo: '447792631104334735',
        inquiryRequestId: 'dsfsd43',
        additionalInfo: { totalAmount: idr('11000.00'), trxId: 'TESTTrxId', tXidVA: TXID_VA },
      },
    ],
    invalid: [
      {
        why: 'no tXidVA',
        data: {
          partnerServiceId: '',
          customerNo: '',
          virtualAccountNo: '447792631104334735',
          additionalInfo: { totalAmount: idr('11000.00'), trxId: 'TESTTrxId' },
        },
        error: ['/additionalInfo', 'required'],
      },
      {
        why: 'no additionalInfo',
        data: { partnerServiceId: '', customerNo: '', virtualAccountNo: '447792631104334735' },
        error: ['', 'required'],
      },
      {
        why: 'tXidVA with punctuation',
        data: {
          partnerServiceId: '',
          customerNo: '',
          virtualAccountNo: '1',
          additionalInfo: { totalAmount: idr('1.00'), trxId: 'T', tXidVA: 'IONPAYTEST-02-2024' },
        },
        error: ['/additionalInfo/tXidVA', 'pattern'],
      },
    ],
  },
  'nicepay/va-status.response.json': {
    valid: [
      {
        responseCode: '2002600',
        responseMessage: 'Successful',
        virtualAccountData: {
          partnerServiceId: '',
          customerNo: '',
          virtualAccountNo: '447792631104334735',
          inquiryRequestId: 'dsfsd43',
          totalAmount: idr('11000.00'),
          transactionDate: '2024-08-19T11:04:33+07:00',
          additionalInfo: {
            trxId: 'TESTTrxId',
            tXidVA: TXID_VA,
            totalAmount: idr('11000.00'),
            bankCd: 'BMRI',
            latestTransactionStatus: '03',
            transactionStatusDesc: 'Unpaid',
          },
        },
        additionalInfo: {},
      },
    ],
    invalid: [
      {
        why: 'no virtualAccountData',
        data: { responseCode: '2002600', responseMessage: 'Successful' },
        error: ['', 'required'],
      },
      {
        why: 'transaction status as a number',
        data: {
          responseCode: '2002600',
          responseMessage: 'Successful',
          virtualAccountData: { virtualAccountNo: '1', additionalInfo: { latestTransactionStatus: 0 } },
        },
        error: ['/virtualAccountData/additionalInfo/latestTransactionStatus', 'type'],
      },
    ],
  },
  'nicepay/delete-va.request.json': {
    valid: [
      {
        partnerServiceId: '',
        customerNo: '',
        virtualAccountNo: '7001400002009191',
        trxId: 'TESTREFNO',
        additionalInfo: {
          totalAmount: idr('10000.00'),
          tXidVA: 'IONPAYTEST02202408191440205690',
          cancelMessage: 'Cancel Virtual Account',
        },
      },
      {
        partnerServiceId: '08889',
        customerNo: '12345678901234567890',
        virtualAccountNo: '9912304000007307',
        trxId: '2024123000000000000001',
        additionalInfo: {
          totalAmount: idr('10000.00'),
          tXidVA: 'NORMALTEST02202401181001033629',
          cancelMessage: 'Cancel Virtual Account',
        },
      },
    ],
    invalid: [
      {
        why: 'no cancelMessage',
        data: {
          partnerServiceId: '',
          customerNo: '',
          virtualAccountNo: '1',
          trxId: 'T',
          additionalInfo: { totalAmount: idr('1.00'), tXidVA: TXID_VA },
        },
        error: ['/additionalInfo', 'required'],
      },
      {
        why: 'tXidVA left empty',
        data: {
          partnerServiceId: '',
          customerNo: '',
          virtualAccountNo: '1',
          trxId: 'T',
          additionalInfo: { totalAmount: idr('1.00'), tXidVA: '', cancelMessage: 'c' },
        },
        error: ['/additionalInfo/tXidVA', 'minLength'],
      },
      {
        why: 'no trxId',
        data: { partnerServiceId: '', customerNo: '', virtualAccountNo: '1', additionalInfo: {} },
        error: ['', 'required'],
      },
    ],
  },
  'nicepay/delete-va.response.json': {
    valid: [
      {
        responseCode: '2003100',
        responseMessage: 'Successful',
        virtualAccountData: {
          partnerServiceId: '',
          customerNo: '',
          virtualAccountNo: '7001400002009191',
          trxId: 'TESTREFNO',
          additionalInfo: { tXidVA: 'IONPAYTEST02202408191440205690', totalAmount: idr('10000.00') },
        },
      },
      { responseCode: '2003100', responseMessage: 'Successful' },
    ],
    invalid: [
      {
        why: 'create-VA success code',
        data: { responseCode: '2002700', responseMessage: 'Successful' },
        error: ['/responseCode', 'pattern'],
      },
      {
        why: 'cancelled amount without decimals',
        data: {
          responseCode: '2003100',
          responseMessage: 'Successful',
          virtualAccountData: { additionalInfo: { totalAmount: idr('10000') } },
        },
        error: ['/virtualAccountData/additionalInfo/totalAmount/value', 'pattern'],
      },
    ],
  },

  // BRI API v2
  'bri/token.response.json': {
    valid: [
      BRI_TOKEN_RESPONSE,
      {
        access_token: BRI_TOKEN,
        token_type: 'BearerToken',
        expires_in: '179999',
        issued_at: '1706164583312',
        client_id: 'abc',
        status: 'approved',
      },
    ],
    invalid: [
      {
        why: 'expires_in as a number',
        data: { ...BRI_TOKEN_RESPONSE, expires_in: 179999 },
        error: ['/expires_in', 'type'],
      },
      {
        why: 'token_type Bearer',
        data: { ...BRI_TOKEN_RESPONSE, token_type: 'Bearer' },
        error: ['/token_type', 'const'],
      },
      {
        why: 'issued_at in seconds',
        data: { ...BRI_TOKEN_RESPONSE, issued_at: '1706164583' },
        error: ['/issued_at', 'pattern'],
      },
      { why: 'revoked app', data: { ...BRI_TOKEN_RESPONSE, status: 'revoked' }, error: ['/status', 'const'] },
      { why: 'no access token', data: without(BRI_TOKEN_RESPONSE, 'access_token'), error: ['', 'required'] },
    ],
  },
  'bri/token-error.response.json': {
    valid: [
      { ErrorCode: 'invalid_client', Error: 'ClientId is Invalid' },
      { ErrorCode: 'unsupported_grant_type', Error: 'Unsupported grant type : client_credential' },
    ],
    invalid: [
      {
        why: 'gateway envelope instead',
        data: { status: { code: '0601', desc: 'Invalid token' } },
        error: ['', 'required'],
      },
      {
        why: 'empty error code',
        data: { ErrorCode: '', Error: 'ClientId is Invalid' },
        error: ['/ErrorCode', 'minLength'],
      },
    ],
  },
  'bri/status-envelope.json': {
    valid: [
      { status: { code: '0601', desc: 'Invalid token' } },
      { status: { code: '0602', desc: 'Invalid Signature' } },
      { status: { code: '0603', desc: 'Unauthorized. Client Forbidden Access API' } },
      { status: { code: '0109', desc: 'Invalid request parameter' } },
    ],
    invalid: [
      {
        why: 'code as a number',
        data: { status: { code: 601, desc: 'Invalid token' } },
        error: ['/status/code', 'type'],
      },
      {
        why: 'SNAP envelope instead',
        data: { responseCode: '4017300', responseMessage: 'Unauthorized' },
        error: ['', 'required'],
      },
      { why: 'no description', data: { status: { code: '0601' } }, error: ['/status', 'required'] },
    ],
  },
  'bri/mpn-inquiry-billing.request.json': {
    valid: [{ billingCode: '820240125000123' }],
    invalid: [
      {
        why: 'billing code of 14 digits',
        data: { billingCode: '82024012500012' },
        error: ['/billingCode', 'pattern'],
      },
      {
        why: 'billing code as a number',
        data: { billingCode: 820240125000123 },
        error: ['/billingCode', 'type'],
      },
      { why: 'no billing code', data: {}, error: ['', 'required'] },
    ],
  },
  'bri/mpn-inquiry-billing.response.json': {
    valid: [{ responseCode: '00', responseDescription: 'Inquiry Success', data: MPN_BILL }],
    invalid: [
      {
        why: 'amount without decimals',
        data: {
          responseCode: '00',
          responseDescription: 'Inquiry Success',
          data: { ...MPN_BILL, amount: '1500000' },
        },
        error: ['/data/amount', 'pattern'],
      },
      {
        why: 'foreign currency',
        data: {
          responseCode: '00',
          responseDescription: 'Inquiry Success',
          data: { ...MPN_BILL, currency: 'USD' },
        },
        error: ['/data/currency', 'const'],
      },
      {
        why: 'failure code',
        data: { responseCode: '14', responseDescription: 'Billing not found', data: MPN_BILL },
        error: ['/responseCode', 'pattern'],
      },
      {
        why: 'expiredDate without time',
        data: {
          responseCode: '00',
          responseDescription: 'Inquiry Success',
          data: { ...MPN_BILL, expiredDate: '2024-02-01' },
        },
        error: ['/data/expiredDate', 'format'],
      },
    ],
  },
  'bri/mpn-payment.request.json': {
    valid: [
      {
        billingCode: '820240125000123',
        amount: '1500000.00',
        referenceNo: 'KONTRAK202401250001',
        sourceAccountNo: '0011223344',
      },
    ],
    invalid: [
      {
        why: 'no source account',
        data: { billingCode: '820240125000123', amount: '1500000.00', referenceNo: 'R1' },
        error: ['', 'required'],
      },
      {
        why: 'referenceNo over 32',
        data: { billingCode: '820240125000123', amount: '1500000.00', referenceNo: 'R'.repeat(33) },
        error: ['/referenceNo', 'maxLength'],
      },
      {
        why: 'amount as a number',
        data: { billingCode: '820240125000123', amount: 1500000, referenceNo: 'R1' },
        error: ['/amount', 'type'],
      },
      {
        why: 'no referenceNo',
        data: { billingCode: '820240125000123', amount: '1500000.00' },
        error: ['', 'required'],
      },
    ],
  },
  'bri/mpn-payment.response.json': {
    valid: [
      {
        responseCode: '00',
        responseDescription: 'Payment Success',
        data: {
          billingCode: '820240125000123',
          referenceNo: 'KONTRAK202401250001',
          ntpn: '0A1B2C3D4E5F6A7B',
          paidAt: '2024-01-25T13:40:02+07:00',
        },
      },
    ],
    invalid: [
      {
        why: 'NTPN of 15 characters',
        data: {
          responseCode: '00',
          responseDescription: 'Payment Success',
          data: { billingCode: '820240125000123', referenceNo: 'R1', ntpn: '0A1B2C3D4E5F6A7' },
        },
        error: ['/data/ntpn', 'pattern'],
      },
      {
        why: 'no NTPN',
        data: {
          responseCode: '00',
          responseDescription: 'Payment Success',
          data: { billingCode: '820240125000123', referenceNo: 'R1' },
        },
        error: ['/data', 'required'],
      },
    ],
  },
  'bri/mpn-error.response.json': {
    valid: [
      { responseCode: '14', responseDescription: 'Billing code not found' },
      { responseCode: '0109', responseDescription: 'Invalid request parameter', data: null },
    ],
    invalid: [
      {
        why: 'success code',
        data: { responseCode: '00', responseDescription: 'Inquiry Success' },
        error: ['/responseCode', 'not'],
      },
      {
        why: 'SNAP envelope instead',
        data: { responseCode: '4040000', responseMessage: 'Not Found' },
        error: ['', 'required'],
      },
    ],
  },
  // Inbound (bank → partner) callbacks: the Midtrans GoPay notify sample (https://github.com/Midtrans/SNAP-BI-Signature-Demo) and a
  // QRIS notify in the same shape.
  'snap/debit/notify.request.json': {
    valid: [
      {
        originalPartnerReferenceNo: 'GP24043015193402809',
        originalReferenceNo: 'A120240430081940S9vu8gSjaRID',
        merchantId: 'G099333790',
        amount: idr('102800.00'),
        latestTransactionStatus: '00',
        transactionStatusDesc: 'SUCCESS',
        additionalInfo: { refundHistory: [] },
      },
    ],
    invalid: [
      {
        why: 'no latestTransactionStatus',
        data: { originalReferenceNo: 'A1', amount: idr('1.00') },
        error: ['', 'required'],
      },
      {
        why: 'a status that is not two digits',
        data: { originalReferenceNo: 'A1', amount: idr('1.00'), latestTransactionStatus: 'SUCCESS' },
        error: ['/latestTransactionStatus', 'pattern'],
      },
    ],
  },
  'snap/debit/notify.response.json': {
    valid: [{ responseCode: '2005600', responseMessage: 'Successful' }],
    invalid: [
      {
        why: 'the code of another service',
        data: { responseCode: '2005200', responseMessage: 'Successful' },
        error: ['/responseCode', 'pattern'],
      },
    ],
  },
  'snap/qr/qr-mpm-notify.request.json': {
    valid: [
      {
        originalReferenceNo: 'QR2024050200001',
        originalPartnerReferenceNo: 'ORDER-1',
        latestTransactionStatus: '00',
        amount: idr('25000.00'),
        additionalInfo: {},
      },
    ],
    invalid: [
      {
        why: 'an amount that is a number, not SNAP money',
        data: { originalReferenceNo: 'QR1', latestTransactionStatus: '00', amount: 25000 },
        error: ['/amount', 'type'],
      },
    ],
  },
  'snap/qr/qr-mpm-notify.response.json': {
    valid: [{ responseCode: '2005200', responseMessage: 'Successful' }],
    invalid: [
      {
        why: 'no responseMessage',
        data: { responseCode: '2005200' },
        error: ['', 'required'],
      },
    ],
  },
  'partner/va-refusal.response.json': {
    valid: [
      {
        responseCode: '4042412',
        responseMessage: 'Invalid Bill/Virtual Account',
        virtualAccountData: {
          inquiryStatus: '01',
          inquiryReason: { english: 'Bill not found', indonesia: 'Tagihan tidak ditemukan' },
          ...SPEC_VA,
        },
      },
      {
        responseCode: '4042513',
        responseMessage: 'Invalid Amount',
        virtualAccountData: {
          paymentFlagStatus: '01',
          paymentFlagReason: { english: 'Invalid Amount', indonesia: 'Jumlah tidak sesuai' },
        },
      },
    ],
    invalid: [
      {
        why: 'a refusal without the reason BCA asks for',
        data: {
          responseCode: '4042412',
          responseMessage: 'Invalid Bill/Virtual Account',
          virtualAccountData: { inquiryStatus: '01' },
        },
        error: ['/virtualAccountData', 'oneOf'],
      },
      {
        why: 'not a VA refusal code',
        data: {
          responseCode: '4012400',
          responseMessage: 'Unauthorized',
          virtualAccountData: { inquiryStatus: '01', inquiryReason: { english: 'x', indonesia: 'x' } },
        },
        error: ['/responseCode', 'pattern'],
      },
    ],
  },
};

// ---- tests ----

function describeErrors(errors: readonly ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.keyword}: ${e.message ?? ''}`).join('\n');
}

describe('schemas/', () => {
  it('compiles every schema in ajv strict mode without a diagnostic', () => {
    expect(loaded.diagnostics).toEqual([]);
    expect(registry.documents.size).toBeGreaterThan(0);
  });

  it('has hand-made examples for every schema file, and none for a file that does not exist', () => {
    const files = [...registry.documents.keys()].filter((key) => !isDerivedSchema(key)).sort();
    const entries = Object.keys(EXAMPLES).sort();
    expect(
      files.filter((f) => !entries.includes(f)),
      'schema files without examples',
    ).toEqual([]);
    expect(
      entries.filter((e) => !files.includes(e)),
      'examples for missing schema files',
    ).toEqual([]);
  });

  it('gives every schema draft 2020-12, an $id matching its path, a title and a description', () => {
    for (const [path, document] of registry.documents) {
      const schema = document as Record<string, unknown>;
      expect(schema['$schema'], path).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema['$id'], path).toBe(`https://kontrak.dev/schemas/${path}`);
      expect(typeof schema['title'], path).toBe('string');
      expect(typeof schema['description'], path).toBe('string');
    }
  });

  for (const [path, cases] of Object.entries(EXAMPLES)) {
    describe(path, () => {
      it('has at least one valid and one invalid example', () => {
        expect(cases.valid.length).toBeGreaterThan(0);
        expect(cases.invalid.length).toBeGreaterThan(0);
      });

      it('accepts every valid example', () => {
        const validate = registry.validator(path);
        expect(validate, `${path} is not loaded`).toBeDefined();
        cases.valid.forEach((example, index) => {
          const ok = validate!(example);
          expect(ok, `valid example #${index} rejected:\n${describeErrors(validate!.errors)}`).toBe(true);
        });
      });

      it('rejects every invalid example for the stated reason', () => {
        const validate = registry.validator(path);
        expect(validate, `${path} is not loaded`).toBeDefined();
        for (const { why, data, error } of cases.invalid) {
          const ok = validate!(data);
          expect(ok, `invalid example accepted: ${why}`).toBe(false);
          const [pointer, keyword] = error;
          const found = (validate!.errors ?? []).some(
            (e) => e.instancePath === pointer && e.keyword === keyword,
          );
          expect(
            found,
            `${why}: expected "${pointer || '/'} ${keyword}" among:\n${describeErrors(validate!.errors)}`,
          ).toBe(true);
        }
      });
    });
  }
});
