/**
 * The header knobs, each varied alone from the accepted baseline: whether CHANNEL-ID may be left
 * out and how long it may be, X-EXTERNAL-ID's characters, length and uniqueness window, which
 * X-PARTNER-ID the bank wants, whether the device headers are required.
 */
import { digits, profileHeaders, sendShape, type ProbeContext } from './context.ts';
import { passedGate, type Exchange, type KnobDecision } from './types.ts';
import type { TransactionShape } from './wire.ts';

/** The longest value a length search tries; beyond it, no limit is recorded. */
const CHANNEL_CEILING = 64;
const EXTERNAL_ID_CEILING = 128;

/**
 * The longest accepted length in (known, ceiling], by halving: `known` passed; undefined when
 * `ceiling` itself passes (no limit seen).
 */
async function longestAccepted(
  ctx: ProbeContext,
  known: number,
  ceiling: number,
  shapeOf: (length: number) => TransactionShape,
  evidence: Exchange[],
): Promise<number | undefined> {
  const passes = async (length: number): Promise<boolean> => {
    const exchange = await sendShape(ctx, shapeOf(length));
    evidence.push(exchange);
    return passedGate(exchange);
  };
  if (!(await passes(known + 1))) return known;
  if (await passes(ceiling)) return undefined;
  let lo = known + 1;
  let hi = ceiling; // lo passes, hi is refused
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (await passes(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

export async function probeChannelId(ctx: ProbeContext): Promise<KnobDecision[]> {
  const base = ctx.baseline;
  const service = ctx.inquiry?.service;
  if (base === undefined || service === undefined) return [];
  const { profile } = ctx.target;
  const own = profile.services[service]?.channelId !== undefined;
  const rule = { ...(own ? profile.services[service]?.channelId?.value : profile.channelId.value) };
  const evidence: Exchange[] = [];
  const omitted = await sendShape(ctx, {
    ...base(),
    headers: { ...base().headers, 'CHANNEL-ID': undefined },
  });
  evidence.push(omitted);
  const required = !passedGate(omitted);
  const channel = base().headers['CHANNEL-ID'] ?? '';
  const pinned = profileHeaders(ctx.target, service)['CHANNEL-ID'] !== undefined;
  let limit = 'its length was not asked: the profile pins CHANNEL-ID for this service';
  if (!pinned && channel !== '') {
    const longer = (length: number): TransactionShape => {
      const shape = base();
      return {
        ...shape,
        headers: { ...shape.headers, 'CHANNEL-ID': channel + '1'.repeat(length - channel.length) },
      };
    };
    const longest = await longestAccepted(ctx, channel.length, CHANNEL_CEILING, longer, evidence);
    if (longest === undefined) delete rule.maxLength;
    else rule.maxLength = longest;
    limit =
      longest === undefined
        ? `no limit up to ${CHANNEL_CEILING} characters`
        : `at most ${longest} characters`;
  }
  rule.required = required;
  return [
    {
      knob: 'channelId',
      ...(own ? { service } : {}),
      value: rule,
      why: `a call without CHANNEL-ID is ${required ? 'refused' : 'accepted'}; ${limit}`,
      evidence,
    },
  ];
}

export async function probeExternalId(ctx: ProbeContext): Promise<KnobDecision[]> {
  const base = ctx.baseline;
  if (base === undefined) return [];
  const evidence: Exchange[] = [];
  const withId = (id: string): TransactionShape => {
    const shape = base();
    return { ...shape, headers: { ...shape.headers, 'X-EXTERNAL-ID': id } };
  };
  const known = (base().headers['X-EXTERNAL-ID'] ?? '').length;
  const longest = await longestAccepted(ctx, known, EXTERNAL_ID_CEILING, (n) => withId(digits(n)), evidence);
  const maxLength = longest ?? EXTERNAL_ID_CEILING;
  // Character classes at the baseline's length, which fits whatever the limit is.
  const hex = digits(known - 1).replace(/[0-9]/g, (d) => 'abcdef0123'[Number(d)] ?? d);
  const uuidLike = `${hex.slice(0, 4)}-${hex.slice(4)}`;
  const uuid = await sendShape(ctx, withId(uuidLike));
  evidence.push(uuid);
  let characters = 'uuid-like';
  if (!passedGate(uuid)) {
    const alnum = await sendShape(ctx, withId(`A${digits(known - 2)}B`));
    evidence.push(alnum);
    characters = passedGate(alnum) ? 'alphanumeric' : 'digits';
  }
  // A repeat of an id the bank accepted a moment ago, everything else fresh.
  const first = withId(digits(known));
  const once = await sendShape(ctx, first);
  const again = await sendShape(ctx, {
    ...base(),
    headers: { ...base().headers, 'X-EXTERNAL-ID': first.headers['X-EXTERNAL-ID'] },
  });
  evidence.push(once, again);
  if (!passedGate(once))
    return [
      { knob: 'externalId', why: 'a fresh X-EXTERNAL-ID was refused; the probe cannot tell', evidence },
    ];
  const uniqueWithin = again.answerClass === 'conflict' ? 'day' : 'none';
  return [
    {
      knob: 'externalId',
      value: { characters, maxLength, uniqueWithin },
      why: `X-EXTERNAL-ID of ${characters} accepted, at most ${maxLength} characters${longest === undefined ? ' (no limit seen)' : ''}; a repeat the same day is ${uniqueWithin === 'day' ? 'a 409 conflict' : 'accepted'}`,
      evidence,
    },
  ];
}

export async function probePartnerId(ctx: ProbeContext): Promise<KnobDecision[]> {
  const base = ctx.baseline;
  if (base === undefined) return [];
  const { clientId, partnerId } = ctx.target.credentials;
  if (partnerId === undefined || partnerId === clientId)
    return [
      {
        knob: 'partnerId',
        why: 'no partner id registered apart from the client id was given, so the two cannot be told apart',
        evidence: [],
      },
    ];
  const evidence: Exchange[] = [];
  const passes = async (id: string): Promise<boolean> => {
    const exchange = await sendShape(ctx, { ...base(), headers: { ...base().headers, 'X-PARTNER-ID': id } });
    evidence.push(exchange);
    return passedGate(exchange);
  };
  const byClient = await passes(clientId);
  const byPartner = await passes(partnerId);
  if (byClient === byPartner)
    return [
      {
        knob: 'partnerId',
        why: `the client id and the partner id were both ${byClient ? 'accepted' : 'refused'}`,
        evidence,
      },
    ];
  const value = byClient ? 'client-id' : 'registered';
  return [
    {
      knob: 'partnerId',
      value,
      why: `X-PARTNER-ID ${value === 'client-id' ? 'with the client id' : 'with the registered partner id'} is accepted, the other refused`,
      evidence,
    },
  ];
}

export async function probeDeviceHeaders(ctx: ProbeContext): Promise<KnobDecision[]> {
  const base = ctx.baseline;
  const service = ctx.inquiry?.service;
  if (base === undefined || service === undefined) return [];
  const names = Object.keys(profileHeaders(ctx.target, service)).filter(
    (n) => n.toUpperCase() !== 'CHANNEL-ID',
  );
  if (names.length === 0)
    return [{ knob: 'deviceHeaders', why: 'the profile names no device headers to leave out', evidence: [] }];
  const shape = base();
  const headers = { ...shape.headers };
  for (const name of names) headers[name] = undefined;
  const exchange = await sendShape(ctx, { ...shape, headers });
  const { profile } = ctx.target;
  const own = profile.services[service]?.deviceHeaders !== undefined;
  const shipped =
    (own ? profile.services[service]?.deviceHeaders?.value : undefined) ?? profile.deviceHeaders.value;
  const value = !passedGate(exchange) ? 'required' : shipped === 'ignored' ? 'ignored' : 'optional';
  return [
    {
      knob: 'deviceHeaders',
      ...(own ? { service } : {}),
      value,
      why: `a call without ${names.join(', ')} is ${value === 'required' ? 'refused' : 'accepted'}`,
      evidence: [exchange],
    },
  ];
}
