/**
 * A hostile bank on 127.0.0.1, for tests of what kontrak does when the server misbehaves. Every
 * answer is bounded in time and bytes: a drip stops after `dripMaxMs`, a bomb inflates to at most
 * `bombBytes`. A second server, the "other host", records everything sent to it (a redirect's
 * target: it must receive nothing).
 *
 *   /redirect-cross      307 to the other host
 *   /redirect-same       302 to /ok on this host
 *   /ok                  200 {"responseCode":"2000000"}
 *   /gzip-bomb           200, Content-Encoding: gzip, inflating to `bombBytes` zeros
 *   /deflate-bomb        the same with Content-Encoding: deflate
 *   /gzip-gigabyte       200, Content-Encoding: gzip, about 1 MB on the wire inflating to 1 GiB
 *                        (1,024 gzip members of 1 MiB each: built in milliseconds, never held whole)
 *   /drip                200, headers at once, then one byte every `dripEveryMs`
 *   /big                 200, `bigBytes` of plain JSON
 *   /escape              200, JSON whose text carries terminal escape codes and a fake PASS line
 *   /echo                200, the request body echoed, padded so that it straddles `cutAt`
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateSync, gzipSync } from 'node:zlib';

export interface HostileOptions {
  bombBytes?: number;
  dripEveryMs?: number;
  dripMaxMs?: number;
  bigBytes?: number;
  /** /echo puts the request body's first byte at this offset of the response body. */
  cutAt?: number;
}

export interface Recorded {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface HostileServer {
  url: string;
  otherUrl: string;
  /** Every request the other host received. */
  stolen: Recorded[];
  /** TCP connections the other host accepted (a refused redirect opens none). */
  otherConnections(): number;
  /** Drips being sent now. */
  dripping(): number;
  close(): Promise<void>;
}

/** What /gzip-gigabyte inflates to. */
export const GIGABYTE_BOMB_BYTES = 1024 * 1024 * 1024;

/** 1,024 gzip members of 1 MiB of spaces each: a valid gzip stream that inflates to 1 GiB. */
function gigabyteGzip(): Buffer {
  const member = gzipSync(Buffer.alloc(1024 * 1024, 0x20), { level: 9 });
  return Buffer.concat(Array.from({ length: GIGABYTE_BOMB_BYTES / (1024 * 1024) }, () => member));
}

export const ESCAPE_TEXT = '\u001b[2K\r\u001b[32mPASS\u001b[0m everything  \u0007\u0000';

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    });
  });
}

function readBody(req: http.IncomingMessage, limit = 1 << 20): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= limit) chunks.push(c);
    });
    req.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
  });
}

export async function startHostileServer(options: HostileOptions = {}): Promise<HostileServer> {
  const bombBytes = options.bombBytes ?? 64 * 1024 * 1024;
  const zeros = Buffer.alloc(bombBytes, 0x20);
  const gzipBomb = gzipSync(zeros, { level: 9 });
  const deflateBomb = deflateSync(zeros, { level: 9 });
  const dripEveryMs = options.dripEveryMs ?? 1000;
  const dripMaxMs = options.dripMaxMs ?? 30_000;
  const bigBytes = options.bigBytes ?? 2 * 1024 * 1024;
  const cutAt = options.cutAt ?? 16 * 1024 - 3;

  const stolen: Recorded[] = [];
  const other = http.createServer((req, res) => {
    void readBody(req).then((body) => {
      stolen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"responseCode":"2000000","responseMessage":"Successful"}');
    });
  });
  let otherConnections = 0;
  other.on('connection', () => otherConnections++);
  const otherUrl = await listen(other);
  let gigabyte: Buffer | undefined;
  const drips = new Set<NodeJS.Timeout>();

  const server = http.createServer((req, res) => {
    void readBody(req).then((body) => {
      const path = (req.url ?? '/').split('?')[0];
      switch (path) {
        case '/redirect-cross':
          res.writeHead(307, { location: `${otherUrl}/steal` });
          res.end();
          return;
        case '/redirect-same':
          res.writeHead(302, { location: '/ok' });
          res.end();
          return;
        case '/ok':
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"responseCode":"2000000","responseMessage":"Successful"}');
          return;
        case '/gzip-bomb':
          res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
          res.end(gzipBomb);
          return;
        case '/gzip-gigabyte':
          gigabyte ??= gigabyteGzip();
          res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
          res.end(gigabyte);
          return;
        case '/deflate-bomb':
          res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'deflate' });
          res.end(deflateBomb);
          return;
        case '/drip': {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{');
          const started = Date.now();
          const timer = setInterval(() => {
            if (res.destroyed || Date.now() - started > dripMaxMs) {
              clearInterval(timer);
              drips.delete(timer);
              res.end('}');
              return;
            }
            res.write(' ');
          }, dripEveryMs);
          drips.add(timer);
          return;
        }
        case '/big':
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(`{"pad":"${'x'.repeat(bigBytes)}"}`);
          return;
        case '/escape':
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ responseCode: ESCAPE_TEXT, responseMessage: ESCAPE_TEXT }));
          return;
        case '/echo': {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end(`${'.'.repeat(cutAt)}${body}`);
          return;
        }
        default:
          res.writeHead(404);
          res.end();
      }
    });
  });
  const url = await listen(server);
  const closeServer = (s: http.Server): Promise<void> =>
    new Promise((resolve) => {
      s.closeAllConnections();
      s.close(() => {
        resolve();
      });
    });
  return {
    url,
    otherUrl,
    stolen,
    otherConnections: () => otherConnections,
    dripping: () => drips.size,
    async close() {
      for (const timer of drips) clearInterval(timer);
      await Promise.all([closeServer(server), closeServer(other)]);
    },
  };
}
