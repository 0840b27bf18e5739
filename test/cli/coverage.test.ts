/**
 * `kontrak coverage`: the matrix of what each bank's contracts rest on (banks/*.yaml `basis:`),
 * one bank's sources with `kontrak coverage <bank>`, and docs/coverage.md generated from the
 * shipped profiles, never older than them.
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/context.ts';
import { main } from '../../src/cli/main.ts';
import { coverageMatrix } from '../../src/banks/basis.ts';
import { coverageMarkdown } from '../../src/banks/coverage-text.ts';
import { bankProfiles } from '../../src/load/bank-profiles.ts';
import { REPO_ROOT } from '../support/project.ts';

async function output(cwd: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l), cwd, env: {}, isTty: false };
  const code = await main(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('kontrak coverage', () => {
  it('prints the matrix: a line per service, a column per bank, the kind of each basis', async () => {
    const { code, out } = await output(REPO_ROOT, 'coverage');
    expect(code).toBe(0);
    const lines = out.split('\n');
    const head = lines.find((l) => l.startsWith('code '))!;
    const columns = head.split(/\s+/).slice(2);
    expect(columns).toEqual(['bca', 'bni', 'bri-snap', 'dana', 'doku', 'mandiri', 'snap']);
    const row = (service: string): string[] =>
      lines
        .find((l) => l.split(/\s+/)[1] === service)!
        .split(/\s+/)
        .slice(2);
    expect(row('bank-statement')).toEqual(['sample', 'ASPI', 'sample', '·', '·', 'assumed', 'sample']);
    expect(row('balance-inquiry')).toEqual(['ASPI', 'ASPI', 'sample', 'SDK', 'SDK', 'assumed', 'sample']);
    expect(out).toMatch(/^What each bank's contracts rest on \(\d+ documented sample, \d+ SDK model, /);
  });

  it('lists one bank with the source of each basis', async () => {
    const { code, out } = await output(REPO_ROOT, 'coverage', 'dana');
    expect(code).toBe(0);
    expect(out).toMatch(/^dana {2}DANA \(e-wallet\)/);
    expect(out).toMatch(
      / 74 access-token\/b2b2c +SDK model \(https:\/\/github\.com\/dana-id\/dana-go 7176cf5\)/,
    );
    expect(out).toMatch(
      / 58 debit\/refund +documented sample \(https:\/\/github\.com\/dana-id\/uat-script\/blob\/05d2169\w+\/resource\/request\/components\/PaymentGateway\.json\)/,
    );
  });

  it("shows a project's own profile, saying where it states no basis", async () => {
    const root = mkdtempSync(join(tmpdir(), 'kontrak-coverage-'));
    dirs.push(root);
    mkdirSync(join(root, 'banks'));
    const snap = readFileSync(join(REPO_ROOT, 'banks', 'snap.yaml'), 'utf8').split(/^basis:/m)[0]!;
    writeFileSync(
      join(root, 'banks', 'acme.yaml'),
      snap
        .replace('bank: snap', 'bank: acme')
        .replace(/^title: .*$/m, 'title: Acme Bank')
        .replace(/^starter: .*$/m, '')
        .concat('basis:\n  bank-statement: { kind: assumed, source: "no Acme document read" }\n'),
    );
    const { code, out } = await output(root, 'coverage', 'acme');
    expect(code).toBe(0);
    expect(out).toMatch(/ 14 bank-statement +assumed \(no Acme document read\)/);
    expect(out).toMatch(/ 11 balance-inquiry +not stated/);
  });

  it('refuses a bank it does not know, with the nearest name', async () => {
    const { code, err } = await output(REPO_ROOT, 'coverage', 'bcaa');
    expect(code).not.toBe(0);
    expect(err).toContain('E_UNKNOWN_BANK');
    expect(err).toContain('did you mean "bca"?');
  });
});

describe('docs/coverage.md', () => {
  it('is generated from the shipped bank profiles (npm run gen:docs when this fails)', () => {
    expect(readFileSync(join(REPO_ROOT, 'docs', 'coverage.md'), 'utf8')).toBe(
      coverageMarkdown(coverageMatrix(bankProfiles())),
    );
  });
});
