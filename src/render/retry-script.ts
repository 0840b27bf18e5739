/**
 * Retries as item scripts, so they work the same in kontrak's runs, in newman and in Postman's
 * collection runner. The test script decides: on a failure the policy names, it stores the body
 * and external id that were sent, waits, and sends the request again (setNextRequest to itself).
 * The pre-request script of the retry puts that body and id back before signing, so a retried
 * transfer carries the same X-EXTERNAL-ID and partnerReferenceNo: a bank that already processed
 * it refuses the duplicate instead of moving money twice.
 */
import { SIGN_CALL } from './bundle-signer.ts';
import { signalStatement } from './script-signals.ts';
import { SIGN_DIRECTIVE_HEADER, type Provider, type RequestSpec, type RetryPolicy } from '../model/types.ts';

/** Longest wait a Retry-After header may impose, ms. */
export const MAX_RETRY_AFTER_MS = 30_000;

/** Longest wait the doubling backoff reaches, ms. */
export const MAX_BACKOFF_MS = 300_000;

/**
 * A pin older than this is stale (a run stopped while it waited to retry) and is ignored, so the
 * next manual send in Postman does not resend an old body and external id.
 */
const PIN_LIFETIME_MS = 600_000;

const pinVariable = (request: RequestSpec): string => `kontrak_retry_${request.id}`;

/** Pre-request lines: on a retry, restore what the first attempt sent (and re-sign in Postman). */
export function retryPrerequest(request: RequestSpec, provider: Provider): string[] {
  const idHeader = JSON.stringify(provider.signing.externalIdHeader);
  const directive = JSON.stringify(`${request.sign}; provider=${provider.name}`);
  return [
    `var kontrakPin = JSON.parse(pm.collectionVariables.get(${JSON.stringify(pinVariable(request))}) || 'null');`,
    `if (kontrakPin && Date.now() - kontrakPin.at < ${PIN_LIFETIME_MS}) {`,
    "  if (kontrakPin.body !== null) pm.request.body.update({ mode: 'raw', raw: kontrakPin.body, options: { raw: { language: 'json' } } });",
    `  if (kontrakPin.id) pm.request.headers.upsert({ key: ${idHeader}, value: kontrakPin.id });`,
    // Postman and plain newman signed this attempt already (collection script): sign again over the
    // pinned body and id. kontrak's runs sign after all scripts, in Node.
    `  if (typeof kontrakSigner != 'undefined' && ${JSON.stringify(request.sign)} != 'none') {`,
    `    pm.request.headers.upsert({ key: ${JSON.stringify(SIGN_DIRECTIVE_HEADER)}, value: ${directive} });`,
    `    ${SIGN_CALL};`,
    '  }',
    '}',
  ];
}

/**
 * How long to wait before retry number `done + 1`: a bank's own schedule (its waits as they are,
 * whatever the partner's Retry-After says: the bank does not read it), else the doubling backoff.
 */
function waitLines(policy: RetryPolicy): string[] {
  const schedule = policy.schedule;
  if (schedule)
    return [
      `  // kontrak retry: as ${schedule.bank} retries its notifications (${schedule.documented ? 'documented' : "kontrak's stand-in"})`,
      `  var wait = ${JSON.stringify(schedule.delaysMs)}[done];`,
    ];
  return [
    `  var wait = Math.min(${policy.backoffMs ?? 500} * Math.pow(2, done), ${MAX_BACKOFF_MS});`,
    "  var after = code && Number(pm.response.headers.get('Retry-After'));",
    `  if (after >= 0) wait = Math.min(after * 1000, ${MAX_RETRY_AFTER_MS});`,
  ];
}

/**
 * Test lines: retry on a failure the policy names, while retries are left; else forget the pin.
 * `kontrakRetrying` says whether this attempt will be sent again.
 */
export function retryTest(request: RequestSpec, provider: Provider, policy: RetryPolicy): string[] {
  const pin = JSON.stringify(pinVariable(request));
  return [
    'var kontrakRetrying = (function () {',
    `  var pin = JSON.parse(pm.collectionVariables.get(${pin}) || 'null');`,
    `  var done = pin && Date.now() - pin.at < ${PIN_LIFETIME_MS} ? pin.attempt : 0;`,
    '  var code = pm.response && pm.response.code;',
    "  var cause = !code ? 'transport' : code == 429 ? '429' : code >= 500 ? '5xx' : '';",
    `  if (${JSON.stringify(policy.on)}.indexOf(cause) < 0 || done >= ${policy.count}) {`,
    `    pm.collectionVariables.unset(${pin});`,
    '    return false;',
    '  }',
    ...waitLines(policy),
    '  var body = pm.request.body;',
    `  pm.collectionVariables.set(${pin}, JSON.stringify({ body: body && body.mode == 'raw' ? String(body.raw) : null, id: pm.request.headers.get(${JSON.stringify(provider.signing.externalIdHeader)}) || '', attempt: done + 1, at: Date.now() + wait }));`,
    `  ${signalStatement('{ kind: "retry", cause: cause, attempt: done + 1, waitMs: wait }')}`,
    `  console.info('kontrak: sending again after ' + cause + ' (retry ' + (done + 1) + ' of ${policy.count}) in ' + wait + ' ms');`,
    '  pm.execution.setNextRequest(pm.info.requestId);',
    '  setTimeout(function () {}, wait);',
    '  return true;',
    '})();',
  ];
}
