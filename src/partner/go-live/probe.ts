/**
 * What the go-live check observes of a partner's endpoint, and nothing more: TLS handshakes (the
 * protocol agreed, the certificate and whether it verifies) and one unsigned call timed from the
 * first byte sent to the last byte received, with the partner's X-TIMESTAMP. Every probe ends by
 * its deadline and turns a refusal into data; the verdicts are drawn in judge.ts.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { connect, rootCertificates, type PeerCertificate } from 'node:tls';

export type TlsVersion = 'TLSv1.2' | 'TLSv1.3';

export interface Handshake {
  ok: true;
  /** The protocol agreed, as Node names it (TLSv1.3, TLSv1.2 …). */
  protocol: string;
  /** Undefined when the chain leads to a trusted CA and names the host; else OpenSSL's code. */
  chainProblem?: string;
  validFromMs: number;
  validToMs: number;
  subject: string;
  issuer: string;
}
export interface Refused {
  ok: false;
  /** The error code (ECONNREFUSED, ERR_SSL_…), or 'timeout'. */
  code: string;
  message: string;
}

export interface TlsTarget {
  host: string;
  port: number;
  /** Extra trusted CA certificates (PEM), beside Node's root store. */
  ca?: string;
  deadlineMs: number;
}

const nameOf = (c: PeerCertificate['subject'] | undefined): string =>
  c
    ? Object.entries(c)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(', ')
    : '';

/** One handshake, limited to `versions`; the certificate is read, never trusted blindly. */
export function handshake(
  target: TlsTarget,
  versions: { min?: TlsVersion; max?: TlsVersion } = {},
): Promise<Handshake | Refused> {
  return new Promise((settle) => {
    const socket = connect({
      host: target.host,
      port: target.port,
      ...(isIP(target.host) ? {} : { servername: target.host }),
      ...(target.ca ? { ca: [...rootCertificates, target.ca] } : {}),
      ...(versions.min ? { minVersion: versions.min } : {}),
      ...(versions.max ? { maxVersion: versions.max } : {}),
      // Verified below, so that an untrusted or expired certificate is a finding, not a crash.
      rejectUnauthorized: false,
    });
    const timer = setTimeout(
      () => done({ ok: false, code: 'timeout', message: 'no TLS handshake in time' }),
      target.deadlineMs,
    );
    function done(result: Handshake | Refused): void {
      clearTimeout(timer);
      socket.destroy();
      settle(result);
    }
    socket.once('error', (e: NodeJS.ErrnoException) =>
      done({ ok: false, code: e.code ?? 'error', message: e.message }),
    );
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate();
      // Node sets authorizationError for a broken chain and for a certificate of another host.
      const problem = socket.authorized ? undefined : socket.authorizationError;
      done({
        ok: true,
        protocol: socket.getProtocol() ?? 'unknown',
        ...(problem ? { chainProblem: String(problem) } : {}),
        validFromMs: Date.parse(cert.valid_from),
        validToMs: Date.parse(cert.valid_to),
        subject: nameOf(cert.subject),
        issuer: nameOf(cert.issuer),
      });
    });
  });
}

export interface Answered {
  ok: true;
  status: number;
  /** The partner's X-TIMESTAMP answer header, if it sent one. */
  timestamp?: string;
  /** kontrak's clock when the call was sent and when the answer had fully arrived. */
  sentAtMs: number;
  answeredAtMs: number;
}

export interface CallTarget {
  url: URL;
  /** The headers and body of the call (unsigned: the answer's time and clock are what count). */
  headers: Record<string, string>;
  body: string;
  ca?: string;
  deadlineMs: number;
  now: () => number;
}

/** Largest answer read; the rest is not needed to time the call. */
const MAX_ANSWER_BYTES = 64 * 1024;

/** One POST to the partner, timed to the last byte of its answer. */
export function timedCall(target: CallTarget): Promise<Answered | Refused> {
  return new Promise((settle) => {
    const { url } = target;
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const sentAtMs = target.now();
    const req = send(url, {
      method: 'POST',
      headers: { ...target.headers, 'Content-Length': String(Buffer.byteLength(target.body)) },
      ...(url.protocol === 'https:'
        ? { rejectUnauthorized: false, ...(target.ca ? { ca: [...rootCertificates, target.ca] } : {}) }
        : {}),
      agent: false,
    });
    const timer = setTimeout(
      () => done({ ok: false, code: 'timeout', message: `no full answer within ${target.deadlineMs} ms` }),
      target.deadlineMs,
    );
    function done(result: Answered | Refused): void {
      clearTimeout(timer);
      req.destroy();
      settle(result);
    }
    req.once('error', (e: NodeJS.ErrnoException) =>
      done({ ok: false, code: e.code ?? 'error', message: e.message }),
    );
    req.once('response', (res: IncomingMessage) => {
      let bytes = 0;
      const finish = (): void => {
        const stamp = res.headers['x-timestamp'];
        done({
          ok: true,
          status: res.statusCode ?? 0,
          ...(typeof stamp === 'string' ? { timestamp: stamp } : {}),
          sentAtMs,
          answeredAtMs: target.now(),
        });
      };
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > MAX_ANSWER_BYTES) finish();
      });
      res.once('end', finish);
      res.once('error', (e: NodeJS.ErrnoException) =>
        done({ ok: false, code: e.code ?? 'error', message: e.message }),
      );
    });
    req.end(target.body);
  });
}
