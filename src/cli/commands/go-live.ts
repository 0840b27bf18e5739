/** `kontrak go-live`: the go-live check of a partner's callback endpoint, findings in plain words. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { error } from '../../diagnostics/diagnostic.ts';
import { baseUrlProblem } from '../../env/values.ts';
import { readInputFile } from '../../input-files.ts';
import { bankProfiles } from '../../load/bank-profiles.ts';
import { processVariable } from '../../model/types.ts';
import { goLiveCheck } from '../../partner/go-live/check.ts';
import type { BankTimeout, Finding } from '../../partner/go-live/judge.ts';
import {
  DEFAULT_PARTNER_BANK,
  PARTNER_BANK,
  readPartnerBank,
  type PartnerBank,
} from '../../partner/partner-banks.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { fail, report, type Io } from '../context.ts';

export interface GoLiveArgs {
  url?: string;
  bank?: string;
  ca?: string;
}

const BASE_URL = processVariable('partner', 'base_url');

const MARK = { pass: 'PASS', warn: 'WARN', fail: 'FAIL' } as const;

/** The bank's documented timeout for a partner's answer, from its profile. */
export function bankTimeout(bank: PartnerBank, cwd: string): BankTimeout {
  const fact = bank.profile ? bankProfiles(cwd).get(bank.profile)?.callsPartner?.timeoutMs : undefined;
  return fact ? { bank: bank.name, ms: fact.value, source: fact.source } : { bank: bank.name };
}

export function printFindings(io: Io, findings: readonly Finding[]): void {
  const width = Math.max(...findings.map((f) => f.check.length));
  for (const f of findings) {
    io.out(`${MARK[f.verdict]}  ${f.check.padEnd(width)}  ${f.finding}`);
    if (f.source) io.out(`      ${' '.repeat(width)}  source: ${f.source}`);
  }
}

export async function goLiveCommand(io: Io, args: GoLiveArgs): Promise<ExitCode> {
  const url = args.url ?? io.env[BASE_URL];
  if (!url)
    return fail(
      io,
      error('E_MISSING_BASE_URL', 'no endpoint to check', {
        hint: `give --url, or set ${BASE_URL} to your endpoint's base URL`,
      }),
    );
  const problem = baseUrlProblem(url);
  if (problem)
    return fail(
      io,
      error('E_BAD_BASE_URL', `${args.url ? '--url' : BASE_URL} ${problem}`, {
        hint: 'give an https:// URL such as https://callbacks.shop.example',
      }),
    );
  const bankName = args.bank ?? io.env[PARTNER_BANK] ?? DEFAULT_PARTNER_BANK;
  const bank = readPartnerBank(bankName, args.bank ? '--bank' : PARTNER_BANK);
  if ('code' in bank) return fail(io, args.bank ? { ...bank, code: 'E_OPTION_VALUE' } : bank);
  let ca: string | undefined;
  if (args.ca) {
    const path = resolve(io.cwd, args.ca);
    if (!existsSync(path)) return fail(io, error('E_OPTION_VALUE', `--ca ${args.ca}: no such file`));
    const read = readInputFile(path, io.cwd);
    if (report(io, read.diagnostics) || read.text === undefined) return EXIT.INVALID_INPUT;
    if (!read.text.includes('-----BEGIN CERTIFICATE-----'))
      return fail(
        io,
        error('E_OPTION_VALUE', `--ca ${args.ca} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`),
      );
    ca = read.text;
  }
  io.out(`go-live check of ${url} as ${bank.name} calls it`);
  const findings = await goLiveCheck({
    baseUrl: new URL(url),
    bank,
    timeout: bankTimeout(bank, io.cwd),
    ...(ca ? { ca } : {}),
  });
  printFindings(io, findings);
  return findings.some((f) => f.verdict === 'fail') ? EXIT.CHECK_FAILED : EXIT.OK;
}
