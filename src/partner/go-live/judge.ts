/**
 * The go-live check's verdicts: what the probes saw, judged against ASPI's TLS rule and the
 * bank's own facts, each as a finding in plain words. Pure: the probes are in probe.ts.
 */
import type { Answered, Handshake, Refused } from './probe.ts';

export type GoLiveCheck = 'tls-version' | 'certificate' | 'clock-skew' | 'answer-time';
export type Verdict = 'pass' | 'warn' | 'fail';

export interface Finding {
  check: GoLiveCheck;
  verdict: Verdict;
  /** What was seen and what it means for the bank's calls, in plain words. */
  finding: string;
  /** Where the rule judged by comes from. */
  source?: string;
}

/**
 * ASPI's secured channel: TLS 1.3, with TLS 1.2 (and a minimum cipher list) allowed only until
 * 30 June 2026 (end of that day, Jakarta time).
 */
export const ASPI_TLS = {
  tls12AllowedUntilMs: Date.parse('2026-07-01T00:00:00+07:00'),
  source:
    'ASPI SNAP Developer Site, Keamanan, "Komponen Secured Channel Communication": TLS 1.3; TLS 1.2 only until 30 June 2026 (https://apidevportal.aspi-indonesia.or.id/api-services/keamanan, as scraped in https://github.com/mseptiaan/snap-aspi-go/blob/b7e2c8111f58/aspi/keamanan.md)',
} as const;

/** A certificate that expires within this many days is a warning. */
export const EXPIRY_WARNING_DAYS = 30;
/** The window most partners (and the reference partner) accept a timestamp in: ±5 minutes. */
export const SKEW_FAIL_MS = 5 * 60 * 1000;
/** A skew this large is no refusal yet, but a clock that drifts. */
export const SKEW_WARN_MS = 30 * 1000;

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

export interface TlsSeen {
  /** The handshake with every version kontrak speaks offered (the one a bank would agree). */
  best: Handshake | Refused;
  /** The handshake with TLS 1.2 alone offered. */
  tls12: Handshake | Refused;
}

export function judgeTlsVersion(seen: TlsSeen, nowMs: number): Finding {
  const { best, tls12 } = seen;
  const source = ASPI_TLS.source;
  const allowanceOver = nowMs >= ASPI_TLS.tls12AllowedUntilMs;
  if (!best.ok)
    return {
      check: 'tls-version',
      verdict: 'fail',
      finding: `no TLS handshake with your endpoint: ${best.message}`,
      source,
    };
  if (best.protocol !== 'TLSv1.3')
    return {
      check: 'tls-version',
      verdict: allowanceOver ? 'fail' : 'warn',
      finding: allowanceOver
        ? `your endpoint speaks ${best.protocol} at most: SNAP asks for TLS 1.3, and the allowance for TLS 1.2 ended on 30 June 2026, so a bank may refuse to connect`
        : `your endpoint speaks ${best.protocol} at most: SNAP allows TLS 1.2 only until 30 June 2026; enable TLS 1.3 before then`,
      source,
    };
  if (tls12.ok && allowanceOver)
    return {
      check: 'tls-version',
      verdict: 'warn',
      finding: `your endpoint speaks TLS 1.3 but still accepts ${tls12.protocol}, which SNAP allowed only until 30 June 2026: switch TLS 1.2 off`,
      source,
    };
  return { check: 'tls-version', verdict: 'pass', finding: 'your endpoint speaks TLS 1.3', source };
}

/** OpenSSL's verification codes, said as what they mean for the bank. */
const CHAIN_PROBLEMS: Record<string, string> = {
  CERT_HAS_EXPIRED: 'the certificate has expired',
  CERT_NOT_YET_VALID: 'the certificate is not valid yet',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'the chain ends in a self-signed CA nobody trusts',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    'the chain does not lead to a trusted CA: serve the intermediate certificates with your own',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    'the chain does not lead to a trusted CA: serve the intermediate certificates with your own',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the certificate is for another host name',
};

