/** `--suite` patterns: a shared suite's name reaches each bank's copy (`qris-mpm@bca`), `@` one of them. */
import { describe, expect, it } from 'vitest';
import { globMatcher } from '../../src/cli/context.ts';

const NAMES = [
  'qris-mpm@snap',
  'qris-mpm@bca',
  'qris-cancel',
  'qris-mpm-extra@bca',
  'nicepay-va',
  'nicepay-va-2',
];
const chosen = (glob: string | undefined): string[] => NAMES.filter(globMatcher(glob));

describe('--suite', () => {
  it("matches each bank's copy of a shared suite by the suite's name", () => {
    expect(chosen('qris-mpm')).toEqual(['qris-mpm@snap', 'qris-mpm@bca']);
  });

  it('matches one bank’s copy when the pattern names the bank', () => {
    expect(chosen('qris-mpm@bca')).toEqual(['qris-mpm@bca']);
    expect(chosen('*@bca')).toEqual(['qris-mpm@bca', 'qris-mpm-extra@bca']);
  });

  it('keeps globs, lists and exact names as they were', () => {
    expect(chosen('nicepay-*')).toEqual(['nicepay-va', 'nicepay-va-2']);
    expect(chosen('nicepay-va, qris-cancel')).toEqual(['qris-cancel', 'nicepay-va']);
    expect(chosen('qris-*')).toEqual(['qris-mpm@snap', 'qris-mpm@bca', 'qris-cancel', 'qris-mpm-extra@bca']);
    expect(chosen(undefined)).toEqual(NAMES);
  });
});
