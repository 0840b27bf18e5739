import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODES } from '../../src/diagnostics/codes.ts';
import { diagnosticsMarkdown } from '../../src/diagnostics/docs.ts';
import { formatDiagnostics } from '../../src/diagnostics/format.ts';
import { error, exitCodeOf } from '../../src/diagnostics/diagnostic.ts';
import { REPO_ROOT } from '../support/project.ts';

describe('the diagnostics table', () => {
  it('docs/diagnostics.md is generated from it (npm run gen:docs when this fails)', () => {
    expect(readFileSync(join(REPO_ROOT, 'docs', 'diagnostics.md'), 'utf8')).toBe(diagnosticsMarkdown());
  });

  it('lists every code in the docs once', () => {
    const doc = diagnosticsMarkdown();
    for (const code of Object.keys(CODES)) expect(doc.split(`| \`${code}\` |`).length - 1).toBe(1);
  });

  it('gives the exit code of the worst error, ignoring warnings', () => {
    expect(exitCodeOf([])).toBe(0);
    expect(exitCodeOf([error('E_UNKNOWN_KEY', 'x'), error('E_UNKNOWN_OPTION', 'y')])).toBe(4);
    expect(exitCodeOf([{ ...error('E_UNREACHABLE', 'x'), severity: 'warning' }])).toBe(0);
    expect(exitCodeOf([error('E_UNREACHABLE', 'x'), error('E_UNKNOWN_KEY', 'y')])).toBe(3);
  });
});

describe('source excerpts', () => {
  const text = 'kontrak: 1\nsuite:\n  name: s\n  sgin: snap-token\n';
  const read = () => text;

  it('shows the line with carets under the key at the column', () => {
    const d = error('E_UNKNOWN_KEY', 'unknown key "sgin"', { file: 'c.yaml', line: 4, column: 3 });
    expect(formatDiagnostics([d], read)).toBe(
      [
        'c.yaml:4:3 error[E_UNKNOWN_KEY] unknown key "sgin"',
        '  |',
        '4 |   sgin: snap-token',
        '  |   ^^^^',
      ].join('\n'),
    );
  });

  it('underlines a value up to its end, and a quoted string whole', () => {
    const d = error('E_INVALID_VALUE', 'x', { file: 'c.yaml', line: 4, column: 9 });
    expect(formatDiagnostics([d], read).split('\n')[3]).toBe('  |         ^^^^^^^^^^');
    const quoted = error('E_INVALID_VALUE', 'x', { file: 'c.yaml', line: 1, column: 1 });
    expect(formatDiagnostics([quoted], () => '"a b": 1').split('\n')[3]).toBe('  | ^^^^^');
  });

  it('prints the line alone when the file cannot be read or has no such line', () => {
    const d = error('E_UNKNOWN_KEY', 'x', { file: 'c.yaml', line: 40, column: 1 });
    expect(formatDiagnostics([d], read)).toBe('c.yaml:40:1 error[E_UNKNOWN_KEY] x');
    expect(formatDiagnostics([d], () => undefined)).toBe('c.yaml:40:1 error[E_UNKNOWN_KEY] x');
  });
});
