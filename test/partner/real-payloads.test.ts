/**
 * Real-payload mode: the inbound suites also send each callback as the bank really sends it. The
 * reference partner takes every quirk; a deliberately strict parser in front of it, refusing one
 * quirk at a time, is told which quirk it refused, in plain words, and nothing else.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { findingsOf } from '../../src/check/findings.ts';
import type { RunResult } from '../../src/model/results.ts';
import { runInEnvironment } from '../../src/cli/run-environment.ts';
import { QUIRKS, withoutQuirks } from '../../src/model/payload-quirks.ts';
import { startPartner, type RunningPartner } from '../../src/partner/server.ts';
import { bankCredentials, defined, project, runAgainst, schemas } from './bank.ts';

type Json = Record<string, unknown>;

/** What a strict parser refuses, by quirk: the body test a typed DTO with no leniency would fail. */
const STRICT: Record<string, (body: Json) => boolean> = {
  'null-optional': (b) =>
    Object.values(b).some((v) => v === null) || ['passApp', 'paidBills'].some((f) => b[f] === ''),
  'one-decimal-amount': (b) => {
    const value = (b.amount as Json | undefined)?.value;
    return typeof value === 'string' && /^\d+\.\d$/.test(value);
  },
  'bri-spellings': (b) => 'sessionID' in b || 'externalStoreID' in b,
};

/** A strict parser in front of `target`: a body showing `quirk` gets 400 Invalid Field Format. */
async function strictParser(quirk: string, target: RunningPartner): Promise<RunningPartner> {
  const refuses = STRICT[quirk] ?? (() => false);
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let parsed: Json = {};
      try {
        parsed = JSON.parse(body) as Json;
      } catch {
        // Not JSON: the partner behind says so.
      }
      if (refuses(parsed)) {
        response.writeHead(400, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify({ responseCode: '4000001', responseMessage: 'Invalid Field Format' }));
        return;
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(request.headers))
        if (v !== undefined && k !== 'host' && k !== 'content-length') headers[k] = String(v);
      void fetch(`${target.url}${request.url ?? ''}`, {
        method: request.method ?? 'POST',
        headers,
        body,
      }).then(async (answer) => {
        response.writeHead(answer.status, {
          'content-type': answer.headers.get('content-type') ?? '',
          'x-timestamp': answer.headers.get('x-timestamp') ?? '',
        });
        response.end(await answer.text());
      });
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise((closed) => server.close(closed));
      await target.close();
    },
  };
}

const SUITES = {
  bca: { prefix: 'PARTNER', environment: 'partner', provider: 'partner' },
  bri: { prefix: 'PARTNER_BRI', environment: 'partner-bri', provider: 'partner-bri' },
} as const;

async function runBank(bank: 'bca' | 'bri', strictOn?: string): Promise<RunResult> {
  const { prefix, environment, provider } = SUITES[bank];
  const { bank: credentials, env } = bankCredentials(prefix);
  const reference = await startPartner({ bank: credentials });
  const partner = strictOn ? await strictParser(strictOn, reference) : reference;
  const suites = project.suites.filter((s) => s.provider === provider);
  return runAgainst(partner, env(partner.url), suites, environment);
}

const failures = (result: RunResult): string[] =>
  result.suites.flatMap((s) =>
    s.exchanges
      .filter((x) => !x.passed)
      .map(
        (x) =>
          `${s.name} › ${x.name}: ${x.checks
            .filter((c) => !c.passed)
            .map((c) => c.message)
            .join('; ')}`,
      ),
  );

describe('real-payload mode (on by default for the inbound suites)', () => {
  it.each(['bca', 'bri'] as const)(
    'sends %s’s quirks, and the reference partner takes every one',
    async (bank) => {
      const result = await runBank(bank);
      expect(failures(result)).toEqual([]);
      const sent = result.suites.flatMap((s) => s.exchanges.map((x) => x.name));
      for (const quirk of QUIRKS.filter((q) => q.bank === bank && q.id !== 'numeric-channel-code'))
        expect(
          sent.some((name) => name.endsWith(`as ${bank.toUpperCase()} sends it: ${quirk.what}`)),
          quirk.what,
        ).toBe(true);
    },
  );

  it.each([
    ['null-optional', 'bca'],
    ['one-decimal-amount', 'bri'],
    ['bri-spellings', 'bri'],
  ] as const)('a strict parser that refuses %s is told so, in plain words', async (quirkId, bank) => {
    const result = await runBank(bank, quirkId);
    const findings = findingsOf(result.suites).map((f) => f.message);
    const ours = QUIRKS.filter((q) => q.id === quirkId);
    const others = QUIRKS.filter((q) => q.id !== quirkId);
    expect(
      findings.some((f) =>
        ours.some((q) => f.includes(`that carried ${q.what}, as ${bank.toUpperCase()} sends it`)),
      ),
      findings.join('\n'),
    ).toBe(true);
    expect(findings.find((f) => f.startsWith('your endpoint answered HTTP 400 to'))).toMatch(
      /your parser refuses what (BCA|BRI) really sends, so these calls fail in production \(/,
    );
    for (const other of others) expect(findings.join('\n')).not.toContain(`carried ${other.what}`);
    // Only the quirk's own requests fail: the clean ones still pass.
    for (const failure of failures(result)) expect(failure).toMatch(/sends it: /);
  });

  it('--clean-payloads leaves the quirks out: a strict parser then passes', async () => {
    const bca = project.suites.filter((s) => s.provider === 'partner');
    expect(bca.some((s) => s.requests.some((r) => r.quirk))).toBe(true);
    expect(withoutQuirks(bca).some((s) => s.requests.some((r) => r.quirk))).toBe(false);
    const { bank, env } = bankCredentials();
    const partner = await strictParser('null-optional', await startPartner({ bank }));
    try {
      const outcome = await runInEnvironment({
        project,
        schemas,
        environment: 'partner',
        suites: bca,
        processEnv: env(partner.url),
        timeoutRequest: 10_000,
        payloads: 'clean',
      });
      const result = defined(outcome.value, 'the run');
      expect(failures(result)).toEqual([]);
      expect(result.suites.flatMap((s) => s.exchanges).some((x) => x.name.includes('sends it:'))).toBe(false);
    } finally {
      await partner.close();
    }
  });
});
