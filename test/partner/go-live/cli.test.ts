/** `kontrak go-live`: where it reads the endpoint and the bank, what it prints, how it exits. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Io } from '../../../src/cli/context.ts';
import { main } from '../../../src/cli/main.ts';
import { testCa } from './test-ca.ts';
import { startTlsPartner, type TlsPartner } from './tls-partner.ts';

const dir = mkdtempSync(join(tmpdir(), 'kontrak-go-live-'));
const ca = testCa();
writeFileSync(join(dir, 'ca.pem'), ca.certPem);
const started: TlsPartner[] = [];
afterAll(async () => {
  await Promise.all(started.map((p) => p.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function goLive(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l), cwd: dir, env, isTty: false };
  const code = await main(['go-live', ...args], io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('kontrak go-live', () => {
  it('checks PARTNER_BASE_URL as PARTNER_BANK calls it, with the bank profile’s timeout', async () => {
    const partner = await startTlsPartner({ cert: ca.serverCert(), minVersion: 'TLSv1.3' });
    started.push(partner);
    const run = await goLive(['--ca', 'ca.pem'], { PARTNER_BASE_URL: partner.url, PARTNER_BANK: 'bri' });
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toContain(`go-live check of ${partner.url} as bri calls it`);
    expect(run.out).toMatch(
      /PASS {2}answer-time {2}your endpoint answered in \d+ ms, within bri's timeout of 10000 ms/,
    );
    expect(run.out).toMatch(/source: developers\.bri\.co\.id BRIVA Online SNAP/);
    expect(partner.calls).toEqual(['POST /snap/v1.0/access-token/b2b']);
  });

  it('exits 1 with the findings when a check fails; --url and --bank win over the variables', async () => {
    const partner = await startTlsPartner({
      cert: ca.serverCert({ expired: true }),
      clockOffsetMs: -600_000,
    });
    started.push(partner);
    const run = await goLive(['--url', partner.url, '--bank', 'bca', '--ca', 'ca.pem'], {
      PARTNER_BASE_URL: 'https://elsewhere.invalid',
      PARTNER_BANK: 'bri',
    });
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/FAIL {2}certificate {2}the certificate has expired on/);
    // X-TIMESTAMP has whole seconds and the partner stamps somewhere within the call, so ten minutes
    // behind reads as 599.x to 60x.x seconds.
    expect(run.out).toMatch(/FAIL {2}clock-skew {3}your clock is (599|60\d)\.\d s behind kontrak's/);
    expect(run.out).toMatch(/PASS {2}answer-time {2}.*kontrak knows no documented timeout of bca/);
    expect(partner.calls).toEqual(['POST /openapi/v1.0/access-token/b2b']);
  });

  it('refuses what it cannot check, with a diagnostic', async () => {
    expect((await goLive([])).err).toMatch(/E_MISSING_BASE_URL[\s\S]*PARTNER_BASE_URL/);
    const badBank = await goLive(['--url', 'https://127.0.0.1:1'], { PARTNER_BANK: 'mandiri' });
    expect(badBank.code).toBe(2);
    expect(badBank.err).toMatch(/PARTNER_BANK must be one of bca, bri, dana, nicepay, doku, got "mandiri"/);
    expect((await goLive(['--url', 'ftp://x'])).err).toMatch(/E_BAD_BASE_URL/);
    expect((await goLive(['--url', 'https://127.0.0.1:1', '--ca', 'none.pem'])).err).toMatch(/no such file/);
  });
});
