/**
 * A large suite file parsed a request at a time must give the same document as a whole-file
 * parse: the same data, and every value and key at the same line and column.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LineCounter, parseDocument } from 'yaml';
import { parseSplit, splitRequests } from '../../src/load/parse-large.ts';
import { locate, parseYaml, type ParsedFile } from '../../src/load/parse.ts';
import { REPO_ROOT } from '../support/project.ts';

function* paths(value: unknown, prefix: Array<string | number> = []): Generator<Array<string | number>> {
  yield prefix;
  if (Array.isArray(value)) for (const [i, x] of value.entries()) yield* paths(x, [...prefix, i]);
  else if (value && typeof value === 'object')
    for (const [k, x] of Object.entries(value)) yield* paths(x, [...prefix, k]);
}

/** Whole-file and piecewise parses of `text`, as the loader sees them. */
function bothWays(text: string): { whole: ParsedFile; pieces: ParsedFile | undefined } {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const whole = { file: 'f.yaml', document, lines, data: document.toJS() as unknown };
  const split = splitRequests(text);
  const parts = split && parseSplit(text, split);
  return { whole, pieces: parts && { file: 'f.yaml', ...parts, data: parts.document.toJS() } };
}

function expectSame(text: string): void {
  const { whole, pieces } = bothWays(text);
  expect(pieces, 'the piecewise parse took the file').toBeDefined();
  expect(pieces!.data).toEqual(whole.data);
  let compared = 0;
  for (const path of paths(whole.data)) {
    expect(locate(pieces!, path), path.join('.')).toEqual(locate(whole, path));
    const key = path.at(-1);
    if (typeof key === 'string')
      expect(locate(pieces!, path.slice(0, -1), key), `${path.join('.')} (key)`).toEqual(
        locate(whole, path.slice(0, -1), key),
      );
    compared++;
  }
  expect(compared).toBeGreaterThan(10);
}

const TRICKY = `kontrak: 1
# a comment before the suite
suite:
  name: tricky
  provider: nicepay
  requests:
  - name: "first: quoted"
    method: POST
    path: /a
    body: |
      - not an item
      requests:
    headers: { A: "- b", B: [1,
      2] }
    expect: { status: 200 }
# a comment at column 1 inside the list
  - name: >-
      folded
      name
    method: GET
    path: /b
    form:
      - x: 1
    expect:
      status: 200

  -   name: wide
      method: GET
      path: "/c # not a comment"
      expect: { status: 200 }
  environments: [mock]
`;

describe('parsing a large suite file a request at a time', () => {
  const suiteFiles = readdirSync(join(REPO_ROOT, 'collections'), { recursive: true })
    .map(String)
    .filter(
      (f) => f.endsWith('.yaml') && /suite:/.test(readFileSync(join(REPO_ROOT, 'collections', f), 'utf8')),
    );

  it.each(suiteFiles)('gives the whole-file document for collections/%s', (file) => {
    const text = readFileSync(join(REPO_ROOT, 'collections', file), 'utf8');
    // A file with anchors and aliases is left to the whole-file parse, by design (see below).
    if (/^[^#\n]*:\s+[&*][A-Za-z]/m.test(text)) expect(bothWays(text).pieces).toBeUndefined();
    else expectSame(text);
  });

  it('handles block and folded scalars, flow collections over lines, comments, odd indents, keys after the list, CRLF', () => {
    expectSame(TRICKY);
    expectSame(TRICKY.replace(/\n/g, '\r\n'));
    expect(splitRequests(TRICKY)!.itemStarts).toHaveLength(3);
  });

  it.each([
    ['an anchor and an alias', TRICKY.replace('path: /a', 'path: &p /a').replace('path: /b', 'path: *p')],
    ['a tag', TRICKY.replace('path: /a', 'path: !!str /a')],
    ['a second document', `${TRICKY}---\nkontrak: 1\n`],
    ['a flow list', 'kontrak: 1\nsuite:\n  name: x\n  requests: [{ name: a }]\n'],
    ['no suite', 'kontrak: 1\nprovider:\n  name: x\n'],
  ])('leaves a file with %s to the whole-file parse', (_what, text) => {
    const split = splitRequests(text);
    expect(split === undefined || parseSplit(text, split) === undefined).toBe(true);
  });

  it('leaves a file with a YAML error to the whole-file parse, which places it', () => {
    const broken = TRICKY.replace(
      '    method: GET\n    path: /b',
      '    method: GET\n    method: GET\n    path: /b',
    );
    const split = splitRequests(broken);
    expect(split && parseSplit(broken, split)).toBeUndefined();
    const [d] = parseYaml('f.yaml', broken, 0).diagnostics;
    const line =
      broken
        .split('\n')
        .findIndex((l, i, all) => l === '    method: GET' && all[i - 1] === '    method: GET') + 1;
    expect(d).toMatchObject({ code: 'E_YAML_DUPLICATE_KEY', line });
  });

  it('gives parseYaml the same data and places when forced below the size threshold', () => {
    const small = parseYaml('f.yaml', TRICKY);
    const forced = parseYaml('f.yaml', TRICKY, 0);
    expect(forced.diagnostics).toEqual([]);
    expect(forced.parsed.data).toEqual(small.parsed.data);
    expect(locate(forced.parsed, ['suite', 'requests', 2, 'path'])).toEqual(
      locate(small.parsed, ['suite', 'requests', 2, 'path']),
    );
  });
});
