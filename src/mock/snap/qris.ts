/**
 * QRIS MPM: generate (47), query (51), cancel (77) and refund (78). A generated QR is pending until
 * the customer pays it; see payments.ts for the rules money follows.
 */
import { stringField } from '../body/fields.ts';
import { formatAmount } from '../books/money.ts';
import { SNAP, snapReply, type MockReply } from '../snap-errors.ts';
import { parseSnapTimestamp } from '../gate/time.ts';
import type { BankBusinessInput, ServiceSteps } from './business.ts';
import { createPayment, paymentServices } from './payments.ts';

/** Bank Indonesia's per-transaction QRIS limit. */
const QRIS_LIMIT_CENTS = 1_000_000_000n;
const MERCHANT_NAME = 'KONTRAK MERCHANT';

/** CRC-16/CCITT-FALSE, the checksum closing an EMVCo QR payload (tag 63). */
function crc16(text: string): string {
  let crc = 0xffff;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

const tlv = (tag: string, value: string) => `${tag}${String(value.length).padStart(2, '0')}${value}`;

/** A dynamic QRIS payload (EMVCo MPM) for an amount. */
export function qrisPayload(referenceNo: string, amount: string): string {
  const body =
    tlv('00', '01') +
    tlv('01', '12') +
    tlv('26', tlv('00', 'ID.CO.KONTRAK.WWW') + tlv('01', '936000000000000000')) +
    tlv('52', '5999') +
    tlv('53', '360') +
    tlv('54', amount) +
    tlv('58', 'ID') +
    tlv('59', MERCHANT_NAME) +
    tlv('60', 'JAKARTA') +
    tlv('62', tlv('01', referenceNo)) +
    '6304';
  return body + crc16(body);
}

/** 47 Generate QR. validityPeriod (ISO-8601) sets the expiry; default 30 minutes. */
export function qrMpmGenerate(input: BankBusinessInput): MockReply {
  const { body, svc, context } = input;
  const validity = stringField(body, 'validityPeriod');
  const parsed = validity === '' ? undefined : parseSnapTimestamp(validity);
  const expiresAtMs = parsed?.ok ? parsed.epochMs : context.nowMs + 30 * 60_000;
  if (expiresAtMs <= context.nowMs)
    return snapReply(svc, SNAP.invalidFieldFormat, { detail: 'validityPeriod (already past)' });
  const created = createPayment(input, 'qris', { limitCents: QRIS_LIMIT_CENTS, expiresAtMs, echo: {} });
  if (!created.ok) return created.reply;
  const p = created.payment;
  return snapReply(svc, SNAP.success, {
    extra: {
      referenceNo: p.referenceNo,
      partnerReferenceNo: p.partnerReferenceNo,
      qrContent: qrisPayload(p.referenceNo, formatAmount(p.cents)),
      merchantName: MERCHANT_NAME,
      ...(stringField(body, 'storeId') ? { storeId: stringField(body, 'storeId') } : {}),
      ...(stringField(body, 'terminalId') ? { terminalId: stringField(body, 'terminalId') } : {}),
      additionalInfo: {},
    },
  });
}

/** QRIS MPM: generate (47), then query (51), cancel (77) and refund (78). */
export const QRIS_SERVICES: ServiceSteps = paymentServices(
  'qris',
  {
    create: 'qr/qr-mpm-generate',
    status: 'qr/qr-mpm-query',
    cancel: 'qr/qr-mpm-cancel',
    refund: 'qr/qr-mpm-refund',
  },
  qrMpmGenerate,
);
