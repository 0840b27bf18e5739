/** validate refuses what run would otherwise send wrong. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.ts';
import { loadProject } from '../../src/load/project.ts';
import { checkBaseUrlVariables } from '../../src/env/values.ts';
import { kontrak } from '../support/cli.ts';
import { PROVIDER_YAML, SUITE_YAML, tempProject } from '../support/project.ts';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function errorsFor(suite: string): Diagnostic[] {
  const p = tempProject({
    'collections/nicepay/provider.yaml': PROVIDER_YAML,
    'collections/nicepay/tiny.yaml': suite,
  });
  cleanups.push(p.cleanup);
  return loadProject(p.root).diagnostics.filter((d) => d.severity === 'error');
}
const REQUEST_LINE = SUITE_YAML.split('\n').findIndex((l) => l.includes('- name: token')) + 1;

describe('validate: what run would mis-send', () => {
  it('accepts the baseline suite', () => {
    expect(errorsFor(SUITE_YAML)).toEqual([]);
  });

  it('refuses an unknown variable, with a did-you-mean over the known ones', () => {
    const [d] = errorsFor(
      SUITE_YAML.replace('grantType: client_credentials', 'grantType: "{{nicepay_clent_id}}"'),
    );
    expect(d).toMatchObject({
      code: 'E_UNKNOWN_VARIABLE',
      line: REQUEST_LINE,
      hint: 'did you mean {{nicepay_client_id}}?',
    });
    const [dynamic] = errorsFor(
      SUITE_YAML.replace('grantType: client_credentials', 'grantType: "{{$timestmp}}"'),
    );
    expect(dynamic?.hint).toBe('did you mean {{$timestamp}}?');
  });

  it('refuses an unterminated {{', () => {
    const [d] = errorsFor(
      SUITE_YAML.replace('grantType: client_credentials', 'grantType: "{{nicepay_client_id"'),
    );
    expect(d).toMatchObject({ code: 'E_TEMPLATE_UNTERMINATED', line: REQUEST_LINE });
  });

  it.each([
    ['/nicepay/../v1.0/access-token/b2b', 'E_PATH_DOT_SEGMENT'],
    ['/nicepay/%2e%2e/access-token/b2b', 'E_PATH_DOT_SEGMENT'],
    ['/nicepay/./access-token/b2b', 'E_PATH_DOT_SEGMENT'],
    ['/nicepay//v1.0/access-token/b2b', 'E_PATH_EMPTY_SEGMENT'],
  ])('refuses the path %s', (path, code) => {
    const [d] = errorsFor(SUITE_YAML.replace('/nicepay/v1.0/access-token/b2b', path));
    expect(d).toMatchObject({ code, line: REQUEST_LINE });
  });

  it('refuses CR, LF and other control characters in header values', () => {
    for (const value of ['"a\\r\\nX-Injected: 1"', '"a\\u0000b"', '"a\\u001b[2Kb"']) {
      const suite = SUITE_YAML.replace(
        '      sign: snap-token',
        `      sign: snap-token\n      headers:\n        X-Note: ${value}`,
      );
      expect(errorsFor(suite).map((d) => d.code)).toEqual(['E_HEADER_CONTROL']);
    }
  });

  it('refuses externalIdDigits too small to stay unique, and says why', () => {
    const p = tempProject({
      'collections/nicepay/provider.yaml': PROVIDER_YAML.replace(
        '    signedPathStripPrefix: /nicepay',
        '    signedPathStripPrefix: /nicepay\n    externalIdDigits: 6',
      ),
      'collections/nicepay/tiny.yaml': SUITE_YAML,
    });
    cleanups.push(p.cleanup);
    const [d] = loadProject(p.root).diagnostics.filter((x) => x.severity === 'error');
    expect(d).toMatchObject({ code: 'E_INVALID_VALUE', line: 8 });
    expect(d?.hint).toContain('8 for the millisecond of the Jakarta day');
    expect(d?.hint).toContain('parallel shards');
  });

  it('refuses a schema path that leaves schemas/', () => {
    const [d] = errorsFor(SUITE_YAML.replace('nicepay/access-token.response.json', 'nicepay/../../x.json'));
    expect(d).toMatchObject({ code: 'E_SCHEMA_PATH', line: REQUEST_LINE });
  });

  it('refuses a <PROVIDER>_BASE_URL that is not http(s) or carries a user, without repeating it', () => {
    const providers = [...loadProject(tempProjectRoot()).value!.providers.values()];
    const check = (url: string): Diagnostic[] => checkBaseUrlVariables(providers, { NICEPAY_BASE_URL: url });
    expect(check('https://sandbox.example')).toEqual([]);
    expect(check('file:///etc/passwd')[0]?.message).toContain('only http and https');
    const [userinfo] = check('https://user:hunter22@sandbox.example');
    expect(userinfo?.code).toBe('E_BAD_BASE_URL');
    expect(JSON.stringify(userinfo)).not.toContain('hunter22');
  });

  it('through the CLI: validate exits 2 on a bad base URL variable', async () => {
    const root = tempProjectRoot();
    const result = await kontrak(['validate'], { cwd: root, env: { NICEPAY_BASE_URL: 'gopher://x' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('E_BAD_BASE_URL');
  });
});

function tempProjectRoot(): string {
  const p = tempProject({
    'collections/nicepay/provider.yaml': PROVIDER_YAML,
    'collections/nicepay/tiny.yaml': SUITE_YAML,
  });
  cleanups.push(p.cleanup);
  return p.root;
}
