/**
 * The rules the SNAP gate applies to a request's headers, as one bank states them (its profile's
 * knobs, ASPI's rule by default), and the diagnosis a refusal by one of them carries: the knob,
 * the value received, what this bank expects, and where that comes from.
 */
import { readFileSync } from 'node:fs';
import type { BankProfile, Sourced } from '../../banks/profile.ts';
import { must } from '../../must.ts';
import { packagePath } from '../../project/assets.ts';
import type {
  ChannelIdRule,
  SourcedBlankOptional,
  SourcedCustomerToken,
  SourcedDeviceHeaders,
  SourcedExternalId,
  SourcedOriginalServiceCode,
  SourcedPartnerId,
  SourcedTimestampForms,
} from '../../banks/bank-profile.generated.ts';
import { describeTimestampForms, timestampFormProblem } from '../../banks/timestamp-forms.ts';
import { DIAGNOSIS_HEADER } from './signature.ts';
import { badFieldFormat, type MockReply } from '../snap-errors.ts';
import { headerSafe } from './verify.ts';

/**
 * The token of an `Authorization` (or `Authorization-Customer`) header of the form
 * `Bearer <token>`, any case, surrounding whitespace ignored; undefined for any other form.
 */
export function bearerToken(header: string | undefined): string | undefined {
  return /^bearer\s+(\S+)$/i.exec((header ?? '').trim())?.[1];
}

/** The header rules of one bank (for one service, where a service overrides them). */
export interface HeaderRules {
  /** Whose rules these are, for diagnoses (`doku`, `nicepay`). */
  bank: string;
  channelId: Sourced<ChannelIdRule>;
  externalId: Sourced<SourcedExternalId['value']>;
  timestampForms: Sourced<SourcedTimestampForms['value']>;
  partnerId: Sourced<SourcedPartnerId['value']>;
  customerToken: Sourced<SourcedCustomerToken['value']>;
  deviceHeaders: Sourced<SourcedDeviceHeaders['value']>;
  originalServiceCode: Sourced<SourcedOriginalServiceCode['value']>;
  blankOptional: Sourced<SourcedBlankOptional['value']>;
}

/** What a refusal by one knob says. */
export interface KnobRefusal {
  knob: string;
  received: string | undefined;
  expected: string;
  source: string;
}

/** `knob channelId: received "(none)"; doku expects …; source: …`, for the header and the console. */
export function knobDiagnosis(bank: string, refusal: KnobRefusal): string {
  const received = refusal.received === undefined ? '(none)' : JSON.stringify(refusal.received.slice(0, 80));
  return `knob ${refusal.knob}: received ${received}; ${bank} expects ${refusal.expected}; source: ${refusal.source}`;
}

/** The reply with the knob's diagnosis in X-Kontrak-Diagnosis. */
export function withKnobDiagnosis(reply: MockReply, bank: string, refusal: KnobRefusal): MockReply {
  return {
    ...reply,
    headers: { ...reply.headers, [DIAGNOSIS_HEADER]: headerSafe(knobDiagnosis(bank, refusal)) },
  };
}

const CHARACTERS: Record<SourcedExternalId['value']['characters'], RegExp> = {
  digits: /^\d+$/,
  alphanumeric: /^[A-Za-z0-9]+$/,
  'uuid-like': /^[A-Za-z0-9-]+$/,
};

/** What an X-EXTERNAL-ID rule expects, in words. */
export function describeExternalId(rule: SourcedExternalId['value']): string {
  return `${rule.characters} characters, at most ${rule.maxLength}`;
}

/** Whether X-EXTERNAL-ID has the bank's characters and length. */
export function externalIdFits(rule: SourcedExternalId['value'], value: string): boolean {
  return CHARACTERS[rule.characters].test(value) && value.length <= rule.maxLength;
}

/** The 400xx01 refusal of an X-TIMESTAMP outside the bank's forms, with the knob's diagnosis. */
export function timestampFormRefusal(
  svc: string,
  value: string,
  rules: Pick<HeaderRules, 'bank' | 'timestampForms'>,
): MockReply | undefined {
  const problem = timestampFormProblem(rules.timestampForms.value, value);
  if (problem === undefined) return undefined;
  return withKnobDiagnosis(badFieldFormat(svc, 'X-TIMESTAMP'), rules.bank, {
    knob: 'timestampForms',
    received: value,
    expected: `${describeTimestampForms(rules.timestampForms.value)}; ${problem}`,
    source: rules.timestampForms.source,
  });
}

