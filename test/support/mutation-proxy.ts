/**
 * A proxy in front of the mock bank that can alter each JSON response (status, headers, body)
 * before the client sees it: a bank that breaks its contract, on purpose.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Mutable {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** Alters the response to `path` in place; returns true when it changed something. */
export type Mutator = (path: string, response: Mutable) => boolean;

export interface MutationProxy {
  url: string;
  /** The mutator for the requests that follow, and how many responses it changed so far. */
  use(mutator: Mutator): void;
  applied(): number;
  close(): Promise<void>;
}

export async function startMutationProxy(targetUrl: string): Promise<MutationProxy> {
  const target = new URL(targetUrl);
  let mutate: Mutator = () => false;
  let applied = 0;
  const server: Server = createServer((req, res) => {
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(answer.headers))
            if (typeof v === 'string' && k !== 'content-length' && k !== 'connection') headers[k] = v;
          const text = Buffer.concat(chunks).toString('utf8');
          let body: Record<string, unknown> | undefined;
          try {
            body = JSON.parse(text) as Record<string, unknown>;
          } catch {
            body = undefined;
          }
          if (!body) {
            res.writeHead(answer.statusCode ?? 502, headers).end(text);
            return;
          }
          const m: Mutable = { status: answer.statusCode ?? 502, headers, body };
          if (mutate(req.url ?? '', m)) applied++;
          res.writeHead(m.status, m.headers).end(JSON.stringify(m.body));
        });
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    use: (mutator) => {
      mutate = mutator;
      applied = 0;
    },
    applied: () => applied,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
