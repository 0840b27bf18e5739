/**
 * What a bank profile says of the answers themselves: its sandbox's scripted answers (`scenarios`,
 * keyed off an amount, an X-EXTERNAL-ID or body field values, as the sandbox keys them) and its own
 * wording of a responseCode (`messages`). The answer then carries the bank's message exactly; what
 * the mock would have said, the why, goes to X-Kontrak-Diagnosis and the console.
 */
import type { BankProfile, Scenario } from '../../banks/profile.ts';
import type { CatalogueEntry } from '../../catalogue/catalogue.ts';
import { valueAt } from '../body/fields.ts';
import { moneyCents, parseAmount } from '../books/money.ts';
import { DIAGNOSIS_HEADER } from '../gate/signature.ts';
import type { MockReply } from '../snap-errors.ts';
import type { RouteContext } from '../types.ts';
import { headerSafe } from '../gate/verify.ts';

/** A sandbox's scripted answer for this request (DANA by amount or customer, Mandiri by X-EXTERNAL-ID). */
export function scenarioAnswer(
  profile: BankProfile,
  entry: CatalogueEntry,
  context: RouteContext,
): MockReply | undefined {
  const scenario = profile.scenarios.find((s) => s.service === entry.service && scenarioMatches(s, context));
  if (scenario === undefined) return undefined;
  const why = `scripted sandbox answer (${scenario.source})`;
  const reply: MockReply = {
    status: Number(scenario.answer.slice(0, 3)),
    body: {
      responseCode: scenario.answer,
      responseMessage: scenario.message ?? `Scripted sandbox answer (${scenario.source})`,
      additionalInfo: {},
    },
  };
  return reply.status < 400 ? reply : { ...reply, headers: { [DIAGNOSIS_HEADER]: headerSafe(why) } };
}

/** Whether every condition the scenario names holds (at least one is named: the schema says so). */
function scenarioMatches(s: Scenario, context: RouteContext): boolean {
  const body = context.request.body;
  const { amount, externalId, fields } = s.when;
  if (amount !== undefined && moneyCents(body['amount']) !== parseAmount(amount)) return false;
  if (externalId !== undefined && context.request.headers['x-external-id'] !== externalId) return false;
  return fieldsMatch(fields, body);
}

/** Whether each dotted path of the body has its value (no condition: true). */
function fieldsMatch(fields: Record<string, string> | undefined, body: Record<string, unknown>): boolean {
  return Object.entries(fields ?? {}).every(([path, value]) => valueAt(body, path) === value);
}

/** The refused field a message names after the case's words (`amount.value` of `Invalid Field Format amount.value`). */
function namedField(template: string, said: unknown): string {
  const prefix = template.split('{field}')[0] ?? '';
  if (typeof said !== 'string' || !said.startsWith(prefix)) return '';
  return said.slice(prefix.length).split(/[\s(]/)[0] ?? '';
}

/**
 * The reply with the bank's own message for its responseCode, where the profile states one. `{field}`
 * is the refused field's top-level name (DANA: `Invalid Field Format amount` for `amount.value`). A
 * refusal whose message changes keeps the mock's own words in X-Kontrak-Diagnosis.
 */
export function withBankMessage(
  profile: BankProfile,
  request: Record<string, unknown>,
  reply: MockReply,
  field?: string,
): MockReply {
  const code = reply.body['responseCode'];
  const stated = typeof code === 'string' ? profile.messages[code] : undefined;
  if (stated === undefined || !fieldsMatch(stated.when, request)) return reply;
  const said = reply.body['responseMessage'];
  const named = field ?? namedField(stated.value, said);
  const message = stated.value.replace('{field}', named.split('.')[0] ?? '').trim();
  if (message === said) return reply;
  const body = { ...reply.body, responseMessage: message };
  if (reply.status < 400 || reply.headers?.[DIAGNOSIS_HEADER] !== undefined) return { ...reply, body };
  const diagnosis = `refused: ${typeof said === 'string' ? said : `HTTP ${reply.status}`}; ${profile.bank} words it "${message}" (source: ${stated.source})`;
  return { ...reply, body, headers: { ...reply.headers, [DIAGNOSIS_HEADER]: headerSafe(diagnosis) } };
}
