/**
 * A bank profile's `basis:` (what each service's contract rests on) is checked with the rest of
 * the profile: a kind from the list, a source always, a URL for a documented sample or ASPI's
 * tables, a version for an SDK model, and a catalogue service, each problem at its place.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBankProfile } from '../../src/load/bank-profiles.ts';
import { REPO_ROOT } from '../support/project.ts';

/** The shipped SNAP profile without its own basis section (the last one of the file). */
const SNAP = readFileSync(join(REPO_ROOT, 'banks', 'snap.yaml'), 'utf8')
  .split(/^basis:/m)[0]!
  .trimEnd();

const withBasis = (lines: string[]): string => `${SNAP}\nbasis:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;

const read = (lines: string[]) => readBankProfile('banks/x.yaml', withBasis(lines));
const messages = (lines: string[]): string =>
  read(lines)
    .diagnostics.map((d) => `${d.message} ${d.hint ?? ''}`)
    .join('\n');

describe('bank profile basis', () => {
  it('takes each kind with what it needs', () => {
    const taken = read([
      'bank-statement: { kind: documented sample, source: "https://example.com/statement" }',
      'balance-inquiry: { kind: SDK model, source: "https://github.com/example/sdk", version: "1.2.3" }',
      'transfer-intrabank: { kind: ASPI only, source: "https://apidevportal.aspi-indonesia.or.id" }',
      'qr/qr-mpm-query: { kind: assumed, source: "path by analogy with the other QRIS paths" }',
    ]);
    expect(taken.diagnostics).toEqual([]);
    expect(taken.value?.basis['balance-inquiry']).toEqual({
      kind: 'SDK model',
      source: 'https://github.com/example/sdk',
      version: '1.2.3',
    });
  });

  it('defaults to no basis when the profile states none', () => {
    expect(readBankProfile('banks/x.yaml', `${SNAP}\n`).value?.basis).toEqual({});
  });

  it('refuses a basis without a source, or with a blank one', () => {
    expect(read(['bank-statement: { kind: assumed }']).value).toBeUndefined();
    expect(messages(['bank-statement: { kind: assumed }'])).toMatch(/source/);
    expect(read(['bank-statement: { kind: assumed, source: " " }']).value).toBeUndefined();
  });

  it('refuses a documented sample that names no page, and an SDK model without its version', () => {
    expect(read(['bank-statement: { kind: documented sample, source: "BCA docs" }']).value).toBeUndefined();
    expect(read(['bank-statement: { kind: ASPI only, source: "ASPI" }']).value).toBeUndefined();
    const sdk = ['bank-statement: { kind: SDK model, source: "https://github.com/example/sdk" }'];
    expect(read(sdk).value).toBeUndefined();
    expect(messages(sdk)).toMatch(/version/);
  });

  it('refuses an unknown kind', () => {
    expect(read(['bank-statement: { kind: rumour, source: "x" }']).value).toBeUndefined();
  });

  it('refuses a basis of a service the catalogue does not have, at its line, with the nearest name', () => {
    const lines = ['bank-statment: { kind: assumed, source: "a guess" }'];
    const text = withBasis(lines);
    const refused = readBankProfile('banks/x.yaml', text);
    expect(refused.value).toBeUndefined();
    const line = text.split('\n').findIndex((l) => l.includes('bank-statment:')) + 1;
    expect(refused.diagnostics.map((d) => [d.code, d.line, d.hint])).toEqual([
      ['E_UNKNOWN_SERVICE', line, 'did you mean "bank-statement"?'],
    ]);
  });
});
