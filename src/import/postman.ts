/**
 * `kontrak import postman`: a Postman Collection v2.1 becomes suites, one per top-level folder
 * (loose requests: one named after the collection). Paths, headers, bodies and variables carry
 * over; signing scripts are dropped and the scheme is read from the headers; a collection kontrak
 * rendered gives back its expectations, captures, retries and derived negatives.
 */
import { error, warning, type Diagnostic } from '../diagnostics/diagnostic.ts';
import type { Suite } from '../model/format.generated.ts';
import { quirkVariantOf } from '../model/payload-quirks.ts';
import { catalogueHints } from './catalogue-hints.ts';
import { jsonPlaces, type Place } from './positions.ts';
import { plainExpectation, renderedCaptures, renderedCheck, renderedRetry } from './postman-scripts.ts';
import { signingOf } from './signing.ts';
import { suiteName, uniqueNames, type Imported, type SuiteRequest } from './types.ts';
import { mapString, mapValue, suiteVariable, type VariableScope } from './variables.ts';

export interface PostmanImportOptions {
  file: string;
  text: string;
  /** The provider the suites use (`--for`); default: the one a kontrak-rendered collection names. */
  provider?: string;
  /** Header names (lower case) each provider sends itself on signed calls. */
  providerHeaders: (provider: string) => ReadonlySet<string>;
}