export function judgeCertificate(best: Handshake | Refused, nowMs: number): Finding {
  if (!best.ok)
    return { check: 'certificate', verdict: 'fail', finding: `no certificate to check: ${best.message}` };
  const ends = `valid until ${day(best.validToMs)}`;
  if (best.chainProblem) {
    const words =
      CHAIN_PROBLEMS[best.chainProblem] ?? `the certificate does not verify (${best.chainProblem})`;
    const when = best.chainProblem === 'CERT_HAS_EXPIRED' ? ` on ${day(best.validToMs)}` : '';
    return {
      check: 'certificate',
      verdict: 'fail',
      finding: `${words}${when}: the bank's TLS client refuses the connection, so none of its calls reach you (subject ${best.subject}, issuer ${best.issuer})`,
    };
  }
  const daysLeft = Math.floor((best.validToMs - nowMs) / 86_400_000);
  if (daysLeft < EXPIRY_WARNING_DAYS)
    return {
      check: 'certificate',
      verdict: 'warn',
      finding: `the certificate expires in ${daysLeft} days (${day(best.validToMs)}): renew it before the bank's calls start failing`,
    };
  return { check: 'certificate', verdict: 'pass', finding: `the chain verifies, ${ends}` };
}

export function judgeClock(call: Answered | Refused): Finding {
  if (!call.ok)
    return {
      check: 'clock-skew',
      verdict: 'fail',
      finding: `no answer to read a clock from: ${call.message}`,
    };
  const source = 'SNAP answer headers: X-TIMESTAMP is mandatory (ASPI Keamanan, access token response)';
  if (!call.timestamp)
    return {
      check: 'clock-skew',
      verdict: 'fail',
      finding: 'your endpoint answers without an X-TIMESTAMP header, which SNAP asks of every answer',
      source,
    };
  const theirs = Date.parse(call.timestamp);
  if (Number.isNaN(theirs))
    return {
      check: 'clock-skew',
      verdict: 'fail',
      finding: `your X-TIMESTAMP "${call.timestamp}" is not a time`,
      source,
    };
  // kontrak's clock halfway through the call: the partner stamped its answer in between.
  const ours = (call.sentAtMs + call.answeredAtMs) / 2;
  const skew = theirs - ours;
  const said = `your clock is ${seconds(Math.abs(skew))} ${skew > 0 ? 'ahead of' : 'behind'} kontrak's`;
  if (Math.abs(skew) > SKEW_FAIL_MS)
    return {
      check: 'clock-skew',
      verdict: 'fail',
      finding: `${said}: you will refuse the bank's fresh X-TIMESTAMP as stale (or it yours); set the clock by NTP`,
      source,
    };
  if (Math.abs(skew) > SKEW_WARN_MS)
    return {
      check: 'clock-skew',
      verdict: 'warn',
      finding: `${said}: check that the server keeps its clock by NTP`,
      source,
    };
  return { check: 'clock-skew', verdict: 'pass', finding: said, source };
}

export interface BankTimeout {
  bank: string;
  ms?: number;
  source?: string;
}

export function judgeAnswerTime(call: Answered | Refused, timeout: BankTimeout): Finding {
  const limit = timeout.ms;
  const source = timeout.source;
  const withSource = source ? { source } : {};
  if (!call.ok)
    return {
      check: 'answer-time',
      verdict: 'fail',
      finding:
        call.code === 'timeout' && limit !== undefined
          ? `your endpoint did not answer within ${seconds(limit)}, ${timeout.bank}'s timeout: the bank books the call as timed out`
          : `your endpoint did not answer: ${call.message}`,
      ...withSource,
    };
  const took = call.answeredAtMs - call.sentAtMs;
  if (limit === undefined)
    return {
      check: 'answer-time',
      verdict: 'pass',
      finding: `your endpoint answered in ${took} ms (kontrak knows no documented timeout of ${timeout.bank})`,
    };
  if (took >= limit)
    return {
      check: 'answer-time',
      verdict: 'fail',
      finding: `your endpoint answered in ${took} ms, beyond ${timeout.bank}'s timeout of ${limit} ms: the bank books the call as timed out`,
      ...withSource,
    };
  if (took >= limit / 2)
    return {
      check: 'answer-time',
      verdict: 'warn',
      finding: `your endpoint answered in ${took} ms, more than half of ${timeout.bank}'s timeout of ${limit} ms, to a call that did no business yet`,
      ...withSource,
    };
  return {
    check: 'answer-time',
    verdict: 'pass',
    finding: `your endpoint answered in ${took} ms, within ${timeout.bank}'s timeout of ${limit} ms`,
    ...withSource,
  };
}
