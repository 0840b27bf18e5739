/**
 * The go-live check against partners' HTTPS endpoints on 127.0.0.1, each with a certificate from
 * a CA made for the run: TLS 1.3, TLS 1.2 only, both, an expired certificate, a certificate of an
 * unknown CA, a clock 10 minutes ahead, an answer slower than the bank's timeout.
 */
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { goLiveCheck } from '../../../src/partner/go-live/check.ts';
import { judgeTlsVersion, type Finding } from '../../../src/partner/go-live/judge.ts';
import { partnerBank } from '../../../src/partner/partner-banks.ts';
import { testCa } from './test-ca.ts';
import { startTlsPartner, type TlsPartner, type TlsPartnerOptions } from './tls-partner.ts';

const ca = testCa();
const good = ca.serverCert();
const BRI_TIMEOUT = { bank: 'bri', ms: 10_000, source: 'BRI' };
const started: TlsPartner[] = [];
afterAll(async () => {
  await Promise.all(started.map((p) => p.close()));
});

async function checked(
  options: Omit<TlsPartnerOptions, 'cert'> & { cert?: TlsPartnerOptions['cert'] },
  trustCa = true,
  timeout = BRI_TIMEOUT,
): Promise<{ partner: TlsPartner; byCheck: Record<string, Finding> }> {
  const partner = await startTlsPartner({ cert: good, ...options });
  started.push(partner);
  const findings = await goLiveCheck({
    baseUrl: new URL(partner.url),
    bank: partnerBank('bri'),
    timeout,
    ...(trustCa ? { ca: ca.certPem } : {}),
  });
  expect(findings.map((f) => f.check)).toEqual(['tls-version', 'certificate', 'clock-skew', 'answer-time']);
  return { partner, byCheck: Object.fromEntries(findings.map((f) => [f.check, f])) };
}

const verdicts = (byCheck: Record<string, Finding>): Record<string, string> =>
  Object.fromEntries(Object.entries(byCheck).map(([check, f]) => [check, f.verdict]));

describe('the go-live check of a partner endpoint', () => {
  it('passes a TLS 1.3-only endpoint with a trusted certificate, a true clock and a quick answer', async () => {
    const { partner, byCheck } = await checked({ minVersion: 'TLSv1.3' });
    expect(verdicts(byCheck)).toEqual({
      'tls-version': 'pass',
      certificate: 'pass',
      'clock-skew': 'pass',
      'answer-time': 'pass',
    });
    expect(byCheck['answer-time']?.finding).toMatch(/within bri's timeout of 10000 ms/);
    // The probe went where BRI calls first: its token request on the partner.
    expect(partner.calls).toEqual(['POST /snap/v1.0/access-token/b2b']);
  });

  it('fails an endpoint that speaks TLS 1.2 at most, since the allowance ended on 30 June 2026', async () => {
    const { byCheck } = await checked({ maxVersion: 'TLSv1.2' });
    expect(byCheck['tls-version']).toMatchObject({ verdict: 'fail' });
    expect(byCheck['tls-version']?.finding).toMatch(/speaks TLSv1\.2 at most.*ended on 30 June 2026/);
    expect(byCheck['tls-version']?.source).toMatch(/^ASPI SNAP Developer Site, Keamanan.*https:\/\//);
    expect(byCheck.certificate?.verdict).toBe('pass');
  });

  it('before the allowance ended, TLS 1.2 at most was a warning', () => {
    const tls12 = {
      ok: true as const,
      protocol: 'TLSv1.2',
      validFromMs: 0,
      validToMs: 0,
      subject: '',
      issuer: '',
    };
    const finding = judgeTlsVersion({ best: tls12, tls12 }, Date.parse('2026-06-30T12:00:00+07:00'));
    expect(finding.verdict).toBe('warn');
    expect(finding.finding).toMatch(/enable TLS 1\.3 before then/);
  });

  it('warns when TLS 1.3 is spoken but TLS 1.2 is still accepted', async () => {
    const { byCheck } = await checked({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3' });
    expect(byCheck['tls-version']?.verdict).toBe('warn');
    expect(byCheck['tls-version']?.finding).toMatch(/still accepts TLSv1\.2/);
  });

  it('fails an expired certificate, saying when it expired', async () => {
    const expired = ca.serverCert({ expired: true });
    const { byCheck } = await checked({ cert: expired, minVersion: 'TLSv1.3' });
    expect(byCheck.certificate?.verdict).toBe('fail');
    expect(byCheck.certificate?.finding).toMatch(
      /^the certificate has expired on \d{4}-\d{2}-\d{2}: the bank's TLS client refuses the connection/,
    );
    expect(byCheck['tls-version']?.verdict).toBe('pass');
  });

  it('fails a certificate whose chain leads to no trusted CA', async () => {
    const { byCheck } = await checked({ minVersion: 'TLSv1.3' }, false);
    expect(byCheck.certificate?.verdict).toBe('fail');
    expect(byCheck.certificate?.finding).toMatch(/trusted CA|self-signed/);
  });

  it('fails a partner clock 10 minutes ahead', async () => {
    const { byCheck } = await checked({ minVersion: 'TLSv1.3', clockOffsetMs: 10 * 60_000 });
    expect(byCheck['clock-skew']?.verdict).toBe('fail');
    // The call itself takes some ms: the skew is read as 600 s, give or take a second.
    expect(byCheck['clock-skew']?.finding).toMatch(/^your clock is (599|600|601)\.\d s ahead of kontrak's: /);
  });

  it('fails an answer slower than the bank waits', async () => {
    const { byCheck } = await checked({ minVersion: 'TLSv1.3', delayMs: 800 }, true, {
      bank: 'bri',
      ms: 300,
      source: 'test',
    });
    expect(byCheck['answer-time']?.verdict).toBe('fail');
    expect(byCheck['answer-time']?.finding).toBe(
      "your endpoint did not answer within 0.3 s, bri's timeout: the bank books the call as timed out",
    );
    // Without an answer there is no clock to read either, and that is said, not crashed on.
    expect(byCheck['clock-skew']?.verdict).toBe('fail');
  });

  it('fails a plain-HTTP endpoint and one where nothing listens, without crashing', async () => {
    const closedPort = await new Promise<number>((found) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as { port: number };
        s.close(() => found(port));
      });
    });
    for (const url of [`http://127.0.0.1:${closedPort}`, `https://127.0.0.1:${closedPort}`]) {
      const findings = await goLiveCheck({
        baseUrl: new URL(url),
        bank: partnerBank('bca'),
        timeout: { bank: 'bca' },
      });
      expect(findings.map((f) => f.verdict)).toEqual(['fail', 'fail', 'fail', 'fail']);
      expect(findings[3]?.finding).toMatch(/did not answer: .*ECONNREFUSED/);
    }
  });
});
