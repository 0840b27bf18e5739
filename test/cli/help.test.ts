/** Help is printed from the command table: every command, every option of each, the banks of banks/. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/context.ts';
import { main } from '../../src/cli/main.ts';
import { COMMANDS } from '../../src/cli/table/index.ts';
import { REPO_ROOT } from '../support/project.ts';

async function output(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l), cwd: REPO_ROOT, env: {}, isTty: false };
  const code = await main(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('kontrak help', () => {
  it('lists every command of the table with its summary', async () => {
    const help = await output('help');
    expect(help.code).toBe(0);
    for (const command of COMMANDS) expect(help.out).toMatch(new RegExp(`^  ${command.name} +\\S`, 'm'));
    for (const command of COMMANDS) expect(help.out).toContain(command.summary);
    expect(await output()).toEqual(help);
    expect(await output('--help')).toEqual(help);
  });

  it('lists the bank profiles of banks/', async () => {
    const shipped = readdirSync(join(REPO_ROOT, 'banks'))
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => f.slice(0, -'.yaml'.length))
      .sort();
    expect(shipped.length).toBeGreaterThan(3);
    const { out } = await output('help');
    expect(out).toContain(`: ${shipped.join(', ')}`);
  });

  it('a misspelt command in help <command> is a usage error with did-you-mean', async () => {
    const result = await output('help', 'merg');
    expect(result.code).toBe(4);
    expect(result.err).toContain('did you mean "merge"?');
  });
});

describe('kontrak <command> --help', () => {
  it.each(COMMANDS.map((c) => [c.name, c] as const))(
    '%s: every option of its table',
    async (name, command) => {
      const help = await output(name, '--help');
      expect(help.code).toBe(0);
      expect(help.out.split('\n')[0]).toBe(
        `Usage: kontrak ${name}${command.args.usage ? ` ${command.args.usage}` : ''} [options]`,
      );
      for (const [option, spec] of Object.entries(command.options)) {
        const line = help.out.split('\n').find((l) => l.startsWith(`  --${option}${spec.value ? ' ' : ''}`));
        expect(line, `--${option} in kontrak ${name} --help`).toBeDefined();
        expect(line).toContain(spec.description);
        if (spec.note) expect(line).toContain(spec.note);
      }
      // Options of other commands are not listed as its own (`--provider` is not `--provider-name`).
      for (const other of COMMANDS)
        for (const option of Object.keys(other.options))
          if (!Object.hasOwn(command.options, option))
            expect(help.out).not.toMatch(new RegExp(`^  --${option}(?![\\w-])`, 'm'));
      expect(help.out).toMatch(/^ {2}-h, --help /m);
      expect(await output('help', name)).toEqual(help);
      expect(await output(name, '-h')).toEqual(help);
    },
  );
});
