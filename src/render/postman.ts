import {
  providerVariable,
  SIGN_DIRECTIVE_HEADER,
  type Provider,
  type RequestSpec,
  type Suite,
} from '../model/types.ts';
import { stableId } from './ids.ts';
import { EXTERNAL_ID_VARIABLE, REFERENCE_VARIABLE } from '../model/negatives.ts';
import type { PostmanCollection, PostmanEvent, PostmanItem, PostmanRequest } from './postman-types.ts';
import { retryPrerequest, retryTest } from './retry-script.ts';
import { signalStatement } from './script-signals.ts';

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
}

/** The schema files a suite's checks need, for {@link RenderOptions.checksScript}. */
export function schemaKeysOf(suite: Suite): string[] {
  return [...new Set(suite.requests.flatMap((r) => (r.expect.schema ? [r.expect.schema] : [])))].sort();
}

function script(listen: 'prerequest' | 'test', exec: string[], id: string): PostmanEvent {
  return { listen, script: { id: stableId(id), type: 'text/javascript', exec } };
}

/** `virtualAccountData.items[0]` → `["virtualAccountData"]["items"][0]` (safe JS accessors). */
export function accessor(path: string): string {
  return path
    .split('.')
    .flatMap((part) => {
      const [name, ...indexes] = part.split('[');
      return [JSON.stringify(name), ...indexes.map((i) => i.replace(']', ''))];
    })
    .map((k) => `[${k}]`)
    .join('');
}

/** Test script lines: the external id a later variant reuses, and captures. */
function testScript(request: RequestSpec, provider: Provider): string[] {
  const lines: string[] = [];
  if (request.recordExternalId) {
    // A later external-id-reuse variant sends this request's external id again.
    const header = JSON.stringify(provider.signing.externalIdHeader);
    lines.push(
      `pm.collectionVariables.set(${JSON.stringify(EXTERNAL_ID_VARIABLE)}, pm.request.headers.get(${header}) || '');`,
    );
  }
  if (request.recordReference) {
    // Later duplicate-reference / inconsistent-request variants repeat this reference as sent.
    lines.push(
      `try { var kontrakSent = JSON.parse(pm.request.body.raw); pm.collectionVariables.set(${JSON.stringify(REFERENCE_VARIABLE)}, String(kontrakSent${accessor(request.recordReference)})); } catch (e) {}`,
    );
  }
  const captures = Object.entries(request.capture);
  if (captures.length) {
    lines.push('var kontrakBody = {};', 'try { kontrakBody = pm.response.json(); } catch (e) {}');
    for (const [variable, path] of captures) {
      lines.push(
        `try { var v = kontrakBody${accessor(path)}; if (v !== undefined) pm.collectionVariables.set(${JSON.stringify(variable)}, String(v)); } catch (e) {}`,
      );
    }
    const token = providerVariable(provider.name, 'access_token');
    if (token in request.capture) {
      // When the token expires (SNAP expiresIn / BRI expires_in, seconds), so it can be reused until then.
      lines.push(
        'var kontrakTtl = Number(kontrakBody.expiresIn || kontrakBody.expires_in);',
        `if (kontrakTtl > 0) pm.collectionVariables.set(${JSON.stringify(`${token}_expires_at`)}, String(Date.now() + kontrakTtl * 1000));`,
      );
    }
  }
  return lines;
}

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

/**
 * kontrak's own runs fetch a token once per provider and reuse it while it is valid: a token
 * request skips itself when an earlier suite's token has more than a minute left. (Not in the
 * collection for Postman: there a token request always goes out.)
 */
function reuseScript(request: RequestSpec, provider: Provider, forPostman: boolean): string[] {
  const token = providerVariable(provider.name, 'access_token');
  if (forPostman || !(token in request.capture) || request.negative || request.tamper) return [];
  return [
    `var kontrakToken = pm.variables.get(${JSON.stringify(token)}), kontrakLeft = Number(pm.variables.get(${JSON.stringify(`${token}_expires_at`)})) - Date.now();`,
    `if (kontrakToken && kontrakLeft > 60000) { ${signalStatement(`{ kind: "reused", note: ${JSON.stringify(`${token} fetched earlier in this run, valid `)} + Math.round(kontrakLeft / 1000) + " s more" }`)} pm.execution.skipRequest(); }`,
  ];
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

function item(request: RequestSpec, provider: Provider, forPostman: boolean): PostmanItem {
  const baseVariable = `{{${providerVariable(provider.name, 'base_url')}}}`;
  const [pathPart = '', query] = request.path.split('?');
  const retry = request.retry;
  const tests = [
    ...testScript(request, provider),
    ...(retry ? retryTest(request, provider, retry) : []),
    ...(forPostman ? [checkCall(request, retry !== undefined)] : []),
  ];
  const prerequest = [
    ...reuseScript(request, provider, forPostman),
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
  const { suite, provider, signerScript, forPostman, checksScript = [] } = options;
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
    item: suite.requests.map((request) => item(request, provider, forPostman)),
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
