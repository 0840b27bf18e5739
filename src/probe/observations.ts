/**
 * Facts about the sandbox that no profile knob holds, asked once every knob is decided so they
 * never crowd a knob out of the budget: the token call's grantType spelling, and `Bearer ` in the
 * token segment of the transaction string to sign. Each varies one axis of a call the bank
 * accepted, and is recorded beside the knobs with its evidence.
 */
import { servicePath } from '../banks/profile.ts';
import { sendShape, type ProbeContext } from './context.ts';
import { passedGate, type Exchange, type ProbeObservation } from './types.ts';
import { stamp, tokenRequest } from './wire.ts';

/** The spelling ASPI writes, and the two ways clients miswrite it: its case, its separator. */
const GRANT_TYPE = 'client_credentials';
const GRANT_TYPE_VARIANTS = ['CLIENT_CREDENTIALS', 'client-credentials'] as const;

/** How the accepted and refused variants of one axis read, from the baseline and the variants' answers. */
function sorted(
  baseline: { name: string; exchange: Exchange },
  variants: ReadonlyArray<{ name: string; exchange: Exchange }>,
): Pick<ProbeObservation, 'accepted' | 'refused' | 'evidence'> {
  const all = [baseline, ...variants];
  return {
    accepted: all.filter((v) => passedGate(v.exchange)).map((v) => v.name),
    refused: all.filter((v) => !passedGate(v.exchange)).map((v) => v.name),
    evidence: all.map((v) => v.exchange),
  };
}

/** grantType spellings of the token call that gave the probe its access token, one request each. */
export async function observeGrantType(ctx: ProbeContext): Promise<ProbeObservation[]> {
  const { tokenCall, stampForm } = ctx;
  // Asked whole or not at all: an axis half-asked would read as the bank's answer.
  if (tokenCall === undefined || stampForm === undefined) return [];
  if (ctx.sender.remaining < GRANT_TYPE_VARIANTS.length) return [];
  const path = servicePath(ctx.target.profile, 'access-token/b2b');
  const variants: Array<{ name: string; exchange: Exchange }> = [];
  for (const grantType of GRANT_TYPE_VARIANTS) {
    const request = tokenRequest({
      path,
      credentials: ctx.target.credentials,
      timestamp: stamp(Date.now(), stampForm),
      grantType,
    });
    variants.push({ name: grantType, exchange: await ctx.sender.send(request) });
  }
  const seen = sorted({ name: GRANT_TYPE, exchange: tokenCall }, variants);
  const others = seen.accepted.filter((name) => name !== GRANT_TYPE);
  return [
    {
      varied: 'the token call’s grantType spelling',
      ...seen,
      meaning:
        others.length === 0
          ? `the bank accepts only ${GRANT_TYPE}`
          : `the bank accepts ${GRANT_TYPE} and also ${others.join(', ')}: send ${GRANT_TYPE}, as ASPI writes it`,
    },
  ];
}

/** The accepted baseline transaction once more, with `Bearer <token>` signed in the token segment. */
export async function observeBearerSegment(ctx: ProbeContext): Promise<ProbeObservation[]> {
  const { baseline, baselineCall } = ctx;
  if (baseline === undefined || baselineCall === undefined || ctx.sender.remaining < 1) return [];
  const exchange = await sendShape(ctx, { ...baseline(), bearerInSignature: true });
  const seen = sorted({ name: 'the bare access token', exchange: baselineCall }, [
    { name: '`Bearer <access token>`', exchange },
  ]);
  return [
    {
      varied: 'the token segment of the transaction string to sign',
      ...seen,
      meaning: passedGate(exchange)
        ? 'the bank accepts `Bearer ` in the token segment as well as the bare token: signing the bare token is safe'
        : 'the bank refuses `Bearer ` in the token segment: sign the bare token',
    },
  ];
}
