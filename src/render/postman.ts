import {
  providerVariable,
  SIGN_DIRECTIVE_HEADER,
  type Provider,
  type RequestSpec,
  type Suite,
} from '../model/types.ts';
import { stableId } from './ids.ts';
import type { PostmanCollection, PostmanEvent, PostmanItem, PostmanRequest } from './postman-types.ts';
import { retryPrerequest, retryTest } from './retry-script.ts';
import { itemStepsOf, prerequestLines, testLines } from './item-steps.ts';

export const COLLECTION_SCHEMA_URL = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json';

export interface RenderOptions {
  suite: Suite;
  provider: Provider;
  /**
   * Lines of the collection-level pre-request script (the bundled signer); none when the runner
   * signs in Node (kontrak's own runs, src/run/node-signer.ts).
   */
  signerScript: string[];
  /**
   * For Postman: every request's test script runs the checks of `kontrak run` (`kontrakChecks`,
   * from `checksScript`), so manual runs and plain newman check the same. kontrak's own runs check
   * in Node instead (each sandbox script costs ~5 ms per request).
   */
  forPostman: boolean;
  /** Lines of the collection-level test script (src/render/bundle-checks.ts); none for kontrak's runs. */
  checksScript?: string[];
  /**
   * kontrak's runs: the item steps (render/item-steps.ts: the token reuse check, the records and
   * captures) of a request without a retry policy run in Node (src/run/node-steps.ts), so such a
   * request carries no script and the runner boots no sandbox for it. A retried request keeps
   * them in its scripts, in order with the retry's own.
   */
  stepsInNode?: boolean;
}

/** Whether kontrak's runs perform this request's item steps in Node ({@link RenderOptions.stepsInNode}). */
export const stepsRunInNode = (request: RequestSpec): boolean => request.retry === undefined;

/** The schema files a suite's checks need, for {@link RenderOptions.checksScript}. */
export function schemaKeysOf(suite: Suite): string[] {
  return [...new Set(suite.requests.flatMap((r) => (r.expect.schema ? [r.expect.schema] : [])))].sort();
}

function script(listen: 'prerequest' | 'test', exec: string[], id: string): PostmanEvent {
  return { listen, script: { id: stableId(id), type: 'text/javascript', exec } };
}

export { accessor } from './item-steps.ts';

/** The request's headers, the signing directive last (the signer reads and removes it). */
export function headersFor(request: RequestSpec, provider: Provider): Array<{ key: string; value: string }> {
  const headers: Record<string, string> = {};
  if (request.body !== undefined || request.rawBody !== undefined)
    headers['Content-Type'] = 'application/json';
  if (request.form !== undefined) headers['Content-Type'] = 'application/x-www-form-urlencoded';
  // Provider headers (X-PARTNER-ID, CHANNEL-ID…) belong to transactional calls, not to token calls.
  if (
    request.sign === 'snap-transaction' ||
    request.sign === 'snap-asymmetric' ||
    request.sign === 'bri-v2' ||
    request.sign === 'bri-notify'
  ) {
    Object.assign(headers, provider.headers);
  }
  Object.assign(headers, request.headers);
  const list = Object.entries(headers).map(([key, value]) => ({ key, value }));
  if (request.sign !== 'none') {
    const tamper = request.tamper ? `; tamper=${request.tamper}` : '';
    list.push({ key: SIGN_DIRECTIVE_HEADER, value: `${request.sign}; provider=${provider.name}${tamper}` });
  }
  return list;
}

function bodyOf(request: RequestSpec): Pick<PostmanRequest, 'body'> {
  if (request.form) {
    // Postman encodes urlencoded values after resolving {{variables}}: secrets with + or & survive.
    return {
      body: {
        mode: 'urlencoded',
        urlencoded: Object.entries(request.form).map(([key, value]) => ({ key, value, type: 'text' })),
      },
    };
  }
  if (request.rawBody !== undefined)
    return { body: { mode: 'raw', raw: request.rawBody, options: { raw: { language: 'json' } } } };
  if (request.body === undefined) return {};
  return {
    body: { mode: 'raw', raw: JSON.stringify(request.body, null, 2), options: { raw: { language: 'json' } } },
  };
}

