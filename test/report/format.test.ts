import { describe, expect, it } from 'vitest';
import { diffStrings, formatDuration } from '../../src/report/_format.ts';
import { formatPointer, formatValue } from '../../src/schemas/violations.ts';

describe('report formatting helpers', () => {
  it('formats durations', () => {
    expect(formatDuration(850.4)).toBe('850 ms');
    expect(formatDuration(12_345)).toBe('12.3 s');
    expect(formatDuration(123_000)).toBe('2 min 03 s');
    expect(formatDuration(Number.NaN)).toBe('–');
  });

  it('formats values and pointers', () => {
    expect(formatValue(undefined)).toBe('');
    expect(formatValue('x')).toBe('"x"');
    expect(formatValue(10n)).toBe('"10"');
    expect(formatValue('a'.repeat(200))).toHaveLength(120);
    expect(formatPointer('')).toBe('(root)');
    expect(formatPointer('/a/0')).toBe('/a/0');
  });

  it('finds the first differing character by code point', () => {
    expect(diffStrings('abc', 'abc').index).toBe(-1);
    const d = diffStrings('ab😀x', 'ab😁x');
    expect(d.index).toBe(2);
    expect(d.sent).toEqual({ before: 'ab', at: '😀', after: 'x', describe: '"😀" U+1F600' });
    const e = diffStrings('ab', 'ab ');
    expect(e.sent).toEqual({ before: 'ab', at: '', after: '', describe: 'end of string' });
    expect(e.expected.describe).toBe('U+0020');
  });
});
