/**
 * Reading a request body at the mock's HTTP edge, kept raw (signatures are over the bytes sent):
 * which methods carry one, which Content-Types are media types at all, the size limit, the
 * whole-body deadline, and the bounded drain that lets a client still writing an oversized body
 * hear its 413.
 */
import type { IncomingMessage } from 'node:http';
import { decodeBody, jsonDepth, MAX_JSON_DEPTH } from './body-limits.ts';

/** Largest request body accepted (bytes); larger bodies get a 413. */
export const BODY_LIMIT = 1024 * 1024;

/** Of a body over the limit, this much more is read and thrown away so the client hears the 413. */
export const DISCARD_LIMIT = 8 * 1024 * 1024;

/**
 * How long a body may take to arrive once its request's headers are in (ms): a client sending a
 * byte every few seconds would otherwise hold its connection, and a handler, open for as long as
 * it likes. Past it the body is refused with 408 and the connection closed. A megabyte at the
 * size limit arrives in well under a second on any link a bank API is called over.
 */
export const BODY_DEADLINE_MS = 30_000;

/** Methods whose body is never read (GET, HEAD, TRACE, and those no route serves). */
const METHODS_WITH_BODY = new Set(['DELETE', 'OPTIONS', 'PATCH', 'PUT', 'POST', 'QUERY']);

/** Why a body was refused. `closeConnection`: the client may still be sending it. */
export interface BodyRefusal {
  status: number;
  reason: string;
  closeConnection: boolean;
}

export type BodyOutcome = { ok: true; text: string } | { ok: false; refusal: BodyRefusal };

const refuse = (status: number, reason: string, closeConnection: boolean): BodyOutcome => ({
  ok: false,
  refusal: { status, reason, closeConnection },
});

/** token chars of RFC 9110 (type and subtype of a media type). */
const TOKEN = /^[\w!#$%&'*+.^`|~-]+$/;

/** The media type (`type/subtype`, lower-case) of a Content-Type, or undefined when it is none. */
export function mediaTypeOf(contentType: string): string | undefined {
  const semicolon = contentType.indexOf(';');
  const media = (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).toLowerCase();
  const slash = media.indexOf('/');
  if (slash === -1) return undefined;
  const type = media.slice(0, slash).trimStart();
  const subtype = media.slice(slash + 1).trimEnd();
  return TOKEN.test(type) && TOKEN.test(subtype) ? `${type}/${subtype}` : undefined;
}

/**
 * The body as text, or why it is refused: a Content-Type that is no media type (415), a body over
 * BODY_LIMIT (413), a body not in by `deadlineMs` (408), bytes that are not UTF-8 or a charset
 * other than UTF-8, JSON nested too deep.
 */
export async function readRequestBody(
  request: IncomingMessage,
  deadlineMs = BODY_DEADLINE_MS,
): Promise<BodyOutcome> {
  const method = request.method ?? '';
  if (!METHODS_WITH_BODY.has(method)) return { ok: true, text: '' };
  const contentType = request.headers['content-type'];
  const length = request.headers['content-length'];
  const chunked = request.headers['transfer-encoding'] !== undefined;
  if (method === 'QUERY' && contentType === undefined)
    return refuse(400, "Method 'QUERY' must provide a 'Content-Type' header.", false);
  if (contentType === undefined) {
    if (!chunked && (length === undefined || length === '0')) return { ok: true, text: '' };
    return readAndDecode(request, contentType, false, deadlineMs);
  }
  const media = mediaTypeOf(contentType);
  if (media === undefined) return refuse(415, 'Unsupported Media Type', false);
  // A preflight may name a Content-Type without sending a body.
  if (method === 'OPTIONS' && length === undefined && !chunked) return { ok: true, text: '' };
  return readAndDecode(request, contentType, media === 'application/json', deadlineMs);
}

async function readAndDecode(
  request: IncomingMessage,
  contentType: string | undefined,
  isJson: boolean,
  deadlineMs: number,
): Promise<BodyOutcome> {
  const read = await readBytes(request, deadlineMs);
  if (!read.ok) return read;
  const decoded = decodeBody(read.bytes, contentType);
  if (!decoded.ok) return refuse(400, decoded.reason, true);
  if (isJson && jsonDepth(decoded.text) > MAX_JSON_DEPTH)
    return refuse(400, `JSON nested deeper than ${MAX_JSON_DEPTH} levels`, true);
  return { ok: true, text: decoded.text };
}

function readBytes(
  request: IncomingMessage,
  deadlineMs: number,
): Promise<{ ok: true; bytes: Buffer } | { ok: false; refusal: BodyRefusal }> {
  const declared = Number(request.headers['content-length']);
  const tooLarge = {
    ok: false as const,
    refusal: { status: 413, reason: 'Request body is too large', closeConnection: true },
  };
  if (declared > BODY_LIMIT) return Promise.resolve(tooLarge);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const stop = (): void => {
      clearTimeout(timer);
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
    };
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > BODY_LIMIT) {
        stop();
        resolve(tooLarge);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      stop();
      if (!Number.isNaN(declared) && received !== declared)
        resolve({
          ok: false,
          refusal: {
            status: 400,
            reason: 'Request body size did not match Content-Length',
            closeConnection: true,
          },
        });
      else resolve({ ok: true, bytes: Buffer.concat(chunks, received) });
    };
    const onError = (error: Error): void => {
      stop();
      resolve({ ok: false, refusal: { status: 400, reason: error.message, closeConnection: true } });
    };
    // Answered and closed once over: the rest of the body is not waited for.
    const timer = setTimeout(() => {
      stop();
      resolve({
        ok: false,
        refusal: { status: 408, reason: 'The request body did not arrive in time', closeConnection: true },
      });
    }, deadlineMs);
    timer.unref();
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
    request.resume();
  });
}

/**
 * Read and discard what is left of an oversized request (at most DISCARD_LIMIT bytes), then
 * call `answer`: a client still writing would otherwise get a reset instead of the 413.
 */
export function drainThen(request: IncomingMessage, answer: () => void): void {
  let answered = false;
  let discarded = 0;
  const once = (): void => {
    if (answered) return;
    answered = true;
    request.off('data', onData);
    answer();
  };
  const onData = (chunk: Buffer): void => {
    discarded += chunk.length;
    if (discarded > DISCARD_LIMIT) once();
  };
  if (request.readableEnded || request.destroyed) {
    once();
    return;
  }
  request.on('data', onData);
  request.once('end', once);
  request.once('error', once);
  request.resume();
}