/** What a request's checks read of it (src/render/sandbox/checks.ts, CheckSpec). */
export function checkSpecOf(request: RequestSpec): object {
  return {
    sign: request.sign,
    path: request.path,
    expect: request.expect,
    ...(request.successCodes ? { successCodes: request.successCodes } : {}),
    ...(request.service !== undefined ? { service: request.service } : {}),
    ...(request.serviceCode !== undefined ? { serviceCode: request.serviceCode } : {}),
    ...(request.serviceCodeSource !== undefined ? { serviceCodeSource: request.serviceCodeSource } : {}),
    ...(request.contract ? { contract: request.contract } : {}),
    ...(request.basis ? { basis: request.basis } : {}),
  };
}

/**
 * The checks of `kontrak run` on this response (src/render/sandbox/checks.ts). An attempt the
 * retry policy sends again is not checked: like `kontrak run`, only the last attempt counts.
 */
function checkCall(request: RequestSpec, retrying: boolean): string {
  const spec = checkSpecOf(request);
  return `${retrying ? 'if (!kontrakRetrying) ' : ''}kontrakChecks.check(pm, ${JSON.stringify(spec)});`;
}

function item(request: RequestSpec, provider: Provider, options: RenderOptions): PostmanItem {
  const { forPostman } = options;
  const baseVariable = `{{${providerVariable(provider.name, 'base_url')}}}`;
  const [pathPart = '', query] = request.path.split('?');
  const retry = request.retry;
  const scripted = !(options.stepsInNode && stepsRunInNode(request));
  const steps = scripted ? itemStepsOf(request, provider, forPostman) : undefined;
  const tests = [
    ...(steps ? testLines(steps) : []),
    ...(retry ? retryTest(request, provider, retry) : []),
    ...(forPostman ? [checkCall(request, retry !== undefined)] : []),
  ];
  const prerequest = [
    ...(steps ? prerequestLines(steps) : []),
    ...(retry ? retryPrerequest(request, provider) : []),
  ];
  const events = [
    ...(prerequest.length ? [script('prerequest', prerequest, `${request.id}/prerequest`)] : []),
    ...(tests.length ? [script('test', tests, `${request.id}/test`)] : []),
  ];
  return {
    id: request.id,
    name: request.name,
    request: {
      method: request.method,
      header: headersFor(request, provider),
      url: {
        raw: `${baseVariable}${request.path}`,
        host: [baseVariable],
        path: pathPart.split('/').filter(Boolean),
        ...(query
          ? {
              query: query.split('&').map((pair) => ({
                key: pair.split('=')[0] ?? '',
                value: pair.split('=').slice(1).join('='),
              })),
            }
          : {}),
      },
      ...bodyOf(request),
      description: `Defined at ${request.source.file}:${request.source.line}. Expects HTTP ${request.expect.status}${request.expect.responseCode ? `, responseCode ${request.expect.responseCode}` : ''}.`,
    },
    ...(events.length ? { event: events } : {}),
    protocolProfileBehavior: redirectBehaviour(request),
  };
}

/**
 * Redirects: none followed unless the request opts in to same-origin ones. Postman itself has no
 * same-origin setting, so kontrak run refuses a cross-origin hop at its sockets; an opted-in
 * collection run elsewhere follows what Postman follows.
 */
function redirectBehaviour(request: RequestSpec): NonNullable<PostmanItem['protocolProfileBehavior']> {
  if (request.followRedirects !== 'same-origin') return { followRedirects: false };
  return {
    followRedirects: true,
    followOriginalHttpMethod: true,
    followAuthorizationHeader: false,
    maxRedirects: 5,
  };
}

/** Suite + provider → Postman Collection v2.1 (a pure function of its inputs). */
export function renderCollection(options: RenderOptions): PostmanCollection {
  const { suite, provider, signerScript, checksScript = [] } = options;
  const events = [
    ...(signerScript.length ? [script('prerequest', signerScript, `${suite.name}/signer`)] : []),
    ...(checksScript.length ? [script('test', checksScript, `${suite.name}/checks`)] : []),
  ];
  return {
    info: {
      _postman_id: stableId(`kontrak/${suite.name}`),
      name: suite.name,
      description: `${suite.description ?? suite.name}\n\nRendered by kontrak from ${suite.source.file}. Requests are signed by the collection-level pre-request script; set the ${provider.name}_* variables in the environment.`,
      schema: COLLECTION_SCHEMA_URL,
    },
    item: suite.requests.map((request) => item(request, provider, options)),
    ...(events.length ? { event: events } : {}),
    variable: [
      {
        key: `kontrak_provider_${provider.name}`,
        value: JSON.stringify(provider.signing),
        type: 'string',
        description: 'Signing knobs of this provider, read by the signer.',
      },
    ],
  };
}
