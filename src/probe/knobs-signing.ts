/**
 * The transaction signature's knobs, each varied alone from a call the bank accepted: the
 * signature's encoding (which also finds the baseline), the query in the string to sign (as sent,
 * sorted, excluded) and the body hash (minified or as sent, with a pretty-printed body).
 */
import type { BodyHash, SignatureEncoding, SignQuery } from '../../scripts/signing-contract.ts';
import { firstShape, sendShape, type ProbeContext } from './context.ts';
import { passedGate, type Exchange, type KnobDecision } from './types.ts';
import type { TransactionShape } from './wire.ts';

/**
 * Finds a call the bank accepts and decides signatureEncoding: the shipped encoding, else the
 * other; with the shipped X-PARTNER-ID, else the other one the credentials hold. Once one passes,
 * the other encoding is sent too, so both answers stand in the evidence.
 */
export async function probeBaseline(ctx: ProbeContext): Promise<KnobDecision[]> {
  const inquiry = ctx.inquiry;
  if (inquiry === undefined) return [];
  const make = firstShape(ctx, inquiry.service, inquiry.body);
  const shipped = ctx.target.profile.signatureEncoding.value;
  const encodings: SignatureEncoding[] = [shipped, shipped === 'hex' ? 'base64' : 'hex'];
  const { clientId, partnerId } = ctx.target.credentials;
  const first = make().headers['X-PARTNER-ID'] ?? clientId;
  const ids = [
    first,
    ...[clientId, partnerId].filter((id): id is string => id !== undefined && id !== first),
  ];
  const evidence: Exchange[] = [];
  const passes = async (encoding: SignatureEncoding, id: string): Promise<boolean> => {
    const shape = make();
    const exchange = await sendShape(ctx, {
      ...shape,
      encoding,
      headers: { ...shape.headers, 'X-PARTNER-ID': id },
    });
    evidence.push(exchange);
    return passedGate(exchange);
  };
  let found: { encoding: SignatureEncoding; id: string } | undefined;
  for (const id of ids) {
    for (const encoding of encodings)
      if (await passes(encoding, id)) {
        found = { encoding, id };
        break;
      }
    if (found) break;
  }
  if (found === undefined)
    return [
      {
        knob: 'signatureEncoding',
        why: `no ${inquiry.service} call was accepted, in base64 or hex: ${evidence.map((e) => `${e.status} ${e.responseCode} ${e.responseMessage}`).join('; ')}`,
        evidence,
      },
    ];
  const { encoding, id } = found;
  const other = encoding === 'hex' ? 'base64' : 'hex';
  const otherPassed = encoding === shipped ? await passes(other, id) : false;
  const baselineCall = evidence.find(passedGate);
  if (baselineCall !== undefined) ctx.baselineCall = baselineCall;
  ctx.baseline = () => {
    const shape = make();
    return { ...shape, encoding, headers: { ...shape.headers, 'X-PARTNER-ID': id } };
  };
  return [
    {
      knob: 'signatureEncoding',
      value: encoding,
      why: `${inquiry.service} signed in ${encoding} is accepted, in ${other} ${otherPassed ? 'accepted too' : 'refused'}`,
      evidence,
    },
  ];
}

/** Tries values of one axis in order, stopping at the first the bank accepts. */
async function firstAccepted<T extends string>(
  ctx: ProbeContext,
  values: readonly T[],
  shapeOf: (value: T) => TransactionShape,
): Promise<{ value?: T; evidence: Exchange[] }> {
  const evidence: Exchange[] = [];
  for (const value of values) {
    const exchange = await sendShape(ctx, shapeOf(value));
    evidence.push(exchange);
    if (passedGate(exchange)) return { value, evidence };
  }
  return { evidence };
}

/** shipped first, then the others. */
const shippedFirst = <T>(shipped: T, all: readonly T[]): T[] => [
  shipped,
  ...all.filter((v) => v !== shipped),
];

export async function probeSignQuery(ctx: ProbeContext): Promise<KnobDecision[]> {
  const base = ctx.baseline;
  if (base === undefined) return [];
  const modes = shippedFirst<SignQuery>(ctx.target.profile.signQuery.value, [
    'as-sent',
    'sorted',
    'excluded',
  ]);
  // Out of order on purpose, so that as sent, sorted and excluded are three different strings.
  const { value, evidence } = await firstAccepted(ctx, modes, (signQuery) => ({
    ...base(),
    query: 'probe=2&channel=1',
    signQuery,
  }));
  return [
    value === undefined
      ? {
          knob: 'signQuery',
          why: 'a call with a query string was refused however the query was signed',
          evidence,
        }
      : { knob: 'signQuery', value, why: `a query string signed ${value} is accepted`, evidence },
  ];
}

export async function probeBodyHash(ctx: ProbeContext): Promise<KnobDecision[]> {
  const base = ctx.baseline;
  if (base === undefined) return [];
  const modes = shippedFirst<BodyHash>(ctx.target.profile.bodyHash.value, ['minified', 'as-sent']);
  const { value, evidence } = await firstAccepted(ctx, modes, (bodyHash) => ({
    ...base(),
    pretty: true,
    bodyHash,
  }));
  return [
    value === undefined
      ? { knob: 'bodyHash', why: 'a pretty-printed body was refused whichever text was hashed', evidence }
      : { knob: 'bodyHash', value, why: `a pretty-printed body hashed ${value} is accepted`, evidence },
  ];
}
