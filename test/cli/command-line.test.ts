/**
 * The command line as a user types it: each command takes only the options of its own table, and
 * a value out of range is a usage error (exit 4) said before anything starts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/context.ts';
import { main } from '../../src/cli/main.ts';
import { REPO_ROOT } from '../support/project.ts';

function capture(): { io: Io; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    cwd: REPO_ROOT,
    env: {},
    isTty: false,
  };
  return { io, out, err };
}

async function kontrak(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const c = capture();
  const code = await main(argv, c.io);
  return { code, out: c.out.join('\n'), err: c.err.join('\n') };
}

const version = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string })
  .version;

describe('an option the command does not take', () => {
  it.each([
    ['validate', '--workers', '3'],
    ['validate', '--port', '4010'],
    ['merge', '--timeout', '5'],
    ['diff', '--suite', 'x'],
    ['explain', '--reporters', 'json'],
    ['partner', '--fresh', ''],
    ['init', '--env', 'mock'],
  ])('kontrak %s %s is a usage error naming the command that takes it', async (command, option, value) => {
    const result = await kontrak(command, option, ...(value ? [value] : []));
    expect(result.code).toBe(4);
    expect(result.err).toMatch(/^error\[E_UNKNOWN_OPTION\] unknown option "--[a-z-]+" for kontrak /);
    expect(result.err).toContain(option);
    expect(result.err).toMatch(/is an option of [a-z, ]+/);
    expect(result.out).toBe('');
  });

  it.each([
    ['validate', '--max-fle-bytes', '2048', 'max-file-bytes'],
    ['run', '--worker', '2', 'workers'],
    ['mock', '--prot', '4010', 'port'],
    ['diff', '--fail-no', 'none', 'fail-on'],
    ['render', '--include-secret', '', 'include-secrets'],
    ['evidence', '--partner-nam', 'x', 'partner-name'],
  ])('kontrak %s %s: did you mean its own option', async (command, option, value, meant) => {
    const result = await kontrak(command, option, ...(value ? [value] : []));
    expect(result.code).toBe(4);
    expect(result.err).toContain(`error[E_UNKNOWN_OPTION] unknown option "${option}"`);
    expect(result.err).toContain(`did you mean "--${meant}"?`);
  });
});

describe('a value the option does not take', () => {
  it.each([
    ['mock', '--port', '99999', '--port must be a whole number from 0 to 65535'],
    ['partner', '--port', '-1', ''],
    ['run', '--timeout', '0', '--timeout must be a whole number from 1 to 600000'],
    ['run', '--workers', 'many', '--workers must be a whole number'],
    ['run', '--shard', '3/2', '--shard must be i/n'],
    ['run', '--max-response-bytes', '12', '--max-response-bytes must be a whole number from 1024'],
    ['validate', '--max-file-bytes', '10', '--max-file-bytes must be a whole number from 1024'],
  ])('kontrak %s %s %s is a usage error (exit 4)', async (command, option, value, message) => {
    const result = await kontrak(command, `${option}=${value}`);
    expect(result.code).toBe(4);
    expect(result.err).toMatch(/^error\[E_OPTION_VALUE\] /);
    expect(result.err).toContain(message);
  });

  it('kontrak diff --fail-on with a value it does not know names the choices', async () => {
    const result = await kontrak('diff', 'a.json', 'b.json', '--fail-on', 'always');
    expect(result.code).toBe(4);
    expect(result.err).toContain('error[E_OPTION_VALUE] --fail-on must be one of drift, removed, none');
  });
});

describe('arguments', () => {
  it('merge with nothing to merge: E_USAGE, and the exit code its table row gives (4)', async () => {
    const result = await kontrak('merge');
    expect(result.err).toMatch(/^error\[E_USAGE\] merge needs at least one directory/);
    expect(result.code).toBe(4);
  });

  it('a command that takes no arguments refuses one', async () => {
    const result = await kontrak('validate', 'collections');
    expect(result.code).toBe(4);
    expect(result.err).toContain('error[E_USAGE] validate takes no arguments, got "collections"');
  });
});

describe('--version', () => {
  it.each([['--version'], ['-v'], ['validate', '--version']])(
    'kontrak %s prints the package version',
    async (...argv) => {
      const result = await kontrak(...argv);
      expect(result.code).toBe(0);
      expect(result.out).toBe(version);
      expect(result.err).toBe('');
    },
  );

  it('a misspelt --version is a usage error that says what was meant', async () => {
    const result = await kontrak('--verison');
    expect(result.code).toBe(4);
    expect(result.err).toContain('did you mean "--version"?');
  });
});
