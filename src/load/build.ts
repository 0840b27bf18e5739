import type {
  NegativeSpec,
  CredentialField,
  Environment,
  Provider,
  ProviderSigning,
  RequestSpec,
  RedirectPolicy,
  RetryCause,
  SourceRef,
  Suite,
} from '../model/types.ts';
import { locate, type ParsedFile } from './parse.ts';
import { must } from '../must.ts';

/* Shapes of the YAML after the format schema accepted it. */
interface ProviderYaml {
  name: string;
  bank?: string;
  services?: Provider['services'];
  basePath?: string;
  paths?: Record<string, string>;
  mock?: Provider['mock'];
  mockProducts?: string[];
  baseUrls?: Record<string, string>;
  signing?: Partial<Omit<ProviderSigning, 'provider'>>;
  headers?: Record<string, string>;
  credentials: Record<string, { secret?: boolean; description?: string; signingKey?: boolean }>;
  replayAnswer?: Provider['replayAnswer'];
}
interface RequestYaml {
  name: string;
  method: RequestSpec['method'];
  path?: string;
  service?: string;
  environments?: string[];
  headers?: Record<string, string>;
  body?: unknown;
  form?: Record<string, string>;
  sign?: RequestSpec['sign'];
  tamper?: RequestSpec['tamper'];
  negatives?: NegativeYaml[];
  scenario?: string;
  expect: RequestSpec['expect'];
  capture?: Record<string, string>;
  retry?: RetryYaml;
  followRedirects?: RedirectPolicy;
  finding?: string;
}
type NegativeYaml =
  | NegativeSpec['kind']
  | { 'mandatory-field': string; scenario?: string }
  | { 'field-format': string; scenario?: string }
  | { kind: NegativeSpec['kind']; field?: string; scenario?: string };
type RetryYaml = { count: number; on?: Array<RetryCause | 429>; backoffMs?: number };
interface SuiteYaml {
  name: string;
  provider?: string;
  providers?: string[];
  environments?: string[];
  description?: string;
  retry?: RetryYaml;
  followRedirects?: RedirectPolicy;
  scenarios?: Suite['scenarios'];
  requests: RequestYaml[];
}

export type LoadedFile =
  | { kind: 'provider'; value: Provider }
  | { kind: 'suite'; value: Suite }
  | { kind: 'environment'; value: Environment };

/** Defaults of the signing knobs; a provider file states only what differs. */
export const SIGNING_DEFAULTS: Omit<ProviderSigning, 'provider'> = {
  signatureEncoding: 'base64',
  signedPathStripPrefix: '',
  signQuery: 'as-sent',
  bodyHash: 'minified',
  timestampFormat: 'snap',
  externalIdHeader: 'X-EXTERNAL-ID',
  externalIdDigits: 16,
};

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'request'
  );
}

function buildProvider(parsed: ParsedFile, p: ProviderYaml): Provider {
  const credentials: CredentialField[] = Object.entries(p.credentials).map(([field, c]) => ({
    field,
    secret: c.secret ?? true,
    description: c.description ?? '',
    ...(c.signingKey ? { signingKey: true } : {}),
  }));
  return {
    name: p.name,
    source: locate(parsed, ['provider']),
    ...(p.bank ? { bank: p.bank, bankSource: locate(parsed, ['provider', 'bank']) } : {}),
    services: p.services ?? {},
    ...(p.mock ? { mock: p.mock } : {}),
    ...(p.mockProducts ? { mockProducts: p.mockProducts } : {}),
    baseUrls: p.baseUrls ?? {},
    ...(p.basePath ? { basePath: p.basePath } : {}),
    paths: p.paths ?? {},
    signing: { provider: p.name, ...SIGNING_DEFAULTS, ...p.signing },
    ...(p.signing ? { signingGiven: Object.keys(p.signing) as NonNullable<Provider['signingGiven']> } : {}),
    headers: p.headers ?? {},
    credentials,
    replayAnswer: p.replayAnswer ?? 'success',
  };
}

/** A request's own `retry`, else its suite's; defaults for what is left out. */
function retryOf(retry: RetryYaml | undefined): Pick<RequestSpec, 'retry'> {
  if (!retry) return {};
  const on = retry.on?.map((cause) => String(cause) as RetryCause) ?? ['transport', '5xx', '429'];
  return { retry: { count: retry.count, on, backoffMs: retry.backoffMs ?? 500 } };
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
function placesOf(parsed: ParsedFile, index: number, r: RequestYaml): Record<string, SourceRef> {
  const at = ['suite', 'requests', index];
  const places: Record<string, SourceRef> = {};
  if (r.expect.schema !== undefined) places['expect.schema'] = locate(parsed, [...at, 'expect', 'schema']);
  for (const variable of Object.keys(r.capture ?? {}))
    places[`capture.${variable}`] = locate(parsed, [...at, 'capture', variable]);
  return places;
}

function buildSuite(parsed: ParsedFile, s: SuiteYaml): Suite {
  const requests = s.requests.map((r, index): RequestSpec => ({
    id: `${s.name}/${String(index + 1).padStart(2, '0')}-${slug(r.name)}`,
    name: r.name,
    method: r.method,
    path: r.path ?? '',
    ...(r.service ? { service: r.service } : {}),
    ...(r.environments ? { environments: r.environments } : {}),
    headers: r.headers ?? {},
    body: r.body,
    ...(r.form ? { form: r.form } : {}),
    sign: r.sign ?? 'none',
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
    capture: r.capture ?? {},
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

/** A schema-valid file → its model object. */
export function buildFile(parsed: ParsedFile): LoadedFile {
  const data = parsed.data as {
    provider?: ProviderYaml;
    suite?: SuiteYaml;
    environment?: { name: string; providers?: string[]; evidence?: Environment['evidence'] };
  };
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
