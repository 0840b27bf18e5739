/** A partner's HTTPS endpoint on 127.0.0.1, as configured as a test needs it: TLS versions, clock, speed. */
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { formatTimestamp } from '../../../scripts/timestamp.ts';
import type { KeyAndCert } from './test-ca.ts';

export interface TlsPartnerOptions {
  cert: KeyAndCert;
  minVersion?: 'TLSv1.2' | 'TLSv1.3';
  maxVersion?: 'TLSv1.2' | 'TLSv1.3';
  /** How far the partner's clock is from the real one, in ms. */
  clockOffsetMs?: number;
  /** How long the partner takes to answer, in ms. */
  delayMs?: number;
}

export interface TlsPartner {
  url: string;
  calls: string[];
  close: () => Promise<void>;
}

/** Answers every call 401 as an unsigned call deserves, with its own X-TIMESTAMP. */
export async function startTlsPartner(options: TlsPartnerOptions): Promise<TlsPartner> {
  const calls: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer(
    {
      key: options.cert.keyPem,
      cert: options.cert.certPem,
      minVersion: options.minVersion ?? 'TLSv1.2',
      maxVersion: options.maxVersion ?? 'TLSv1.3',
    },
    (request, response) => {
      calls.push(`${request.method ?? ''} ${request.url ?? ''}`);
      request.resume();
      const timer = setTimeout(() => {
        timers.delete(timer);
        const body = JSON.stringify({ responseCode: '4017300', responseMessage: 'Unauthorized. Signature' });
        response.writeHead(401, {
          'Content-Type': 'application/json',
          'X-TIMESTAMP': formatTimestamp(Date.now() + (options.clockOffsetMs ?? 0), 'snap'),
        });
        response.end(body);
      }, options.delayMs ?? 0);
      timers.add(timer);
    },
  );
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((closed) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => closed());
      }),
  };
}
