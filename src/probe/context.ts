/**
 * What every stage of a probe shares: the target, the polite sender, the access token and the
 * accepted X-TIMESTAMP form once known, and the baseline transaction the stages vary one axis of.
 */
import { randomInt } from 'node:crypto';
import { servicePath } from '../banks/profile.ts';
import type { Sender } from './sender.ts';
import { stamp, transactionRequest, type StampForm, type TransactionShape } from './wire.ts';
import type { Exchange, ProbeTarget } from './types.ts';

/** Inquiries the baseline may call (they move no money), with a body each bank's schema takes. */
const INQUIRIES: ReadonlyArray<{ service: string; body: () => Record<string, unknown> }> = [
  {
    service: 'balance-inquiry',
    body: () => ({ partnerReferenceNo: `PRB${digits(12)}`, accountNo: '0011223344' }),
  },
  {
    service: 'account-inquiry-internal',
    body: () => ({ partnerReferenceNo: `PRA${digits(12)}`, beneficiaryAccountNo: '0011223344' }),
  },
];

/** `n` random digits, the first not 0. */
export function digits(n: number): string {
  let out = String(randomInt(1, 10));
  while (out.length < n) out += String(randomInt(0, 10));
  return out;
}

export interface ProbeContext {
  target: ProbeTarget;
  sender: Sender;
  token?: string;
  stampForm?: StampForm;
  /** The token call whose access token the probe uses (the baseline of the grantType spellings). */
  tokenCall?: Exchange;
  /** The baseline transaction (a fresh X-EXTERNAL-ID and reference each time), once one passed. */
  baseline?: () => TransactionShape;
  /** The baseline call the bank accepted (the baseline of the signed token segment). */
  baselineCall?: Exchange;
  /** The inquiry the baseline calls, if the bank offers one it signs with type B. */
  inquiry?: { service: string; body: () => Record<string, unknown> };
}

export function createContext(target: ProbeTarget, sender: Sender): ProbeContext {
  const { profile } = target;
  const inquiry = INQUIRIES.find(
    (i) =>
      profile.services[i.service] !== undefined &&
      (profile.services[i.service]?.signature?.value ?? profile.signature.value) === 'symmetric',
  );
  return { target, sender, ...(inquiry ? { inquiry } : {}) };
}

/** The headers a bank's profile names for a service (CHANNEL-ID pinned per product, device headers). */
export function profileHeaders(target: ProbeTarget, service: string): Record<string, string> {
  const { profile } = target;
  return { ...profile.headers?.value, ...profile.services[service]?.headers?.value };
}

/** The first baseline shape: the shipped profile's signing, the accepted timestamp form, every header. */
export function firstShape(ctx: ProbeContext, service: string, body: () => Record<string, unknown>) {
  const { profile, credentials } = ctx.target;
  const named = profileHeaders(ctx.target, service);
  const partnerId =
    profile.partnerId.value === 'registered' && credentials.partnerId
      ? credentials.partnerId
      : credentials.clientId;
  return (): TransactionShape => ({
    service,
    method: 'POST',
    path: servicePath(profile, service),
    body: body(),
    pretty: false,
    timestamp: stamp(Date.now(), ctx.stampForm ?? { offset: '+07:00', millis: false }),
    encoding: profile.signatureEncoding.value,
    signQuery: profile.signQuery.value,
    bodyHash: profile.bodyHash.value,
    signedPathStripPrefix: profile.signedPathStripPrefix.value,
    headers: {
      ...named,
      'X-PARTNER-ID': partnerId,
      'CHANNEL-ID': named['CHANNEL-ID'] ?? credentials.channelId,
      'X-EXTERNAL-ID': digits(9),
    },
  });
}

/** Sends a transaction shape with the context's token. */
export function sendShape(ctx: ProbeContext, shape: TransactionShape): Promise<Exchange> {
  return ctx.sender.send(transactionRequest(shape, ctx.target.credentials, ctx.token ?? ''));
}