/** What a CHANNEL-ID rule expects, in words. */
export function describeChannelId(rule: ChannelIdRule): string {
  const parts = [rule.required ? 'required' : 'optional'];
  if (rule.maxLength !== undefined) parts.push(`at most ${rule.maxLength} characters`);
  if (rule.pattern !== undefined) parts.push(`matching /${rule.pattern}/`);
  if (rule.allowed !== undefined) parts.push(`one of ${rule.allowed.join(', ')}`);
  return parts.join(', ');
}

/** Why a CHANNEL-ID value breaks the rule (undefined: it fits). */
export function channelIdProblem(rule: ChannelIdRule, value: string): string | undefined {
  if (rule.maxLength !== undefined && value.length > rule.maxLength) return 'too long';
  if (rule.pattern !== undefined && !new RegExp(`^(?:${rule.pattern})$`).test(value)) return 'wrong form';
  if (rule.allowed !== undefined && !rule.allowed.includes(value)) return 'not allowed';
  return undefined;
}

/** A JSON value with "" and null left out of every object, for banks that read them as absent. */
export function withoutBlanks(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutBlanks);
  if (value === null || typeof value !== 'object') return value;
  const kept: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (inner === '' || inner === null) continue;
    kept[key] = withoutBlanks(inner);
  }
  return kept;
}

type RuleKnob = Exclude<keyof HeaderRules, 'bank'>;
const RULE_KNOBS: readonly RuleKnob[] = [
  'channelId',
  'externalId',
  'timestampForms',
  'partnerId',
  'customerToken',
  'deviceHeaders',
  'originalServiceCode',
  'blankOptional',
];

let aspiDefaults: Omit<HeaderRules, 'bank'> | undefined;

/** ASPI's rules: the defaults schemas/bank-profile.schema.json gives these knobs (their one home). */
export function aspiHeaderRules(bank: string): HeaderRules {
  if (aspiDefaults === undefined) {
    const schema = JSON.parse(readFileSync(packagePath('schemas', 'bank-profile.schema.json'), 'utf8')) as {
      properties: Record<string, { default?: unknown }>;
    };
    const entries = RULE_KNOBS.map((knob) => [knob, must(schema.properties[knob]?.default, knob)]);
    aspiDefaults = Object.fromEntries(entries) as Omit<HeaderRules, 'bank'>;
  }
  return { bank, ...aspiDefaults };
}

/** A bank profile's rules, with a service's own CHANNEL-ID and device-header knobs over the bank's. */
export function profileHeaderRules(profile: BankProfile, service?: string): HeaderRules {
  const knobs = service === undefined ? undefined : profile.services[service];
  return {
    bank: profile.bank,
    channelId: knobs?.channelId ?? profile.channelId,
    externalId: profile.externalId,
    timestampForms: profile.timestampForms,
    partnerId: profile.partnerId,
    customerToken: profile.customerToken,
    deviceHeaders: knobs?.deviceHeaders ?? profile.deviceHeaders,
    originalServiceCode: profile.originalServiceCode,
    blankOptional: profile.blankOptional,
  };
}

/** The dotted path of the first "" or null in a body (`additionalInfo.deviceId`), if any. */
export function firstBlankField(value: unknown, at = ''): string | undefined {
  if (value === '' || value === null) return at;
  if (typeof value !== 'object') return undefined;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  for (const [key, inner] of entries) {
    const found = firstBlankField(inner, at === '' ? key : `${at}.${key}`);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Under a bank whose source says a blank optional field is invalid (blankOptional: invalid), the
 * first "" or null the body carries, refused as 400xx01 with the knob's diagnosis. The request
 * schemas let an optional field be blank (ASPI's reading), so this is the knob's one check.
 */
export function blankOptionalRefusal(svc: string, body: unknown, rules: HeaderRules): MockReply | undefined {
  if (rules.blankOptional.value !== 'invalid') return undefined;
  const field = firstBlankField(body);
  if (field === undefined || field === '') return undefined;
  return blankRefusal(badFieldFormat(svc, field), body, { field }, rules);
}

/**
 * A body refusal with the blankOptional knob's diagnosis when the refused field was sent as ""
 * or null, so "invalid" on an optional blank names the knob that made it so.
 */
export function blankRefusal(
  reply: MockReply,
  body: unknown,
  problem: { field: string },
  rules: HeaderRules,
): MockReply {
  const sent = problem.field
    .split('.')
    .reduce<unknown>(
      (at, key) => (at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined),
      body,
    );
  if (sent !== '' && sent !== null) return reply;
  return withKnobDiagnosis(reply, rules.bank, {
    knob: 'blankOptional',
    received: `${problem.field}: ${JSON.stringify(sent)}`,
    expected:
      rules.blankOptional.value === 'absent'
        ? 'a value in a mandatory field'
        : `${problem.field} left out rather than blank (invalid)`,
    source: rules.blankOptional.source,
  });
}
