/**
 * The draft profile: the shipped profile's file with every probed knob rewritten, each with
 * `confidence: observed`, the day, and the request/answer pairs that decided it; a knob the
 * answers did not decide keeps its shipped value, marked undecided with why. Facts no knob holds
 * go under `probe.observations`, with their evidence. Secrets (the client secret, the private key,
 * every access token) are masked by value in everything written.
 */
import { isMap, parseDocument } from 'yaml';
import type { BankProfile } from '../banks/profile.ts';
import { createRedactor, type Redactor } from '../redact.ts';
import type { Exchange, KnobDecision, ProbeCredentials, ProbeResult } from './types.ts';

/** Characters of a body shown in the evidence. */
const BODY_SHOWN = 240;

/** A redactor that knows the credentials and every access token the probe saw. */
export function probeRedactor(result: ProbeResult, credentials: ProbeCredentials): Redactor {
  const redactor = createRedactor();
  redactor.add('client_secret', credentials.clientSecret);
  redactor.add('private_key', credentials.privateKeyPem);
  for (const e of [...result.decisions, ...result.observations].flatMap((d) => d.evidence)) {
    const token = e.json?.['accessToken'];
    if (typeof token === 'string') redactor.add('access_token', token);
    const bearer = /^Bearer (\S+)$/.exec(e.request.headers['Authorization'] ?? '')?.[1];
    if (bearer !== undefined) redactor.add('access_token', bearer);
  }
  return redactor;
}

/** One exchange in words: the request with its headers, the answer's status, code and message. */
export function describeExchange(e: Exchange, redactor: Redactor): { request: string; answer: string } {
  const headers = Object.entries(e.request.headers)
    .filter(([name]) => name !== 'Content-Type')
    .map(([name, value]) => `${name}: ${name === 'X-SIGNATURE' ? `${value.slice(0, 12)}…` : value}`);
  const body =
    e.request.body.length > BODY_SHOWN ? `${e.request.body.slice(0, BODY_SHOWN)}…` : e.request.body;
  return {
    request: redactor.redact(
      `${e.request.method} ${e.request.pathWithQuery} | ${headers.join('; ')} | ${body}`,
    ),
    answer: redactor.redact(`${e.status} ${e.responseCode} ${e.responseMessage}`.replace(/\s+/g, ' ').trim()),
  };
}

/** The knob's place in the profile. */
const placeOf = (d: KnobDecision): string[] => (d.service ? ['services', d.service, d.knob] : [d.knob]);

/** The shipped knob (defaults filled in), where the profile has one. */
function shippedKnob(profile: BankProfile, d: KnobDecision): Record<string, unknown> | undefined {
  const owner: Record<string, unknown> = d.service
    ? ((profile.services[d.service] ?? {}) as Record<string, unknown>)
    : (profile as unknown as Record<string, unknown>);
  const knob = owner[d.knob];
  return knob !== null && typeof knob === 'object' ? (knob as Record<string, unknown>) : undefined;
}

/** The draft's YAML text, from the shipped profile's file text. */
export function draftText(input: {
  shippedText: string;
  profile: BankProfile;
  result: ProbeResult;
  redactor: Redactor;
}): string {
  const { profile, result, redactor } = input;
  const doc = parseDocument(input.shippedText);
  for (const d of result.decisions) {
    const evidence = d.evidence.map((e) => describeExchange(e, redactor));
    const observation = {
      date: result.date,
      decided: d.value !== undefined,
      ...(d.value === undefined ? { why: d.why } : {}),
      evidence,
    };
    if (d.value !== undefined) {
      doc.setIn(placeOf(d), {
        value: d.value,
        source: redactor.redact(`kontrak probe of the ${result.environment} on ${result.date}: ${d.why}`),
        confidence: 'observed',
        observation,
      });
      continue;
    }
    const shipped = shippedKnob(profile, d);
    if (shipped === undefined) continue;
    const kept = { ...shipped };
    delete kept['observation'];
    doc.setIn(placeOf(d), { ...kept, observation: { ...observation, why: redactor.redact(d.why) } });
  }
  doc.set('probe', {
    date: result.date,
    environment: result.environment,
    requests: result.requests,
    ...(result.stopped === undefined ? {} : { stopped: `partial draft: ${result.stopped}` }),
    ...(result.observations.length === 0
      ? {}
      : {
          observations: result.observations.map((o) => ({
            varied: o.varied,
            accepted: o.accepted,
            refused: o.refused,
            meaning: o.meaning,
            evidence: o.evidence.map((e) => describeExchange(e, redactor)),
          })),
        }),
  });
  const heading = ` Draft of ${profile.bank} written by kontrak probe (${result.environment}, ${result.date}): observed knobs carry their evidence.${result.stopped ? ` PARTIAL: ${result.stopped}.` : ''}`;
  if (isMap(doc.contents))
    doc.commentBefore = doc.commentBefore ? `${heading}\n${doc.commentBefore}` : heading;
  return redactor.redact(doc.toString({ lineWidth: 0 }));
}
