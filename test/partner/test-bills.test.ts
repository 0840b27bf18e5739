import { describe, expect, it } from 'vitest';
import { testBillValues } from '../../src/partner/test-bills.ts';

const valuesOf = (env: Record<string, string> | null, epochMs = 1_765_000_000_000) => {
  const outcome = testBillValues('partner', env, epochMs);
  return { map: new Map((outcome.value ?? []).map((v) => [v.key, v.value])), outcome };
};

describe('test bills from PARTNER_VA_*', () => {
  it('unset: the reference partner numbering, fresh digits in every slot', () => {
    const { map } = valuesOf({});
    expect(map.get('partner_va_open_1')).toMatch(/^ {3}1234510\d{12}$/);
    expect(map.get('partner_va_expired_2')).toMatch(/^ {3}1234590\d{12}$/);
    expect(map.get('partner_va_unknown_1')).toMatch(/^ {3}1234550\d{12}$/);
    expect(map.get('partner_va_open_1')).not.toBe(map.get('partner_va_open_2'));
    expect(map.get('partner_psid_open_1')).toBe('   12345');
    expect(map.get('partner_customer_open_1')).toBe(map.get('partner_va_open_1')?.slice(8));
  });

  it('a pattern is filled anew for each run: a later run never meets the same bill', () => {
    const first = valuesOf({ PARTNER_VA_OPEN: '  0888997{n}' }, 1_765_000_000_000).map;
    const next = valuesOf({ PARTNER_VA_OPEN: '  0888997{n}' }, 1_765_000_000_005).map;
    const opens = [first, next].flatMap((m) => [m.get('partner_va_open_1'), m.get('partner_va_open_2')]);
    expect(new Set(opens).size).toBe(4);
    for (const va of opens) expect(va).toMatch(/^ {2}0888997\d{12}$/);
  });

  it('a list is taken in order, its padding kept, and starts again when shorter than the slots', () => {
    const { map } = valuesOf({
      PARTNER_VA_EXPIRED: '  0888993000001,  0888993000002',
      PARTNER_VA_UNKNOWN: '  088899555',
    });
    expect(map.get('partner_va_expired_1')).toBe('  0888993000001');
    expect(map.get('partner_va_expired_2')).toBe('  0888993000002');
    expect(map.get('partner_psid_expired_2')).toBe('  088899');
    expect(map.get('partner_customer_expired_2')).toBe('3000002');
    expect(map.get('partner_va_unknown_2')).toBe('  088899555');
  });

  it('the mock environment ignores them: the embedded reference partner holds only its own bills', () => {
    expect(valuesOf(null).map.get('partner_psid_open_1')).toBe('   12345');
  });

  it('a VA number that is not psid + customer number is refused, naming the variable', () => {
    const { outcome } = valuesOf({ PARTNER_VA_OPEN: '12345-10' });
    expect(outcome.value).toBeUndefined();
    expect(outcome.diagnostics.map((d) => [d.code, d.message])).toEqual([
      [
        'E_INVALID_VALUE',
        'PARTNER_VA_OPEN: "12345-10" does not begin with an 8-character partnerServiceId (digits, left-padded with spaces)',
      ],
    ]);
  });
});
