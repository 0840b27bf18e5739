import { describe, expect, it } from 'vitest';
import { isPartner } from '../../src/model/types.ts';
import { withTestBills } from '../../src/partner/test-bills.ts';
import { project } from './bank.ts';

const inboundProvider = (name: string) => isPartner(project.providers.get(name) ?? {});

/** The VA numbers each suite sends, by the kind its reference numbering names. */
function sent(env: Record<string, string>, epochMs = 1_765_000_000_000) {
  const outcome = withTestBills(project.suites, inboundProvider, env, epochMs);
  const vas = new Map<string, Set<string>>();
  for (const suite of outcome.value ?? [])
    for (const r of suite.requests) {
      const body = r.body as Record<string, unknown> | undefined;
      const va = body?.virtualAccountNo;
      if (typeof va !== 'string' || va.startsWith('{{')) continue;
      if (body && 'partnerServiceId' in body) expect(body.partnerServiceId, r.name).toBe(va.slice(0, 8));
      if (body && 'customerNo' in body && !va.includes('{{'))
        expect(body.customerNo, r.name).toBe(va.slice(8));
      const key = `${suite.name} ${r.name.replace(/ \[negative: .*\]$/, '')}`;
      vas.set(key, (vas.get(key) ?? new Set()).add(va));
    }
  return { outcome, vas };
}

describe('test bills from PARTNER_VA_*', () => {
  it('unset: the YAML keeps the reference numbering, fresh for every request', () => {
    const { vas } = sent({});
    expect([...(vas.get('partner-va-bca bill inquiry') ?? [])]).toEqual(['   1234510{{$kontrakId}}']);
  });

  it('a pattern gives each suite, and each run, a bill of its own', () => {
    const env = { PARTNER_VA_OPEN: '  0888997{n}' };
    const first = sent(env, 1_765_000_000_000).vas;
    const next = sent(env, 1_765_000_001_000).vas;
    const opens = [first, next].flatMap((m) => [
      ...(m.get('partner-va-bca bill inquiry') ?? []),
      ...(m.get('partner-va-asymmetric bill inquiry') ?? []),
    ]);
    expect(new Set(opens).size).toBe(4);
    for (const va of opens) expect(va).toMatch(/^ {2}0888997\d{12}$/);
    // Other providers read their own variables: BRI's stay on the reference numbering.
    expect([...(first.get('partner-va-bri bill inquiry') ?? [])]).toEqual(['   1234510{{$kontrakId}}']);
  });

  it('a list is taken in order, its padding kept, one per suite', () => {
    const { vas } = sent({ PARTNER_VA_EXPIRED: '  0888993000001,  0888993000002' });
    const of = (key: string) => [...(vas.get(key) ?? [])];
    const bca = of('partner-va-bca bill inquiry for an expired VA');
    expect(of('partner-va-bca payment flag for an expired VA')).toEqual(bca);
    const asymmetric = of('partner-va-asymmetric bill inquiry for an expired VA');
    expect([...bca, ...asymmetric].sort()).toEqual(['  0888993000001', '  0888993000002']);
  });

  it('a VA number that is not psid + customer number is refused, naming the variable', () => {
    const { outcome } = sent({ PARTNER_VA_OPEN: '12345-10' });
    expect(outcome.value).toBeUndefined();
    expect(outcome.diagnostics.map((d) => [d.code, d.message])[0]).toEqual([
      'E_INVALID_VALUE',
      'PARTNER_VA_OPEN: "12345-10" does not begin with an 8-character partnerServiceId (digits, left-padded with spaces)',
    ]);
  });
});
