/**
 * What `validate` catches that `run` would otherwise send wrong: `{{…}}` that nothing resolves
 * (it goes out literally, and the request can still pass), dot-segment and empty path segments,
 * control characters in headers, and schema paths that leave schemas/.
 */
import { error, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { closest } from '../diagnostics/suggest.ts';
import {
  providerVariable,
  type Project,
  type Provider,
  type RequestSpec,
  type Suite,
} from '../model/types.ts';
import { DYNAMIC_VARIABLES } from './dynamic-variables.ts';

/** Every variable a request of this suite can use: the provider's, the captured ones, Postman's own. */
function knownVariables(project: Project, suite: Suite, provider: Provider): Set<string> {
  const known = new Set<string>([...DYNAMIC_VARIABLES].map((name) => `$${name}`));
  for (const p of project.providers.values()) {
    known.add(providerVariable(p.name, 'base_url'));
    // Captured by token requests and shared across the run.
    known.add(providerVariable(p.name, 'access_token'));
    for (const c of p.credentials) known.add(providerVariable(p.name, c.field));
  }
  known.add(providerVariable(provider.name, 'access_token'));
  for (const s of project.suites)
    for (const r of s.requests) for (const v of Object.keys(r.capture)) known.add(v);
  for (const r of suite.requests) for (const v of Object.keys(r.capture)) known.add(v);
  return known;
}

/** Every string inside a value, with where it sits (for the message). */
function* strings(value: unknown, where: string): Generator<[string, string]> {
  if (typeof value === 'string') yield [value, where];
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* strings(v, `${where}[${i}]`);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      yield [k, `${where} key`];
      yield* strings(v, where ? `${where}.${k}` : k);
    }
}

function templateProblems(
  text: string,
  where: string,
  known: Set<string>,
  at: RequestSpec['source'],
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (let open = text.indexOf('{{'); open !== -1; open = text.indexOf('{{', open + 2)) {
    const close = text.indexOf('}}', open + 2);
    const nextOpen = text.indexOf('{{', open + 2);
    if (close === -1 || (nextOpen !== -1 && nextOpen < close)) {
      diagnostics.push(
        error(
          'E_TEMPLATE_UNTERMINATED',
          `${where}: "{{" is never closed: ${JSON.stringify(text.slice(open, open + 40))}`,
          {
            ...at,
            hint: 'close it with }}, or write the braces some other way; unresolved it would be sent literally',
          },
        ),
      );
      continue;
    }
    const name = text.slice(open + 2, close).trim();
    if (known.has(name)) continue;
    const suggestion = closest(name, [...known]);
    diagnostics.push(
      error('E_UNKNOWN_VARIABLE', `${where}: nothing defines {{${name}}}, so it would be sent literally`, {
        ...at,
        hint: suggestion
          ? `did you mean {{${suggestion}}}?`
          : 'use a provider credential (<provider>_<field>), a value captured by an earlier request, or a Postman dynamic variable ($timestamp, $guid…)',
      }),
    );
  }
  return diagnostics;
}

/** `.` and `..` (also percent-encoded) and empty segments in the path before its query. */
function pathProblems(path: string, at: RequestSpec['source']): Diagnostic[] {
  const [pathPart = ''] = path.split('?');
  const segments = pathPart.split('/').slice(1);
  const diagnostics: Diagnostic[] = [];
  for (const [i, segment] of segments.entries()) {
    let decoded = segment;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      /* a stray % is left to the server */
    }
    if (decoded === '.' || decoded === '..') {
      diagnostics.push(
        error('E_PATH_DOT_SEGMENT', `path ${JSON.stringify(path)} has a "${segment}" segment`, {
          ...at,
          hint: 'servers and proxies resolve dot segments differently: the request would reach another path than the one signed; write the path out',
        }),
      );
    } else if (segment === '' && i < segments.length - 1) {
      diagnostics.push(
        error('E_PATH_EMPTY_SEGMENT', `path ${JSON.stringify(path)} has an empty segment (//)`, {
          ...at,
          hint: 'remove the doubled slash: servers collapse it differently, and it is signed as written',
        }),
      );
    }
  }
  return diagnostics;
}

// eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;

function headerProblems(
  headers: Record<string, string>,
  owner: string,
  at: RequestSpec['source'],
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (CONTROL.test(name) || CONTROL.test(value)) {
      diagnostics.push(
        error(
          'E_HEADER_CONTROL',
          `${owner} header ${JSON.stringify(name)} holds a control character (CR, LF…)`,
          {
            ...at,
            hint: 'a header is one line of printable text; a CR or LF would split it into another header',
          },
        ),
      );
    }
  }
  return diagnostics;
}

/** `a/../../x.json`, `/x.json`, `./x.json`: a schema path must stay under schemas/. */
export function schemaPathProblem(schema: string): string | undefined {
  const segments = schema.split(/[\\/]/);
  if (schema.startsWith('/') || segments.some((s) => s === '' || s === '.' || s === '..'))
    return `response schema "${schema}" is not a plain path under schemas/`;
  return undefined;
}

/** Lint every request of the project (after suites are resolved per provider). */
export function lintRequests(project: Project): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const provider of project.providers.values())
    diagnostics.push(...headerProblems(provider.headers, `provider "${provider.name}"`, provider.source));
  for (const suite of project.suites) {
    const provider = project.providers.get(suite.provider);
    if (!provider) continue;
    const known = knownVariables(project, suite, provider);
    for (const [text, where] of strings(provider.headers, `provider ${provider.name} headers`))
      diagnostics.push(...templateProblems(text, where, known, provider.source));
    for (const request of suite.requests) {
      if (request.negative) continue; // a derived copy: its original is linted
      const at = request.source;
      diagnostics.push(...pathProblems(request.path, at));
      diagnostics.push(...headerProblems(request.headers, `request "${request.name}"`, at));
      const parts: Array<[unknown, string]> = [
        [request.path, 'path'],
        [request.headers, 'headers'],
        [request.body, 'body'],
        [request.form, 'form'],
      ];
      for (const [value, where] of parts)
        for (const [text, place] of strings(value, where))
          diagnostics.push(...templateProblems(text, place, known, at));
      const schema = request.expect.schema;
      const problem = schema ? schemaPathProblem(schema) : undefined;
      if (problem)
        diagnostics.push(
          error('E_SCHEMA_PATH', problem, {
            ...at,
            hint: 'name the schema by its path inside schemas/, e.g. snap/x.response.json',
          }),
        );
    }
  }
  // One diagnostic per place and message: suites run against several providers repeat them.
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.file}:${d.line}:${d.column}:${d.code}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
