import { afterEach, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/load/project.ts';
import { PROVIDER_YAML, SUITE_YAML, tempProject } from '../support/project.ts';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

/** The tiny suite's token request with `retry:` (and `negatives:`) added. */
function load(retry: string, extra = '') {
  const suite = SUITE_YAML.replace(
    '      sign: snap-token\n',
    `      sign: snap-token\n      retry: ${retry}\n${extra}`,
  );
  const project = tempProject({ 'collections/p.yaml': PROVIDER_YAML, 'collections/s.yaml': suite });
  cleanup = project.cleanup;
  return loadProject(project.root);
}

describe('retry: in YAML', () => {
  it('takes the causes as written (429 bare or quoted) with defaults for what is left out', () => {
    const explicit = load('{ count: 2, on: [transport, 5xx, 429], backoffMs: 250 }');
    expect(explicit.diagnostics).toEqual([]);
    expect(explicit.value!.suites[0]!.requests[0]!.retry).toEqual({
      count: 2,
      on: ['transport', '5xx', '429'],
      backoffMs: 250,
    });
    const defaults = load('{ count: 1 }');
    expect(defaults.value!.suites[0]!.requests[0]!.retry).toEqual({
      count: 1,
      on: ['transport', '5xx', '429'],
      backoffMs: 500,
    });
    expect(load('{ count: 1, on: ["429"] }').value!.suites[0]!.requests[0]!.retry!.on).toEqual(['429']);
  });

  it("can be set once for a suite; a request's own retry wins", () => {
    const suite = SUITE_YAML.replace(
      '  provider: nicepay\n',
      '  provider: nicepay\n  retry: { count: 3, on: [transport] }\n',
    )
      .replace(
        '  requests:\n',
        '  requests:\n    - { name: plain, method: GET, path: /x, expect: { status: 200 } }\n',
      )
      .replace('      sign: snap-token\n', '      sign: snap-token\n      retry: { count: 1 }\n');
    const project = tempProject({ 'collections/p.yaml': PROVIDER_YAML, 'collections/s.yaml': suite });
    cleanup = project.cleanup;
    const loaded = loadProject(project.root);
    expect(loaded.diagnostics).toEqual([]);
    const [plain, token] = loaded.value!.suites[0]!.requests;
    expect(plain!.retry).toEqual({ count: 3, on: ['transport'], backoffMs: 500 });
    expect(token!.retry).toEqual({ count: 1, on: ['transport', '5xx', '429'], backoffMs: 500 });
  });

  it('is not inherited by derived negatives, which expect a rejection', () => {
    const loaded = load('{ count: 2 }', '      negatives: [signature]\n');
    expect(loaded.diagnostics).toEqual([]);
    const [original, negative] = loaded.value!.suites[0]!.requests;
    expect(original!.retry?.count).toBe(2);
    expect(negative!.negative?.kind).toBe('signature');
    expect(negative!.retry).toBeUndefined();
  });

  it.each([
    ['{ count: 0 }', 'E_INVALID_VALUE'],
    ['{ count: 2, on: [4xx] }', 'E_INVALID_VALUE'],
    ['{ count: 2, on: [] }', 'E_INVALID_VALUE'],
    ['{ on: [5xx] }', 'E_MISSING_KEY'],
    ['{ count: 2, backof: 10 }', 'E_UNKNOWN_KEY'],
    ['3', 'E_TYPE'],
  ])('rejects retry: %s with %s at its place', (retry, code) => {
    const [d] = load(retry).diagnostics;
    expect(d).toMatchObject({ code });
    expect(d!.line).toBe(10);
    expect(d!.column).toBeGreaterThan(0);
  });
});
