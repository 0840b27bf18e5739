import { isAlias, isMap, isScalar } from 'yaml';
import type {
  NegativeSpec,
  NegativeYaml,
  CredentialField,
  Environment,
  KontrakFile,
  Provider,
  RequestSpec,
  RetryCause,
  SourceRef,
  Suite,
} from '../model/types.ts';
import type * as Format from '../model/format-loaded.generated.ts';
import { locate, type ParsedFile } from './parse.ts';
import { must } from '../must.ts';

export type LoadedFile =
  | { kind: 'provider'; value: Provider }
  | { kind: 'suite'; value: Suite }
  | { kind: 'environment'; value: Environment };

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'request'
  );
}

/**
 * The signing knobs the provider file writes itself, read from the document as written (the data
 * has the schema's defaults filled in): a bank profile's knobs win over defaults, never over these.
 */
function signingWritten(parsed: ParsedFile): NonNullable<Provider['signingGiven']> {
  const written: unknown = parsed.document.getIn(['provider', 'signing'], true);
  const node = isAlias(written) ? written.resolve(parsed.document) : written;
  if (!isMap(node)) return [];
  return node.items.flatMap((pair) =>
    isScalar(pair.key) ? [String(pair.key.value) as Exclude<keyof Format.Signing, 'tsType'>] : [],
  );
}

function buildProvider(parsed: ParsedFile, p: Format.Provider): Provider {
  const credentials: CredentialField[] = Object.entries(p.credentials).map(([field, c]) => ({
    field,
    secret: c.secret,
    description: c.description,
    ...(c.signingKey ? { signingKey: true } : {}),
  }));
  const given = signingWritten(parsed);
  return {
    name: p.name,
    source: locate(parsed, ['provider']),
    ...(p.bank ? { bank: p.bank, bankSource: locate(parsed, ['provider', 'bank']) } : {}),
    services: p.services,
    ...(p.mock ? { mock: p.mock, mockSource: locate(parsed, ['provider', 'mock']) } : {}),
    ...(p.mockProducts ? { mockProducts: p.mockProducts } : {}),
    baseUrls: p.baseUrls,
    ...(p.basePath ? { basePath: p.basePath } : {}),
    paths: p.paths,
    signing: { provider: p.name, ...p.signing },
    ...(given.length ? { signingGiven: given } : {}),
    headers: p.headers,
    credentials,
    replayAnswer: p.replayAnswer,
  };
}

/** A request's own `retry`, else its suite's (429 may be written as a number). */
function retryOf(retry: Format.Retry | undefined): Pick<RequestSpec, 'retry'> {
  if (!retry) return {};
  const on = retry.on.map((cause) => String(cause) as RetryCause);
  // A bank's schedule sets the count when the suites are resolved against its profile.
  if (retry.bank) return { retry: { count: 0, on, bank: retry.bank } };
  return { retry: { count: retry.count ?? 0, on, backoffMs: retry.backoffMs } };
}

/** A `negatives:` entry in any of its written forms → the model's spec. */
function negativeOf(n: NegativeYaml): NegativeSpec {
  if (typeof n === 'string') return { kind: n };
  const scenario = n.scenario ? { scenario: n.scenario } : {};
  if ('kind' in n) return { kind: n.kind, ...(n.field ? { field: n.field } : {}), ...scenario };
  if ('mandatory-field' in n) return { kind: 'mandatory-field', field: n['mandatory-field'], ...scenario };
  return { kind: 'field-format', field: n['field-format'], ...scenario };
}

/** Where a request's schema and capture paths are written, for diagnostics about them. */
function placesOf(
  parsed: ParsedFile,
  index: number,
  r: Format.Suite['requests'][number],
): Record<string, SourceRef> {
  const at = ['suite', 'requests', index];
  const places: Record<string, SourceRef> = {};
  if (r.expect.schema !== undefined) places['expect.schema'] = locate(parsed, [...at, 'expect', 'schema']);
  for (const variable of Object.keys(r.capture))
    places[`capture.${variable}`] = locate(parsed, [...at, 'capture', variable]);
  return places;
}

function buildSuite(parsed: ParsedFile, s: Format.Suite): Suite {
  const requests = s.requests.map((r, index): RequestSpec => ({
    id: `${s.name}/${String(index + 1).padStart(2, '0')}-${slug(r.name)}`,
    name: r.name,
    method: r.method,
    path: r.path ?? '',
    ...(r.service ? { service: r.service } : {}),
    ...(r.environments ? { environments: r.environments } : {}),
    headers: r.headers,
    body: r.body,
    ...(r.form ? { form: r.form } : {}),
    sign: r.sign,
    ...(r.tamper ? { tamper: r.tamper } : {}),
    ...(r.negatives?.length
      ? {
          negatives: r.negatives.map(negativeOf),
        }
      : {}),
    ...(r.scenario ? { scenario: r.scenario } : {}),
    expect: r.expect,
    ...retryOf(r.retry ?? s.retry),
    ...((r.followRedirects ?? s.followRedirects) === 'same-origin'
      ? { followRedirects: 'same-origin' as const }
      : {}),
    capture: r.capture,
    ...(r.finding ? { finding: r.finding } : {}),
    source: locate(parsed, ['suite', 'requests', index]),
    places: placesOf(parsed, index, r),
  }));
  return {
    name: s.name,
    provider: s.provider ?? s.providers?.[0] ?? '',
    providers: s.providers ?? (s.provider ? [s.provider] : []),
    ...(s.environments ? { environments: s.environments } : {}),
    ...(s.description ? { description: s.description } : {}),
    ...(s.scenarios ? { scenarios: s.scenarios } : {}),
    source: locate(parsed, ['suite']),
    requests,
  };
}

/** A schema-valid file, its defaults filled in (validateFormat) → its model object. */
export function buildFile(parsed: ParsedFile, data: KontrakFile): LoadedFile {
  if (data.provider) return { kind: 'provider', value: buildProvider(parsed, data.provider) };
  if (data.suite) return { kind: 'suite', value: buildSuite(parsed, data.suite) };
  const env = must(data.environment, 'environment document');
  return {
    kind: 'environment',
    value: {
      name: env.name,
      kind: 'remote',
      ...(env.evidence ? { evidence: env.evidence } : {}),
      ...(env.providers ? { providers: env.providers } : {}),
      source: locate(parsed, ['environment']),
    },
  };
}
