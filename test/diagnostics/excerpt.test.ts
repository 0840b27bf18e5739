/** The source line under a diagnostic never shows a secret's value, only where the mistake is. */
import { describe, expect, it } from 'vitest';
import { error } from '../../src/diagnostics/diagnostic.ts';
import { sourceExcerpt } from '../../src/diagnostics/excerpt.ts';

const PARTNERS = [
  'partners:',
  '  - clientId: "IDBN-1"',
  '    clientSecret: 8812345678',
  '    publicKey: a.pem',
].join('\n');

describe('sourceExcerpt', () => {
  it('masks the value of a secret key on the line it quotes, keeping the key and the carets', () => {
    const d = error('E_PARTNER_VALUE', '"clientSecret" is a number in YAML', {
      file: 'p.yaml',
      line: 3,
      column: 5,
    });
    const lines = sourceExcerpt(d, PARTNERS);
    expect(lines.join('\n')).not.toContain('8812345678');
    expect(lines[1]).toBe('3 |     clientSecret: …');
    expect(lines[2]).toBe('  |     ^^^^^^^^^^^^');
  });

  it.each(['client_secret: "s3cr3t-value"', '- password: s3cr3t-value', 'privateKey: s3cr3t-value'])(
    'masks %s',
    (line) => {
      const d = error('E_INVALID_VALUE', 'x', { file: 'e.yaml', line: 1, column: 1 });
      expect(sourceExcerpt(d, line).join('\n')).not.toContain('s3cr3t-value');
    },
  );

  it('still quotes a line that holds no secret', () => {
    const d = error('E_INVALID_VALUE', 'x', { file: 'p.yaml', line: 2, column: 5 });
    expect(sourceExcerpt(d, PARTNERS)[1]).toBe('2 |   - clientId: "IDBN-1"');
  });
});
