/**
 * Suite + provider → a Bruno collection in OpenCollection YAML (the folder Bruno 3 saves and
 * `bru run` runs): `opencollection.yml` with the signer, the checks and the provider's signing
 * profile, and one `<nnn>-<name>.yml` per request in the suite's order. A pure function of its
 * inputs; src/render/opencollection/export.ts brings the scripts.
 */
import { stringify } from 'yaml';
import { providerVariable, type Provider, type RequestSpec, type Suite } from '../../model/types.ts';
import { headersFor } from '../postman.ts';
import { brunoRequestTests } from './scripts.ts';

/** The OpenCollection version written. */
export const OPENCOLLECTION_VERSION = '1.0.0';

export interface OpenCollectionOptions {
  suite: Suite;
  provider: Provider;
  /** The collection-level pre-request script (./scripts.ts brunoSignerScript). */
  signerScript: string;
  /** The collection-level tests script (./scripts.ts brunoChecksScript). */
  checksScript: string;
}

/** A file of the collection, by its path inside the collection's folder. */
export interface CollectionFile {
  path: string;
  text: string;
}

/** YAML as Bruno writes it: block scalars for scripts, no folding of long lines. */
export const toYaml = (value: object): string => stringify(value, { lineWidth: 0, blockQuote: 'literal' });

const slug = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60) || 'request';

/** The request's file name: its place in the suite, then its name. */
export const requestFileName = (index: number, request: RequestSpec): string =>
  `${String(index + 1).padStart(3, '0')}-${slug(request.name)}.yml`;

function bodyOf(request: RequestSpec): object | undefined {
  if (request.form)
    return {
      type: 'form-urlencoded',
      data: Object.entries(request.form).map(([name, value]) => ({ name, value })),
    };
  // As text: Bruno strips "comments" from a JSON body; the signer keeps its Content-Type as
  // written (scripts/bruno.ts keepBodyAsWritten).
  if (request.rawBody !== undefined) return { type: 'text', data: request.rawBody };
  if (request.body === undefined) return undefined;
  return { type: 'json', data: JSON.stringify(request.body, null, 2) };
}

function requestDocument(request: RequestSpec, index: number, provider: Provider): object {
  const body = bodyOf(request);
  const sameOrigin = request.followRedirects === 'same-origin';
  return {
    info: { name: request.name, type: 'http', seq: index + 1 },
    http: {
      method: request.method,
      url: `{{${providerVariable(provider.name, 'base_url')}}}${request.path}`,
      headers: headersFor(request, provider).map(({ key, value }) => ({ name: key, value })),
      ...(body ? { body } : {}),
    },
    runtime: { scripts: [{ type: 'tests', code: brunoRequestTests(request, provider) }] },
    settings: {
      // The signer sends the URL it signed, encoded already.
      encodeUrl: false,
      followRedirects: sameOrigin,
      maxRedirects: sameOrigin ? 5 : 0,
      forwardAuthorizationHeader: false,
    },
    docs: `Defined at ${request.source.file}:${request.source.line}. Expects HTTP ${request.expect.status}${request.expect.responseCode ? `, responseCode ${request.expect.responseCode}` : ''}.`,
  };
}

/** The collection's files: `opencollection.yml` and one file per request. */
export function renderOpenCollection(options: OpenCollectionOptions): CollectionFile[] {
  const { suite, provider, signerScript, checksScript } = options;
  const root = {
    opencollection: OPENCOLLECTION_VERSION,
    info: { name: suite.name },
    docs: `${suite.description ?? suite.name}\n\nRendered by kontrak from ${suite.source.file}. Requests are signed by the collection's pre-request script; give the ${provider.name}_* secrets with \`bru run --env <name> --env-var <name>=<value>\`.`,
    request: {
      variables: [
        {
          name: `kontrak_provider_${provider.name}`,
          value: JSON.stringify(provider.signing),
          description: 'Signing knobs of this provider, read by the signer.',
        },
      ],
      // The tests first: bru prints the lines around a failing line of this file, and the
      // signer's failures should not show the checks' long bundled line.
      scripts: [
        { type: 'tests', code: checksScript },
        { type: 'before-request', code: signerScript },
      ],
    },
    // The collection's tests (which define the checks) run before each request's (which call them).
    extensions: { bruno: { scripts: { flow: 'sequential' } } },
  };
  return [
    { path: 'opencollection.yml', text: toYaml(root) },
    ...suite.requests.map((request, i) => ({
      path: requestFileName(i, request),
      text: toYaml(requestDocument(request, i, provider)),
    })),
  ];
}
