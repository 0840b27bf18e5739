/**
 * The token call's knobs: which X-TIMESTAMP forms the bank accepts (offsets × milliseconds, asked
 * on the token call, which needs no X-EXTERNAL-ID), the form kontrak should write, and the
 * tokenType the bank answers. The first accepted answer's access token serves every later stage.
 */
import { servicePath } from '../banks/profile.ts';
import type { ProbeContext } from './context.ts';
import { passedGate, type Exchange, type KnobDecision } from './types.ts';
import { PROBED_OFFSETS, stamp, tokenRequest, type StampForm } from './wire.ts';

const FORM_OF_FORMAT: Record<string, StampForm> = {
  snap: { offset: '+07:00', millis: false },
  'snap-millis': { offset: '+07:00', millis: true },
  'utc-millis': { offset: 'Z', millis: true },
};

const key = (f: StampForm): string => `${f.offset}${f.millis ? '.SSS' : ''}`;

export async function probeToken(ctx: ProbeContext): Promise<KnobDecision[]> {
  const { profile, credentials } = ctx.target;
  const path = servicePath(profile, 'access-token/b2b');
  const shipped = FORM_OF_FORMAT[profile.timestampFormat.value] ?? { offset: '+07:00', millis: false };
  const grid: StampForm[] = [shipped];
  for (const offset of PROBED_OFFSETS)
    for (const millis of [false, true])
      if (offset !== shipped.offset || millis !== shipped.millis) grid.push({ offset, millis });
  const seen = new Map<string, Exchange>();
  for (const form of grid) {
    const exchange = await ctx.sender.send(
      tokenRequest({ path, credentials, timestamp: stamp(Date.now(), form) }),
    );
    seen.set(key(form), exchange);
    const token = exchange.json?.['accessToken'];
    if (passedGate(exchange) && ctx.token === undefined && typeof token === 'string') {
      ctx.token = token;
      ctx.stampForm = form;
      ctx.tokenCall = exchange;
    }
  }
  const evidence = [...seen.values()];
  if (ctx.token === undefined || ctx.stampForm === undefined)
    return [
      {
        knob: 'timestampForms',
        why: 'no token call was accepted in any X-TIMESTAMP form: check the credentials and the token path',
        evidence,
      },
    ];
  return decide(seen, grid, profile.timestampFormat.value);
}

/** What the token calls' answers decide: the accepted forms, the form to write, the tokenType. */
function decide(seen: Map<string, Exchange>, grid: StampForm[], shippedFormat: string): KnobDecision[] {
  const passed = (offset: string, millis: boolean): boolean => {
    const e = seen.get(key({ offset, millis }));
    return e !== undefined && passedGate(e);
  };
  const accepted = PROBED_OFFSETS.filter((o) => passed(o, false) || passed(o, true));
  const first = accepted[0] ?? '+07:00';
  const millis =
    passed(first, false) && passed(first, true) ? 'optional' : passed(first, true) ? 'required' : 'forbidden';
  const offsets =
    accepted.length === PROBED_OFFSETS.length
      ? 'any'
      : accepted.length === 3 && !accepted.includes('Z')
        ? 'numeric'
        : [...accepted];
  const formats = Object.entries(FORM_OF_FORMAT).filter(([, f]) => passed(f.offset, f.millis));
  const format = formats.find(([name]) => name === shippedFormat) ?? formats[0];
  const evidence = [...seen.values()];
  const answered = evidence.find((e) => typeof e.json?.['tokenType'] === 'string');
  const tokenType = answered?.json?.['tokenType'];
  const written = format && seen.get(key(format[1]));
  return [
    {
      knob: 'timestampForms',
      value: { offsets, milliseconds: millis },
      why: `token calls in ${grid.length} X-TIMESTAMP forms; accepted: ${grid
        .filter((f) => passed(f.offset, f.millis))
        .map(key)
        .join(', ')}`,
      evidence,
    },
    format === undefined
      ? { knob: 'timestampFormat', why: 'none of the forms kontrak writes was accepted', evidence: [] }
      : {
          knob: 'timestampFormat',
          value: format[0],
          why: `the bank accepts the form ${format[0]} writes (${key(format[1])})`,
          evidence: written ? [written] : [],
        },
    typeof tokenType === 'string' && answered
      ? { knob: 'tokenType', value: tokenType, why: `the token answer's tokenType`, evidence: [answered] }
      : { knob: 'tokenType', why: 'no token answer carried a tokenType', evidence: [] },
  ];
}
