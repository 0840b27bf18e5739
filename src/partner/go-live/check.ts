/**
 * The go-live check of a partner's endpoint: is it ready for the bank's calls? TLS version,
 * certificate chain and expiry, clock skew against the partner's X-TIMESTAMP, answer time against
 * the bank's timeout. Probes first (probe.ts), then verdicts (judge.ts).
 */
import { randomBytes } from 'node:crypto';
import { formatTimestamp } from '../../../scripts/timestamp.ts';
import type { PartnerBank } from '../partner-banks.ts';
import {
  judgeAnswerTime,
  judgeCertificate,
  judgeClock,
  judgeTlsVersion,
  type BankTimeout,
  type Finding,
} from './judge.ts';
import { handshake, timedCall } from './probe.ts';

export interface GoLiveTarget {
  /** The partner's base URL (PARTNER_BASE_URL). */
  baseUrl: URL;
  bank: PartnerBank;
  /** The bank's timeout for the partner's answer, from its profile, if documented. */
  timeout: BankTimeout;
  /** Extra CA certificates (PEM) to trust, for a partner behind a private CA. */
  ca?: string;
  /** Deadline of each probe when the bank documents no timeout; default 30 s. */
  deadlineMs?: number;
  now?: () => number;
}

const DEFAULT_DEADLINE_MS = 30_000;

function defaultPort(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/** Where the bank's first call goes: the base URL's own path, then the bank's route. */
export function firstCallUrl(baseUrl: URL, bank: PartnerBank): URL {
  const url = new URL(baseUrl.href);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${bank.firstCall}`;
  return url;
}

/** Every finding of the check, in the order a reader fixes them. */
export async function goLiveCheck(target: GoLiveTarget): Promise<Finding[]> {
  const now = target.now ?? Date.now;
  const { baseUrl } = target;
  const deadlineMs = target.timeout.ms ?? target.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const findings: Finding[] = [];
  if (baseUrl.protocol === 'https:') {
    const tlsTarget = {
      host: baseUrl.hostname.replace(/^\[|\]$/g, ''),
      port: defaultPort(baseUrl),
      deadlineMs,
      ...(target.ca ? { ca: target.ca } : {}),
    };
    const best = await handshake(tlsTarget);
    const tls12 = await handshake(tlsTarget, { max: 'TLSv1.2' });
    findings.push(judgeTlsVersion({ best, tls12 }, now()), judgeCertificate(best, now()));
  } else {
    const plain = 'your endpoint is plain HTTP: banks call only HTTPS endpoints in production';
    findings.push(
      { check: 'tls-version', verdict: 'fail', finding: plain },
      { check: 'certificate', verdict: 'fail', finding: `${plain}, so there is no certificate` },
    );
  }
  // Unsigned: the partner refuses it, but its answer still carries its clock and its speed.
  const call = await timedCall({
    url: firstCallUrl(baseUrl, target.bank),
    headers: {
      'Content-Type': 'application/json',
      'X-TIMESTAMP': formatTimestamp(now(), 'snap'),
      'X-EXTERNAL-ID': String(BigInt(`0x${randomBytes(6).toString('hex')}`)),
    },
    body: JSON.stringify({ grantType: 'client_credentials' }),
    deadlineMs,
    now,
    ...(target.ca ? { ca: target.ca } : {}),
  });
  findings.push(judgeClock(call), judgeAnswerTime(call, target.timeout));
  return findings;
}
