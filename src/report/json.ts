/**
 * The JSON report: `results.json` is exactly a serialised `RunResult` (shape version 1), pretty
 * printed with two spaces. Keys come out in a fixed order whatever order the producer built
 * them in, so two runs with the same results give byte-identical files (diffable, mergeable).
 */
import type {
  CheckResult,
  ExchangeResult,
  ExchangeRequest,
  ExchangeResponse,
  RunResult,
  SchemaViolation,
  SuiteResult,
} from '../model/results.ts';

type Json = Record<string, unknown>;

/** Serialises a run as stable, pretty JSON (2 spaces, trailing newline). */
export function renderJson(result: RunResult): string {
  return [...jsonChunks(result)].join('');
}

/**
 * The same text as `renderJson`, one exchange at a time, so that writing a 10,000-request run
 * never holds the whole file (about 6 KB an exchange) in memory at once.
 */
export function* jsonChunks(result: RunResult): Generator<string> {
  const { suites } = result;
  yield* withList(run({ ...result, suites: [] }), 'suites', '', suites.length, function* () {
    for (const [i, s] of suites.entries()) {
      const { exchanges } = s;
      yield* withList(suite({ ...s, exchanges: [] }), 'exchanges', '    ', exchanges.length, function* () {
        for (const [j, x] of exchanges.entries()) {
          yield `        ${indent(pretty(exchange(x)), '        ')}${j < exchanges.length - 1 ? ',' : ''}\n`;
        }
      });
      yield i < suites.length - 1 ? ',\n' : '\n';
    }
  });
  yield '\n';
}

/** Stands for a list while its object is printed; JSON.stringify escapes the NULs, so no value can look like it. */
const LIST = '\u0000kontrak:list\u0000';

/**
 * `value` as pretty JSON at `margin` (no final newline) with `items` written into its (empty)
 * list `key`: what JSON.stringify would give for the filled list.
 */
function* withList(
  value: Json,
  key: string,
  margin: string,
  count: number,
  items: () => Generator<string>,
): Generator<string> {
  const text = margin + indent(JSON.stringify({ ...value, [key]: LIST }, replacer, 2), margin);
  const [before = '', after = ''] = text.split(JSON.stringify(LIST));
  if (count === 0) {
    yield `${before}[]${after}`;
    return;
  }
  yield `${before}[\n`;
  yield* items();
  yield `${margin}  ]${after}`;
}

/** Every line after the first moved right by `margin` (JSON strings hold no raw newlines). */
function indent(text: string, margin: string): string {
  return margin ? text.replace(/\n/g, `\n${margin}`) : text;
}

/** JSON has no BigInt; a value taken from a response never should be one, but must not crash. */
function replacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/**
 * Pretty JSON of one exchange. Without a replacer JSON.stringify runs about twice as fast; it
 * throws a TypeError on the one value it cannot write, a BigInt, and only then is it written again
 * with the replacer.
 */
function pretty(value: Json): string {
  try {
    return JSON.stringify(value, null, 2);
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
    return JSON.stringify(value, replacer, 2);
  }
}

/**
 * Copies `source` with `order`'s keys first (in that order, mapped through `map`), then any
 * other keys sorted. `undefined` values are left out, as JSON.stringify would.
 */
function ordered<T extends object>(
  source: T,
  order: Array<keyof T & string>,
  map: Partial<Record<keyof T, (v: never) => unknown>> = {},
): Json {
  const record = source as Record<string, unknown>;
  const out: Json = {};
  const rest = Object.keys(record)
    .filter((k) => !(order as string[]).includes(k))
    .sort();
  for (const key of [...order, ...rest]) {
    const value = record[key];
    if (value === undefined) continue;
    const fn = map[key as keyof T] as ((v: unknown) => unknown) | undefined;
    out[key] = fn ? fn(value) : value;
  }
  return out;
}

function run(r: RunResult): Json {
  return ordered(
    r,
    [
      'kontrak',
      'environment',
      'startedAt',
      'durationMs',
      'commit',
      'interrupted',
      'totals',
      'coverage',
      'suites',
    ],
    {
      totals: (t: RunResult['totals']) =>
        ordered(t, [
          'suites',
          'requests',
          'passedRequests',
          'failedRequests',
          'flakyRequests',
          'checks',
          'failedChecks',
        ]),
      suites: (s: SuiteResult[]) => s.map(suite),
    },
  );
}

function suite(s: SuiteResult): Json {
  return ordered(s, ['name', 'provider', 'file', 'durationMs', 'passed', 'failed', 'exchanges'], {
    exchanges: (x: ExchangeResult[]) => x.map(exchange),
  });
}

/** One exchange exactly as results.json records it (keys in order), on one line: what evidence hashes. */
export function exchangeRecord(x: ExchangeResult): string {
  return JSON.stringify(exchange(x), replacer);
}

function exchange(x: ExchangeResult): Json {
  const order: Array<keyof ExchangeResult> = [
    'requestId',
    'name',
    'service',
    'negative',
    'scenario',
    'negativeCase',
    'expected',
    'passed',
    'flaky',
    'failureClass',
    'source',
    'attempts',
    'request',
    'redirects',
    'response',
    'error',
    'signing',
    'checks',
  ];
  return ordered(x, order, {
    source: (s: ExchangeResult['source']) => ordered(s, ['file', 'line', 'column']),
    request: (r: ExchangeRequest) =>
      ordered(r, ['method', 'url', 'bearerTail', 'headers', 'body', 'bodyBytes', 'truncated'], { headers }),
    response: (r: ExchangeResponse) =>
      ordered(r, ['status', 'statusText', 'timeMs', 'headers', 'body', 'bodyBytes', 'truncated'], {
        headers,
      }),
    negativeCase: (n: NonNullable<ExchangeResult['negativeCase']>) => ordered(n, ['kind', 'field']),
    expected: (e: NonNullable<ExchangeResult['expected']>) => ordered(e, ['status', 'responseCode']),
    signing: (s: NonNullable<ExchangeResult['signing']>) =>
      ordered(s, ['scheme', 'stringToSign', 'expectedStringToSign']),
    checks: (c: CheckResult[]) => c.map(check),
  });
}

function headers(h: ExchangeRequest['headers']): Json[] {
  return h.map((entry) => ordered(entry, ['key', 'value']));
}

function check(c: CheckResult): Json {
  return ordered(c, ['name', 'passed', 'message', 'violations'], {
    violations: (v: SchemaViolation[]) =>
      v.map((one) => ordered(one, ['pointer', 'rule', 'message', 'value'])),
  });
}
