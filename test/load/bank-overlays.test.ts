/**
 * A bank profile's overlays are checked with the rest of the profile: by the profile schema
 * (shape, change, source and confidence) and against the catalogue (the service each reaches),
 * each problem at its place in the file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBankProfile } from '../../src/load/bank-profiles.ts';
import { REPO_ROOT } from '../support/project.ts';

const SNAP = readFileSync(join(REPO_ROOT, 'banks', 'snap.yaml'), 'utf8');

/** The shipped SNAP profile with one overlay added. */
function withOverlay(lines: string[]): string {
  return `${SNAP.trimEnd()}\noverlays:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
}

const overlay = (service: string, change = 'nullable'): string[] => [
  `- service: ${service}`,
  '  field: /feeAmount',
  `  change: ${change}`,
  '  source: "a bank document"',
  '  confidence: documented',
];

describe('bank profile overlays', () => {
  it('takes an overlay of a catalogue service or of every answer, response side by default', () => {
    for (const service of ['qr/qr-mpm-query', "'*'"]) {
      const read = readBankProfile('banks/x.yaml', withOverlay(overlay(service)));
      expect(read.diagnostics).toEqual([]);
      expect(read.value?.overlays[0]?.on).toBe('response');
    }
  });

  it('refuses an overlay of a service the catalogue does not have, at its line, with the nearest name', () => {
    const text = withOverlay(overlay('qr/qr-mpm-quer'));
    const read = readBankProfile('banks/x.yaml', text);
    expect(read.value).toBeUndefined();
    const line = text.split('\n').findIndex((l) => l.endsWith('service: qr/qr-mpm-quer')) + 1;
    expect(read.diagnostics.map((d) => [d.code, d.line, d.hint])).toEqual([
      ['E_UNKNOWN_SERVICE', line, 'did you mean "qr/qr-mpm-query"?'],
    ]);
  });

  it('refuses an unknown change and an overlay without a source', () => {
    const unknown = readBankProfile('banks/x.yaml', withOverlay(overlay('qr/qr-mpm-query', 'loosen')));
    expect(unknown.value).toBeUndefined();
    expect(unknown.diagnostics.length).toBeGreaterThan(0);
    const unsourced = readBankProfile(
      'banks/x.yaml',
      withOverlay(overlay('qr/qr-mpm-query').filter((l) => !l.includes('source'))),
    );
    expect(unsourced.value).toBeUndefined();
    expect(unsourced.diagnostics.map((d) => d.message).join('\n')).toMatch(/source/);
  });
});
