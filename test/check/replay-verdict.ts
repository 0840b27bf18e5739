/**
 * What a bank's mock made of a documented request replayed against it (test/check/fidelity.test.ts):
 * accepted (a business answer, success or not), refused (its fields, headers or signature), or
 * not served at all. A request the mock does not serve was not tested.
 */

export type ReplayVerdict = { kind: 'accepted' } | { kind: 'refused' | 'unserved'; message: string };

export interface ReplayAnswer {
  status: number;
  json: Record<string, unknown>;
}

/** A refusal of the request itself (its fields, headers or signature), as opposed to a business answer. */
const refused = (status: number): boolean => status === 400 || status === 401 || status === 405;

/** The mock's own 404 for a path it has no endpoint at (src/mock/edge/dispatch.ts notFoundReply). */
const noEndpoint = (answer: ReplayAnswer): boolean => {
  const message = answer.json['responseMessage'];
  return answer.status === 404 && typeof message === 'string' && message.includes('No endpoint ');
};

/** Whether the bank's profile offers the service at all, where the caller knows it. */
export interface Offer {
  offered: boolean;
  service: string;
}

/** The verdict on `file`'s replay at `bank`. */
export function replayVerdict(
  file: string,
  bank: string,
  answer: ReplayAnswer,
  offer?: Offer,
): ReplayVerdict {
  if (offer !== undefined && !offer.offered)
    return {
      kind: 'unserved',
      message: `${file}: the ${bank} mock does not offer ${offer.service} (answered ${answer.status} ${JSON.stringify(answer.json)}); mark the sample replay: { mock: false, why } or add the service to banks/${bank}.yaml`,
    };
  if (noEndpoint(answer))
    return {
      kind: 'unserved',
      message: `${file}: the ${bank} mock serves no endpoint there: ${answer.status} ${JSON.stringify(answer.json)}`,
    };
  if (refused(answer.status))
    return {
      kind: 'refused',
      message: `${file}: the ${bank} mock answered ${answer.status} ${JSON.stringify(answer.json)}`,
    };
  return { kind: 'accepted' };
}