interface PmKeyValue {
  key?: string;
  value?: string;
  disabled?: boolean;
}
interface PmItem {
  name?: string;
  item?: PmItem[];
  request?: {
    method?: string;
    header?: PmKeyValue[];
    url?: string | { raw?: string };
    body?: { mode?: string; raw?: string; urlencoded?: PmKeyValue[] };
  };
  event?: Array<{ listen?: string; script?: { exec?: string[] | string } }>;
}
interface PmCollection {
  info?: { name?: string; schema?: string };
  item?: PmItem[];
  variable?: PmKeyValue[];
  event?: unknown[];
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const NEGATIVE_NAME = /^(.*) \[negative: ([a-z-]+)(?: (.+))?\]$/;

const execOf = (item: PmItem, listen: string): string[] =>
  (item.event ?? [])
    .filter((e) => e.listen === listen)
    .flatMap((e) => (Array.isArray(e.script?.exec) ? e.script.exec : e.script?.exec ? [e.script.exec] : []));

/** The request path with its query, the base URL (a variable or scheme://host) taken off. */
function pathOf(url: string | { raw?: string } | undefined): string {
  const raw = typeof url === 'string' ? url : (url?.raw ?? '');
  const rest = raw.replace(/^(\{\{[^}]+\}\}|[a-z]+:\/\/[^/?#]+)/i, '');
  return rest.startsWith('/') ? rest : `/${rest}`;
}

interface Walk {
  options: PostmanImportOptions;
  place: (pointer: string) => Place;
  diagnostics: Diagnostic[];
  scope: VariableScope;
  provider: string;
}

function bodyOf(item: PmItem, at: string, w: Walk, unknown: Set<string>): Partial<SuiteRequest> | undefined {
  const body = item.request?.body;
  if (!body?.mode || (body.mode === 'raw' && !body.raw)) return {};
  if (body.mode === 'urlencoded') {
    const fields = (body.urlencoded ?? []).filter((f) => !f.disabled && f.key);
    return {
      form: Object.fromEntries(fields.map((f) => [f.key ?? '', mapString(f.value ?? '', w.scope, unknown)])),
    };
  }
  if (body.mode === 'raw') {
    try {
      return { body: mapValue(JSON.parse(body.raw ?? ''), w.scope, unknown) };
    } catch {
      w.diagnostics.push(
        error(
          'E_IMPORT_UNMAPPABLE',
          `${at}/request/body: the raw body is not JSON, which a suite's body must be`,
          {
            ...w.place(`${at}/request/body/raw`),
            hint: 'give the request a JSON body (variables inside strings), or a urlencoded one',
          },
        ),
      );
      return undefined;
    }
  }
  w.diagnostics.push(
    error('E_IMPORT_UNMAPPABLE', `${at}/request/body: body mode "${body.mode}" has no kontrak equivalent`, {
      ...w.place(`${at}/request/body/mode`),
      hint: 'kontrak sends JSON (raw) or urlencoded bodies',
    }),
  );
  return undefined;
}

/** A SNAP code's HTTP status (its first three digits), else 200. */
const statusOf = (code: string | undefined): number => (code?.length === 7 ? Number(code.slice(0, 3)) : 200);

/** What the item's test scripts say: expectation, captures, retry, and the rendered check if any. */
function fromTests(item: PmItem, path: string, sign: string, at: string, w: Walk) {
  const tests = execOf(item, 'test');
  const check = renderedCheck(tests);
  const plain = plainExpectation(tests);
  const hints = catalogueHints(path, sign);
  const schema = check ? (check.contract?.base ?? check.expect.schema) : hints.schema;
  const code = check?.expect.responseCode ?? plain.responseCode;
  const status = check?.expect.status ?? plain.status ?? statusOf(code);
  if (!check && plain.status === undefined && !code)
    w.diagnostics.push(
      warning('W_IMPORT_LEFT_OUT', `${at}: no status test found; the request expects HTTP 200`, {
        ...w.place(at),
        hint: 'add expect.responseCode to the imported request, or a pm.response.to.have.status test to the item',
      }),
    );
  const captures = check
    ? Object.entries(renderedCaptures(tests)).map(([name, from]) => [suiteVariable(name, w.provider), from])
    : Object.entries(hints.capture ?? {});
  const retry = renderedRetry(tests);
  return {
    check,
    expect: {
      ...check?.expect,
      status,
      ...(code ? { responseCode: code } : {}),
      ...(schema ? { schema } : {}),
    },
    ...(captures.length ? { capture: Object.fromEntries(captures) as Record<string, string> } : {}),
    ...(retry ? { retry } : {}),
  };
}

function reportUnknown(unknown: ReadonlySet<string>, at: string, w: Walk): void {
  if (!unknown.size) return;
  w.diagnostics.push(
    error(
      'E_IMPORT_UNMAPPABLE',
      `${at}: variable(s) ${[...unknown].map((n) => `{{${n}}}`).join(', ')} have no value`,
      {
        ...w.place(`${at}/request`),
        hint: `give them a value in the collection's variables, or name them ${w.provider}_<credential>`,
      },
    ),
  );
}

/** One request item → a suite request, or undefined (with a diagnostic). */
function requestOf(item: PmItem, at: string, w: Walk): SuiteRequest | undefined {
  const method = (item.request?.method ?? 'GET').toUpperCase();
  if (!METHODS.has(method)) {
    w.diagnostics.push(
      error(
        'E_IMPORT_UNMAPPABLE',
        `${at}/request/method: kontrak sends GET, POST, PUT, PATCH or DELETE, not ${method}`,
        w.place(`${at}/request/method`),
      ),
    );
    return undefined;
  }
  const unknown = new Set<string>();
  const path = mapString(pathOf(item.request?.url), w.scope, unknown);
  const headers = (item.request?.header ?? []).filter((h) => !h.disabled && h.key);
  const signing = signingOf(
    headers.map((h) => ({ key: h.key ?? '', value: h.value ?? '' })),
    path,
    w.options.providerHeaders(w.provider),
  );
  const kept = mapValue(signing.headers, w.scope, unknown) as Record<string, string>;
  const body = bodyOf(item, at, w, unknown);
  reportUnknown(unknown, at, w);
  if (!body || unknown.size) return undefined;
  const { check, ...tests } = fromTests(item, path, signing.sign, at, w);
  if (!check && execOf(item, 'prerequest').length)
    w.diagnostics.push(
      warning(
        'W_IMPORT_LEFT_OUT',
        `${at}: the item's pre-request script is dropped; kontrak signs it itself`,
        w.place(`${at}/event`),
      ),
    );
  const service = check?.path === path ? check.service : undefined;
  return {
    name: item.name?.trim() || `${method} ${path}`,
    method: method as SuiteRequest['method'],
    ...(service !== undefined ? { service } : { path }),
    ...(Object.keys(kept).length ? { headers: kept } : {}),
    ...body,
    sign: signing.sign,
    ...(signing.tamper ? { tamper: signing.tamper } : {}),
    ...tests,
  };
}

/** A rendered negative variant folds back into its original's `negatives:` (kontrak derives it again). */
function foldNegative(requests: SuiteRequest[], item: PmItem): boolean {
  const m = NEGATIVE_NAME.exec(item.name ?? '');
  const original = m ? [...requests].reverse().find((r) => r.name === m[1]) : undefined;
  if (!m?.[2] || !original) return false;
  const kind = m[2];
  // Only these two kinds name their field; the others' label shows what kontrak resolved.
  const entry = m[3] && (kind === 'mandatory-field' || kind === 'field-format') ? { [kind]: m[3] } : kind;
  original.negatives = [...(original.negatives ?? []), entry] as NonNullable<SuiteRequest['negatives']>;
  return true;
}

function suiteOf(name: string, items: Array<[PmItem, string]>, w: Walk): Suite | undefined {
  const requests: SuiteRequest[] = [];
  const walk = (list: Array<[PmItem, string]>, prefix: string): void => {
    for (const [item, at] of list) {
      if (item.item) {
        walk(
          item.item.map((child, i) => [child, `${at}/item/${i}`]),
          `${prefix}${item.name ?? ''} / `,
        );
        continue;
      }
      if (foldNegative(requests, item)) continue;
      // A real-payload variant of an earlier request: kontrak derives it again when it runs.
      const quirkOf = quirkVariantOf(item.name ?? '');
      if (quirkOf !== undefined && requests.some((r) => r.name === quirkOf)) continue;
      const request = requestOf(item, at, w);
      if (!request) continue;
      for (const variable of Object.keys(request.capture ?? {}))
        (w.scope.captured as Set<string>).add(variable);
      requests.push({ ...request, name: `${prefix}${request.name}` });
    }
  };
  walk(items, '');
  if (!requests.length) return undefined;
  return { name, provider: w.provider, requests: uniqueNames(requests) };
}

type Shaped = PmCollection & { info: NonNullable<PmCollection['info']>; item: PmItem[] };

function readCollection(
  options: PostmanImportOptions,
  place: (pointer: string) => Place,
): Shaped | Diagnostic {
  let collection: PmCollection | null;
  try {
    collection = JSON.parse(options.text) as PmCollection | null;
  } catch (e) {
    return error('E_IMPORT_INPUT', `${options.file} is not JSON: ${(e as Error).message}`, {
      file: options.file,
    });
  }
  const info = collection?.info;
  if (!collection || !info || !Array.isArray(collection.item) || !/v2\.1\.0/.test(info.schema ?? ''))
    return error(
      'E_IMPORT_INPUT',
      `${options.file} is not a Postman Collection v2.1 (info.schema, item)`,
      place('/info'),
    );
  return { ...collection, info, item: collection.item };
}

export function importPostman(options: PostmanImportOptions): Imported {
  const diagnostics: Diagnostic[] = [];
  const place = jsonPlaces(options.file, options.text);
  const collection = readCollection(options, place);
  if ('code' in collection) return { suites: [], diagnostics: [collection] };
  const rendered = (collection.variable ?? []).find((v) => v.key?.startsWith('kontrak_provider_'));
  const provider = options.provider ?? rendered?.key?.slice('kontrak_provider_'.length);
  if (!provider) {
    return {
      suites: [],
      diagnostics: [
        error('E_IMPORT_INPUT', `${options.file}: which provider signs these requests?`, {
          file: options.file,
          hint: 'name it: kontrak import postman <file> --for <provider>',
        }),
      ],
    };
  }
  const values = new Map(
    (collection.variable ?? [])
      .filter(
        (v) =>
          v.key && !v.key.startsWith('kontrak_') && v.value !== undefined && v.value !== '' && !v.disabled,
      )
      .map((v) => [v.key ?? '', String(v.value)]),
  );
  const w: Walk = { options, place, diagnostics, provider, scope: { provider, values, captured: new Set() } };
  for (const [i, e] of (collection.event ?? []).entries())
    if ((e as { script?: unknown }).script && !rendered)
      diagnostics.push(
        warning(
          'W_IMPORT_LEFT_OUT',
          `/event/${i}: the collection's script is dropped; kontrak signs and checks itself`,
          place(`/event/${i}`),
        ),
      );
  const base = suiteName(collection.info.name ?? 'imported');
  const loose = collection.item.flatMap((item, i): Array<[PmItem, string]> =>
    item.item ? [] : [[item, `/item/${i}`]],
  );
  const suites: Suite[] = [];
  const single = suiteOf(base, loose, w);
  if (single) suites.push(single);
  for (const [i, folder] of collection.item.entries()) {
    if (!folder.item) continue;
    const suite = suiteOf(
      suiteName(`${base}-${folder.name ?? i}`),
      folder.item.map((child, j) => [child, `/item/${i}/item/${j}`]),
      w,
    );
    if (suite) suites.push(suite);
  }
  return { suites: suites.map((suite) => ({ suite, from: options.file })), diagnostics };
}
