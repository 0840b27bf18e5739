/**
 * One probe, start to end: the stages in order (token and timestamp forms, the baseline and its
 * signature encoding, then one axis at a time), each handing its decisions on. When the sender
 * stops (429, lockout, 5xx burst, budget), what was decided stays and the rest is undecided.
 */
import { createContext, type ProbeContext } from './context.ts';
import { probeBlankOptional, probeOriginalServiceCode } from './knobs-body.ts';
import { probeChannelId, probeDeviceHeaders, probeExternalId, probePartnerId } from './knobs-headers.ts';
import { probeBaseline, probeBodyHash, probeSignQuery } from './knobs-signing.ts';
import { probeToken } from './knobs-token.ts';
import { observeBearerSegment, observeGrantType } from './observations.ts';
import { createSender, ProbeStopped } from './sender.ts';
import type {
  KnobDecision,
  KnobName,
  ProbeObservation,
  ProbeResult,
  ProbeSettings,
  ProbeTarget,
} from './types.ts';

type Stage = (ctx: ProbeContext) => Promise<KnobDecision[]>;

/**
 * Facts no knob holds, asked after every knob (they never crowd a knob out of the budget). The
 * token segment first: a grantType spelling the bank takes issues a new token, which at some banks
 * revokes the one the probe signs with.
 */
const OBSERVATIONS: ReadonlyArray<(ctx: ProbeContext) => Promise<ProbeObservation[]>> = [
  observeBearerSegment,
  observeGrantType,
];

/** In the order they run: the cheapest and most telling first. */
const STAGES: readonly Stage[] = [
  probeToken,
  probeBaseline,
  probePartnerId,
  probeChannelId,
  probeDeviceHeaders,
  probeExternalId,
  probeSignQuery,
  probeBodyHash,
  probeBlankOptional,
  probeOriginalServiceCode,
];

/** Every knob the draft speaks of, decided or not. */
export const PROBED_KNOBS: readonly KnobName[] = [
  'timestampForms',
  'timestampFormat',
  'tokenType',
  'signatureEncoding',
  'partnerId',
  'channelId',
  'deviceHeaders',
  'externalId',
  'externalIdDigits',
  'signQuery',
  'bodyHash',
  'blankOptional',
  'originalServiceCode',
  'customerToken',
];

/** Why a knob no stage spoke of stays undecided. */
function notAsked(knob: KnobName, ctx: ProbeContext, stopped: string | undefined): string {
  if (stopped !== undefined) return `not asked: the probe stopped (${stopped})`;
  if (knob === 'customerToken') return 'not asked: a customer token needs the customer’s own authorization';
  if (knob === 'externalIdDigits') return 'follows externalId';
  if (ctx.token === undefined) return 'not asked: no token call gave an access token';
  if (ctx.inquiry === undefined)
    return 'not asked: the bank offers no inquiry signed with type B (balance-inquiry, account-inquiry-internal) to vary';
  return 'not asked: no accepted call to vary';
}

export async function runProbe(target: ProbeTarget, settings: ProbeSettings): Promise<ProbeResult> {
  const sender = createSender(target.baseUrl, settings);
  const ctx = createContext(target, sender);
  const decisions: KnobDecision[] = [];
  const observations: ProbeObservation[] = [];
  let stopped: string | undefined;
  const stages = [
    ...STAGES.map((stage) => async () => decisions.push(...(await stage(ctx)))),
    ...OBSERVATIONS.map((observe) => async () => observations.push(...(await observe(ctx)))),
  ];
  for (const stage of stages) {
    try {
      await stage();
      // Without an access token nothing further can be asked.
      if (ctx.token === undefined) break;
    } catch (error) {
      if (!(error instanceof ProbeStopped)) throw error;
      stopped = error.message;
      break;
    }
  }
  const seen = new Set(decisions.map((d) => d.knob));
  for (const knob of PROBED_KNOBS)
    if (!seen.has(knob)) decisions.push({ knob, why: notAsked(knob, ctx, stopped), evidence: [] });
  const date = new Date((settings.now ?? Date.now)()).toISOString().slice(0, 10);
  return {
    bank: target.profile.bank,
    environment: target.environment,
    date,
    requests: sender.count,
    ...(stopped === undefined ? {} : { stopped }),
    decisions: withDigits(decisions, target),
    observations,
  };
}

/** externalIdDigits (what kontrak generates) within the observed X-EXTERNAL-ID length. */
function withDigits(decisions: KnobDecision[], target: ProbeTarget): KnobDecision[] {
  const external = decisions.find((d) => d.knob === 'externalId' && d.value !== undefined);
  const limit = (external?.value as { maxLength?: number } | undefined)?.maxLength;
  if (limit === undefined) return decisions;
  const shipped = target.profile.externalIdDigits.value;
  const value = Math.max(9, Math.min(shipped, limit, 36));
  return decisions.map((d) =>
    d.knob === 'externalIdDigits'
      ? {
          knob: d.knob,
          value,
          why: `${value} digits fit the X-EXTERNAL-ID limit of ${limit}`,
          evidence: external?.evidence.slice(0, 2) ?? [],
        }
      : d,
  );
}
