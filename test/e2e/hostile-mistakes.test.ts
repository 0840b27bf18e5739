/**
 * Ordinary mistakes end in a table diagnostic and its documented exit code: never a stack trace,
 * E_INTERNAL or a process that never ends. A corrupt `.kontrak/mock-credentials.json`; `--out`
 * naming a file, or a folder the system will not make (/proc/x, where Node's recursive mkdir
 * spins for ever); `init` given a file or /proc/x.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CODES } from '../../src/diagnostics/codes.ts';
import { kontrakWithin, type BoundedResult } from '../support/cli.ts';
import { PROVIDER_YAML, SUITE_YAML, tempProject } from '../support/project.ts';
import { renderJson } from '../../src/report/json.ts';
import { sampleRun } from '../report/_fixtures.ts';

const project = tempProject({
  'collections/nicepay/provider.yaml': PROVIDER_YAML,
  'collections/nicepay/tiny.yaml': SUITE_YAML,
  'a-file': 'mine\n',
  'results.json': renderJson(sampleRun()),
});
afterAll(() => project.cleanup());

/** The real binary in the project, killed after 30 s (a mock that starts would wait for a signal for ever). */
const within = (args: string[]): Promise<BoundedResult> =>
  kontrakWithin(args, { cwd: project.root, env: { CI: 'true' }, ms: 30_000 });

function expectDiagnostic(result: BoundedResult, code: keyof typeof CODES): void {
  expect(result.killed, `never ended: ${result.stderr}`).toBe(false);
  expect(result.stderr).toContain(`error[${code}]`);
  expect(result.stderr).not.toContain('E_INTERNAL');
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.code, result.stderr).toBe(CODES[code].exit);
}

describe('a corrupt .kontrak/mock-credentials.json', () => {
  it.each([
    ['not JSON', '{"values": [ '],
    ['of another shape', '{"values": 3, "partners": {}}'],
  ])(
    '%s: a diagnostic naming the file and how to start again; the mock does not start',
    async (_, text) => {
      mkdirSync(join(project.root, '.kontrak'), { recursive: true });
      writeFileSync(join(project.root, '.kontrak', 'mock-credentials.json'), text);
      const result = await within(['mock', '--port', '0', '--out', 'dist/postman']);
      expectDiagnostic(result, 'E_MOCK_CREDENTIALS');
      expect(result.stderr).toContain('.kontrak/mock-credentials.json');
      expect(result.stdout).not.toContain('listening');
      // Left as it was: the user decides what becomes of the partners added by hand.
      expect(readFileSync(join(project.root, '.kontrak', 'mock-credentials.json'), 'utf8')).toBe(text);
      rmSync(join(project.root, '.kontrak'), { recursive: true, force: true });
    },
    60_000,
  );
});

describe('--out that cannot be a folder', () => {
  it.each([
    ['run naming a file', ['run', '--out', 'a-file']],
    ['run under /proc', ['run', '--out', '/proc/kontrak-out']],
    ['merge naming a file', ['merge', 'results.json', '--out', 'a-file']],
    ['merge under /proc', ['merge', 'results.json', '--out', '/proc/kontrak-out']],
    ['evidence naming a file', ['evidence', 'results.json', '--bank', 'generic', '--out', 'a-file']],
    ['evidence under /proc', ['evidence', 'results.json', '--bank', 'generic', '--out', '/proc/kontrak-out']],
    ['render naming a file', ['render', '--out', 'a-file']],
    ['render under /proc', ['render', '--out', '/proc/kontrak-out']],
    ['mock naming a file', ['mock', '--port', '0', '--out', 'a-file']],
    ['partner naming a file', ['partner', '--port', '0', '--out', 'a-file']],
    ['partner under /proc', ['partner', '--port', '0', '--out', '/proc/kontrak-out']],
  ])(
    '%s: E_NOT_A_FOLDER, at once',
    async (_, args) => {
      const result = await within(args);
      expectDiagnostic(result, 'E_NOT_A_FOLDER');
      expect(readFileSync(join(project.root, 'a-file'), 'utf8')).toBe('mine\n');
    },
    60_000,
  );
});

describe('a results file that is not one', () => {
  it.each([
    ['diff of /dev/zero', ['diff', '/dev/zero', 'results.json']],
    ['merge of /dev/zero', ['merge', '/dev/zero', '--out', 'merged']],
    ['a --baseline of /dev/zero', ['merge', 'results.json', '--baseline', '/dev/zero', '--out', 'merged']],
  ])(
    '%s: E_RESULTS_MISSING, at once, without reading it',
    async (_, args) => {
      const result = await within(args);
      expectDiagnostic(result, 'E_RESULTS_MISSING');
      expect(result.stderr).toContain('not a regular file');
    },
    60_000,
  );
});

describe('init given a path that cannot be a folder', () => {
  it.each([
    ['a file', 'a-file'],
    ['under /proc', '/proc/kontrak-init'],
    ['under a file', 'a-file/sub'],
  ])(
    '%s: E_NOT_A_FOLDER, at once, and nothing written',
    async (_, dir) => {
      const result = await within(['init', dir]);
      expectDiagnostic(result, 'E_NOT_A_FOLDER');
      expect(readFileSync(join(project.root, 'a-file'), 'utf8')).toBe('mine\n');
      expect(existsSync('/proc/kontrak-init')).toBe(false);
    },
    60_000,
  );
});
