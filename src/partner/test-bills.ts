/**
 * The partner's test bills the inbound suites pay, inquire and are refused: read from
 * PARTNER_VA_OPEN, PARTNER_VA_EXPIRED and PARTNER_VA_UNKNOWN (full VA numbers, the space-padded
 * partnerServiceId included), else the reference partner's numbering. Each variable is a
 * comma-separated list, or a pattern whose `{n}` is filled with fresh digits, so that a nightly run
 * never meets a bill it paid the night before.
 *
 * Each suite takes its own bill of each kind (the next in a list, fresh digits from a pattern), and
 * its requests send its partnerServiceId, customerNo and virtualAccountNo as SNAP does.
 */
import { error, type Diagnostic, type Outcome } from '../diagnostics/diagnostic.ts';
import { processVariable, type Suite } from '../model/types.ts';
import { PARTNER_SERVICE_ID } from './ledger.ts';

export const BILL_KINDS = ['open', 'expired', 'unknown'] as const;
export type BillKind = (typeof BILL_KINDS)[number];

/** SNAP's partnerServiceId: 8 characters, the company code left-padded with spaces. */
const PSID_LENGTH = 8;
/** The pattern's placeholder, and how many digits fill it. */
const FRESH = '{n}';
const FRESH_DIGITS = 12;

/** The reference partner's numbering as the YAML writes it: 1… open, 9… expired, others unknown. */
const REFERENCE_VA = new RegExp(`^${PARTNER_SERVICE_ID}(\\d)\\d\\{\\{\\$kontrakId\\}\\}$`);
/** The same as patterns, for hints (src/partner/ledger.ts). */
const REFERENCE: Record<BillKind, string> = {
  open: `${PARTNER_SERVICE_ID}10${FRESH}`,
  expired: `${PARTNER_SERVICE_ID}90${FRESH}`,
  unknown: `${PARTNER_SERVICE_ID}50${FRESH}`,
};

/** What is wrong with one VA number, if anything. */
function vaProblem(va: string): string | undefined {
  const psid = va.slice(0, PSID_LENGTH);
  const customerNo = va.slice(PSID_LENGTH);
  if (!/^ *\d+$/.test(psid))
    return 'does not begin with an 8-character partnerServiceId (digits, left-padded with spaces)';
  if (!/^\d{1,20}$/.test(customerNo))
    return 'has no customer number of 1 to 20 digits after the partnerServiceId';
  return undefined;
}

/** Fresh digits for the nth fill of this run: the clock's milliseconds, moved on by one per fill. */
const freshDigits = (epochMs: number, n: number): string =>
  String(epochMs + n)
    .slice(-FRESH_DIGITS)
    .padStart(FRESH_DIGITS, '0');

/**
 * The `slot`-th VA number of a variable: a list is taken in order (and starts again when it is
 * shorter), a pattern is filled anew each time.
 */
function numberAt(text: string, slot: number, fresh: () => string): string {
  // Items keep their leading spaces: they are the padding of the partnerServiceId.
  const items = text
    .split(',')
    .map((item) => item.replace(/\s+$/, ''))
    .filter((item) => item.trim() !== '');
  const item = items[slot % items.length] ?? '';
  return item.split(FRESH).join(fresh());
}

/** The kind of test bill a request's body names with the reference numbering, if any. */
function kindOf(body: unknown): BillKind | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const va = (body as Record<string, unknown>).virtualAccountNo;
  const match = typeof va === 'string' ? REFERENCE_VA.exec(va) : null;
  if (!match) return undefined;
  return match[1] === '1' ? 'open' : match[1] === '9' ? 'expired' : 'unknown';
}

/**
 * The inbound suites with the partner's test bills (PARTNER_VA_*, per provider) in place of the
 * reference numbering the YAML carries (`   1234510{{$kontrakId}}`: fresh for every request, which
 * a rendered Postman collection keeps). Each suite gets the next bill of each kind it uses; a kind
 * whose variable is unset keeps the reference numbering.
 */
export function withTestBills(
  suites: readonly Suite[],
  isInbound: (provider: string) => boolean,
  processEnv: Record<string, string | undefined>,
  epochMs: number,
): Outcome<Suite[]> {
  const diagnostics: Diagnostic[] = [];
  const used = new Map<string, number>();
  let fills = 0;
  const fresh = (): string => freshDigits(epochMs, fills++);
  const out = suites.map((suite) => {
    if (!isInbound(suite.provider)) return suite;
    const chosen = new Map<BillKind, string | undefined>();
    const billFor = (kind: BillKind): string | undefined => {
      if (chosen.has(kind)) return chosen.get(kind);
      const variable = processVariable(suite.provider, `va_${kind}`);
      const given = processEnv[variable];
      let va: string | undefined;
      if (given?.trim()) {
        const slot = used.get(variable) ?? 0;
        used.set(variable, slot + 1);
        va = numberAt(given, slot, fresh);
        const problem = vaProblem(va);
        if (problem) {
          diagnostics.push(
            error('E_INVALID_VALUE', `${variable}: ${JSON.stringify(va)} ${problem}`, {
              hint: `give full VA numbers as SNAP sends them, comma-separated, or a pattern such as "${REFERENCE[kind]}"`,
            }),
          );
          va = undefined;
        }
      }
      chosen.set(kind, va);
      return va;
    };
    const requests = suite.requests.map((request) => {
      const kind = kindOf(request.body);
      const va = kind && billFor(kind);
      if (!va) return request;
      // Only the fields the body has: a mandatory-field negative leaves one out on purpose.
      const body = { ...(request.body as Record<string, unknown>), virtualAccountNo: va };
      if ('partnerServiceId' in body) body.partnerServiceId = va.slice(0, PSID_LENGTH);
      if ('customerNo' in body) body.customerNo = va.slice(PSID_LENGTH);
      return { ...request, body };
    });
    return { ...suite, requests };
  });
  return diagnostics.length ? { diagnostics } : { value: out, diagnostics };
}
