/**
 * A bank's mandatory request fields, one answer for the mock, the derived negatives, validate and
 * explain: ASPI's (the catalogue's aspiMandatory), then the bank's own with their sources (the
 * profile's `mandatory` knob and its request overlays that make a field required).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bankMandatory } from '../../src/banks/mandatory.ts';
import { bankServiceKnobs } from '../../src/load/bank.ts';
import { bankProfiles, readBankProfile } from '../../src/load/bank-profiles.ts';
import { REPO_ROOT } from '../support/project.ts';

const banks = bankProfiles();
const SNAP = readFileSync(join(REPO_ROOT, 'banks', 'snap.yaml'), 'utf8');
/** The SNAP profile with a request overlay that makes QRIS generate's partnerReferenceNo mandatory. */
const withOverlay = readBankProfile(
  'banks/acme.yaml',
  `${SNAP.trimEnd()}\noverlays:\n  - { service: qr/qr-mpm-generate, on: request, field: /partnerReferenceNo, change: required, source: "Acme QRIS guide p. 4", confidence: documented }\n`,
).value!;

describe("a bank's mandatory request fields", () => {
  it("leave out a field of ASPI's that a request overlay makes not required", () => {
    const profile = readBankProfile(
      'banks/acme.yaml',
      `${SNAP.trimEnd()}\noverlays:\n  - { service: transfer-va/payment, on: request, field: /paidAmount, change: not-required, source: "Acme VA guide", confidence: documented }\n`,
    ).value!;
    expect(bankMandatory(profile, 'transfer-va/payment')).toEqual([
      {
        fields: ['partnerServiceId', 'customerNo', 'virtualAccountNo', 'paymentRequestId'],
        source: expect.stringContaining('ASPI') as string,
      },
    ]);
  });

  it('leave out a nested field an overlay requires (required in its parent when sent) and array items', () => {
    const profile = readBankProfile(
      'banks/acme.yaml',
      `${SNAP.trimEnd()}\noverlays:\n  - { service: debit/refund, on: request, field: /refundAmount/value, change: required, source: "Acme refund guide", confidence: documented }\n  - { service: debit/refund, on: request, field: /urlParams/*/url, change: required, source: "Acme refund guide", confidence: documented }\n`,
    ).value!;
    expect(bankMandatory(profile, 'debit/refund')).toEqual([
      { fields: ['partnerRefundNo'], source: expect.stringContaining('ASPI') as string },
    ]);
  });

  it("are ASPI's, then the bank's own knob with its source", () => {
    expect(bankMandatory(banks.get('bca')!, 'bank-statement')).toEqual([
      {
        fields: ['fromDateTime', 'toDateTime'],
        source: expect.stringContaining('developer.bca.co.id SNAP Banking Bank Statement') as string,
        bank: 'bca',
      },
    ]);
    expect(bankMandatory(banks.get('snap')!, 'transfer-va/payment')).toEqual([
      {
        fields: ['partnerServiceId', 'customerNo', 'virtualAccountNo', 'paymentRequestId', 'paidAmount'],
        source: expect.stringContaining('https://apidevportal.aspi-indonesia.or.id') as string,
      },
    ]);
  });

  it('take a request overlay that makes a top-level field required, with its source', () => {
    expect(bankMandatory(withOverlay, 'qr/qr-mpm-generate')).toEqual([
      { fields: ['partnerReferenceNo'], source: 'Acme QRIS guide p. 4', bank: 'snap' },
    ]);
  });

  it("reach a provider's knobs, which the derived mandatory-field negative reads", () => {
    expect(bankServiceKnobs(withOverlay)['qr/qr-mpm-generate']?.mandatory).toEqual(['partnerReferenceNo']);
    expect(bankServiceKnobs(banks.get('bca')!)['bank-statement']?.mandatory).toEqual([
      'fromDateTime',
      'toDateTime',
    ]);
  });
});
