/**
 * The body knobs: whether a blank optional field ("") is read as absent or refused, and which
 * serviceCode a status call must carry (the original transaction's, its own, or either). The
 * status call names a transaction that does not exist: past the serviceCode check it is a 404.
 */
import { servicePath } from '../banks/profile.ts';
import { serviceCode } from '../catalogue/catalogue.ts';
import { digits, profileHeaders, sendShape, type ProbeContext } from './context.ts';
import { passedGate, type Exchange, type KnobDecision } from './types.ts';

export async function probeBlankOptional(ctx: ProbeContext): Promise<KnobDecision[]> {
  const base = ctx.baseline;
  if (base === undefined || ctx.inquiry?.service !== 'balance-inquiry') return [];
  const shape = base();
  const exchange = await sendShape(ctx, { ...shape, body: { ...shape.body, bankCardToken: '' } });
  const value = passedGate(exchange) ? 'absent' : exchange.answerClass === 'format' ? 'invalid' : undefined;
  return [
    value === undefined
      ? {
          knob: 'blankOptional',
          why: `a blank optional field got ${exchange.status} ${exchange.responseCode}`,
          evidence: [exchange],
        }
      : {
          knob: 'blankOptional',
          value,
          why: `a balance inquiry with bankCardToken "" is ${value === 'absent' ? 'accepted' : 'refused as 400xx01'}`,
          evidence: [exchange],
        },
  ];
}

/** Status calls whose request names an original transaction, and the service that made it. */
const STATUS_OF: Record<string, string> = { 'debit/status': 'debit/payment-host-to-host' };

export async function probeOriginalServiceCode(ctx: ProbeContext): Promise<KnobDecision[]> {
  const base = ctx.baseline;
  const { profile } = ctx.target;
  const status = Object.keys(STATUS_OF).find((s) => profile.services[s] !== undefined);
  if (base === undefined || status === undefined)
    return [
      {
        knob: 'originalServiceCode',
        why: 'the bank offers no status call that names its original service',
        evidence: [],
      },
    ];
  const original =
    profile.services[STATUS_OF[status] ?? '']?.serviceCode?.value ?? serviceCode(STATUS_OF[status] ?? '');
  const own = profile.services[status]?.serviceCode?.value ?? serviceCode(status);
  const evidence: Exchange[] = [];
  const passes = async (code: string): Promise<boolean> => {
    // The baseline as accepted (its X-PARTNER-ID, encoding, timestamp), sent to the status call.
    const shape = base();
    const exchange = await sendShape(ctx, {
      ...shape,
      service: status,
      path: servicePath(profile, status),
      headers: { ...shape.headers, ...profileHeaders(ctx.target, status) },
      body: { originalPartnerReferenceNo: `PRS${digits(12)}`, serviceCode: code },
    });
    evidence.push(exchange);
    return passedGate(exchange);
  };
  const byOriginal = await passes(original);
  const byOwn = await passes(own);
  const value = byOriginal && byOwn ? 'either' : byOriginal ? 'original' : byOwn ? 'own' : undefined;
  if (value === undefined)
    return [
      {
        knob: 'originalServiceCode',
        why: `${status} was refused with serviceCode ${original} and ${own}`,
        evidence,
      },
    ];
  return [
    {
      knob: 'originalServiceCode',
      value,
      why: `${status} with serviceCode ${original} (original) is ${byOriginal ? 'accepted' : 'refused'}, with ${own} (its own) ${byOwn ? 'accepted' : 'refused'}`,
      evidence,
    },
  ];
}
