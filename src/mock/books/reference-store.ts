/**
 * What a partner's business reference (partnerReferenceNo, paymentRequestId) was first used for.
 * A reference sent again with the same content is a duplicate (409xx01); with different content
 * (another amount) it is an inconsistent request (404xx18) — the two cases banks' certification
 * lists ask for (https://github.com/dana-id/uat-script/blob/main/resource/mandatory-tests.json).
 */
import type { MockState, ReferenceKey } from './state.ts';
import { SNAP, snapReply, type MockReply } from '../snap-errors.ts';

/** Content of the first use of each reference, per mock bank. */
const firstUses = new WeakMap<MockState, Map<string, string>>();

function usesOf(state: MockState): Map<string, string> {
  let uses = firstUses.get(state);
  if (!uses) {
    uses = new Map();
    firstUses.set(state, uses);
  }
  return uses;
}

const keyOf = (key: ReferenceKey): string => `${key.provider}|${key.clientId}|${key.kind}|${key.value}`;

/**
 * The refusal of a reference already used, if it was: 409xx01 when `content` is what it was first
 * used with, 404xx18 when it differs. `label` names the reference in the message.
 */
export function repeatedReference(
  state: MockState,
  svc: string,
  key: ReferenceKey,
  content: string,
  label = 'partnerReferenceNo',
): MockReply | undefined {
  if (!state.hasReference(key)) return undefined;
  const first = usesOf(state).get(keyOf(key));
  if (first !== undefined && first !== content)
    return snapReply(svc, SNAP.inconsistentRequest, {
      detail: `(${label} already used with another ${first.split(' ')[0]})`,
    });
  return snapReply(svc, SNAP.duplicateReference, { message: `Duplicate ${label}` });
}

/** Marks a reference used, remembering what for. */
export function rememberReference(state: MockState, key: ReferenceKey, content: string): void {
  state.addReference(key);
  usesOf(state).set(keyOf(key), content);
}
