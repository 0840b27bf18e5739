/**
 * What an item's scripts say that a suite can hold: the expectation and captures kontrak rendered
 * (`kontrakChecks.check(pm, {…})`, `pm.collectionVariables.set(…, kontrakBody[…])`), its retry
 * policy, or a foreign collection's plain status and responseCode tests. Everything else in a
 * script (signing above all) is kontrak's own job and is dropped.
 */
import type { Retry } from '../model/format.generated.ts';
import type { SuiteRequest } from './types.ts';

type Expect = SuiteRequest['expect'];

/** The spec a kontrak-rendered test script passes to its checks. */
export interface RenderedCheck {
  sign?: string;
  path?: string;
  service?: string;
  expect: Expect & { schema?: string };
  contract?: { base?: string };
}

const CHECK_CALL = /kontrakChecks\.check\(pm, (\{.*\})\);\s*$/;
const CAPTURE =
  /var v = kontrakBody((?:\[(?:"(?:[^"\\]|\\.)*"|\d+)\])+); if \(v !== undefined\) pm\.collectionVariables\.set\(("(?:[^"\\]|\\.)*")/;
const RETRY_ON = /if \((\[[^\]]*\])\.indexOf\(cause\) < 0 \|\| done >= (\d+)\)/;
const RETRY_WAIT = /var wait = Math\.min\((\d+) \* Math\.pow/;
/** A bank's notification schedule: the suite named the bank, not the waits. */
const RETRY_AS_BANK = /\/\/ kontrak retry: as ([a-z0-9-]+) retries its notifications/;

export function renderedCheck(lines: readonly string[]): RenderedCheck | undefined {
  for (const line of lines) {
    const m = CHECK_CALL.exec(line);
    if (!m?.[1]) continue;
    try {
      const spec = JSON.parse(m[1]) as Partial<RenderedCheck> | null;
      if (spec && typeof spec.expect === 'object') return spec as RenderedCheck;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** `["virtualAccountData"]["items"][0]` → `virtualAccountData.items[0]`. */
function capturePath(accessors: string): string {
  const parts = [...accessors.matchAll(/\[("(?:[^"\\]|\\.)*"|\d+)\]/g)].map((m) => m[1] ?? '');
  return parts
    .map((p, i) => (p.startsWith('"') ? `${i ? '.' : ''}${JSON.parse(p) as string}` : `[${p}]`))
    .join('');
}

export function renderedCaptures(lines: readonly string[]): Record<string, string> {
  const captures: Record<string, string> = {};
  for (const line of lines) {
    const m = CAPTURE.exec(line);
    if (m?.[1] && m[2]) captures[JSON.parse(m[2]) as string] = capturePath(m[1]);
  }
  return captures;
}

export function renderedRetry(lines: readonly string[]): Retry | undefined {
  const text = lines.join('\n');
  const on = RETRY_ON.exec(text);
  const wait = RETRY_WAIT.exec(text);
  if (!on?.[1] || !on[2]) return undefined;
  const bank = RETRY_AS_BANK.exec(text)?.[1];
  if (bank) return { bank, on: JSON.parse(on[1]) as NonNullable<Retry['on']> };
  return {
    count: Number(on[2]),
    on: JSON.parse(on[1]) as NonNullable<Retry['on']>,
    ...(wait?.[1] ? { backoffMs: Number(wait[1]) } : {}),
  };
}

/** A foreign collection's tests: `pm.response.to.have.status(201)`, `….responseCode).to.eql("2001100")`. */
export function plainExpectation(lines: readonly string[]): Partial<Expect> {
  const text = lines.join('\n');
  const status =
    /to\.have\.status\((\d{3})\)/.exec(text)?.[1] ??
    /response\.code\)\.to\.(?:eql|equal|be)\((\d{3})\)/.exec(text)?.[1];
  const code = /responseCode\)?\.to\.(?:eql|equal|be)\(["'](\d{7}|\d{4}|\d{2})["']\)/.exec(text)?.[1];
  return { ...(status ? { status: Number(status) } : {}), ...(code ? { responseCode: code } : {}) };
}
