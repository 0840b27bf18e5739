/**
 * The partner headers in front of every SNAP transaction, read with the bank's rules:
 * X-PARTNER-ID, CHANNEL-ID (and the channel registered for the partner), X-EXTERNAL-ID and its
 * uniqueness. Each refusal names the knob, the value received, what the bank expects and why.
 */
import {
  channelIdProblem,
  describeChannelId,
  describeExternalId,
  externalIdFits,
  withKnobDiagnosis,
  type HeaderRules,
  type KnobRefusal,
} from './header-rules.ts';
import {
  SNAP,
  badFieldFormat,
  missingField,
  snapReply,
  unauthorized,
  type MockReply,
} from '../snap-errors.ts';
import type { ResolvedPartner, RouteContext } from '../types.ts';

export function checkPartnerHeaders(
  context: RouteContext,
  options: { svc: string; partner: ResolvedPartner; profile: { provider: string; rules: HeaderRules } },
): MockReply | undefined {
  const { svc, partner, profile } = options;
  const rules = profile.rules;
  const refuse = (reply: MockReply, refusal: KnobRefusal): MockReply =>
    withKnobDiagnosis(reply, rules.bank, refusal);
  const headers = context.request.headers;
  const partnerId = headers['x-partner-id'];
  const expectedPartner = expectedPartnerId(partner, rules.partnerId.value);
  const partnerRefusal = {
    knob: 'partnerId',
    received: partnerId,
    expected: `X-PARTNER-ID ${JSON.stringify(expectedPartner)} (${rules.partnerId.value})`,
    source: rules.partnerId.source,
  };
  if (partnerId === undefined || partnerId === '')
    return refuse(missingField(svc, 'X-PARTNER-ID'), partnerRefusal);
  if (partnerId !== expectedPartner)
    return refuse(
      unauthorized(
        svc,
        rules.partnerId.value === 'registered'
          ? 'X-PARTNER-ID is not the partner id registered for the client of the access token'
          : 'X-PARTNER-ID does not match the client of the access token',
      ),
      partnerRefusal,
    );
  const channelProblem = checkChannelId(svc, headers['channel-id'], partner, rules);
  if (channelProblem !== undefined) return channelProblem;
  const externalId = headers['x-external-id'];
  const externalRefusal = {
    knob: 'externalId',
    received: externalId,
    expected: describeExternalId(rules.externalId.value),
    source: rules.externalId.source,
  };
  if (externalId === undefined || externalId === '')
    return refuse(missingField(svc, 'X-EXTERNAL-ID'), externalRefusal);
  if (!externalIdFits(rules.externalId.value, externalId))
    return refuse(badFieldFormat(svc, 'X-EXTERNAL-ID'), externalRefusal);
  if (rules.externalId.value.uniqueWithin === 'none') return undefined;
  const fresh = context.state.recordExternalId({
    provider: profile.provider,
    clientId: partner.clientId,
    externalId,
    nowMs: context.nowMs,
  });
  if (!fresh)
    return refuse(snapReply(svc, SNAP.conflict, { detail: '(X-EXTERNAL-ID already used today)' }), {
      ...externalRefusal,
      expected: 'a value not used before the same day (uniqueWithin: day)',
    });
  return undefined;
}

/** The X-PARTNER-ID a partner's calls carry: its registered partner id, else its client id. */
function expectedPartnerId(partner: ResolvedPartner, rule: HeaderRules['partnerId']['value']): string {
  return rule === 'registered' ? (partner.partnerId ?? partner.clientId) : partner.clientId;
}

/** CHANNEL-ID against the bank's rule, and against the channel registered for the partner. */
function checkChannelId(
  svc: string,
  channelId: string | undefined,
  partner: ResolvedPartner,
  rules: HeaderRules,
): MockReply | undefined {
  const rule = rules.channelId;
  const refusal = (expected: string): KnobRefusal => ({
    knob: 'channelId',
    received: channelId,
    expected,
    source: rule.source,
  });
  if (channelId === undefined || channelId === '') {
    if (!rule.value.required) return undefined;
    return withKnobDiagnosis(
      missingField(svc, 'CHANNEL-ID'),
      rules.bank,
      refusal(describeChannelId(rule.value)),
    );
  }
  const problem = channelIdProblem(rule.value, channelId);
  if (problem !== undefined)
    return withKnobDiagnosis(
      badFieldFormat(svc, 'CHANNEL-ID'),
      rules.bank,
      refusal(`${describeChannelId(rule.value)} (${problem})`),
    );
  if (partner.channelId !== undefined && channelId !== partner.channelId)
    return withKnobDiagnosis(badFieldFormat(svc, 'CHANNEL-ID'), rules.bank, {
      knob: 'channelId',
      received: channelId,
      expected: `the channel registered for this partner, ${JSON.stringify(partner.channelId)}`,
      source: 'the partners file',
    });
  return undefined;
}
