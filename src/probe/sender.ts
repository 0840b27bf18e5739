/**
 * The polite edge of the probe: at most `maxRequests`, one every `paceMs`; it stops for good at
 * the first 429, at lockout wording, or at a burst of 5xx, and never sends a money-moving call
 * unless transactions are allowed. Every exchange is kept, for the draft's evidence.
 */
import { classifyAnswer, isLockout } from './classify.ts';
import type { Exchange, ProbeSettings, WireRequest } from './types.ts';

/** Thrown when the probe must not ask again; the reason goes into the partial draft. */
export class ProbeStopped extends Error {}

/** The services that move money: never sent without --allow-transactions. */
const MONEY_MOVING =
  /transfer-(intra|inter)bank$|^transfer-va\/payment$|^debit\/(payment-host-to-host|refund|cancel)$|^emoney\/(topup|transfer-bank)$|^qr\/qr-mpm-(refund|cancel)$/;

/** Consecutive 5xx answers that make a burst. */
const SERVER_BURST = 3;

export interface Sender {
  send(request: WireRequest): Promise<Exchange>;
  readonly count: number;
  /** Requests the budget still allows. */
  readonly remaining: number;
  readonly exchanges: readonly Exchange[];
}

export function createSender(baseUrl: string, settings: ProbeSettings): Sender {
  const exchanges: Exchange[] = [];
  let stopped: string | undefined;
  let serverErrors = 0;
  let last = 0;
  const base = baseUrl.replace(/\/+$/, '');
  return {
    get count() {
      return exchanges.length;
    },
    get remaining() {
      return Math.max(0, settings.maxRequests - exchanges.length);
    },
    exchanges,
    async send(request) {
      if (stopped !== undefined) throw new ProbeStopped(stopped);
      if (MONEY_MOVING.test(request.service) && !settings.allowTransactions)
        throw new ProbeStopped(`${request.service} moves money; it is sent only with --allow-transactions`);
      if (exchanges.length >= settings.maxRequests)
        throw new ProbeStopped((stopped = `the budget of ${settings.maxRequests} requests is spent`));
      const wait = last + settings.paceMs - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      last = Date.now();
      const exchange = await exchangeOnce(base, request);
      exchanges.push(exchange);
      serverErrors = exchange.answerClass === 'server' ? serverErrors + 1 : 0;
      if (exchange.status === 429) stopped = 'the bank answered 429 Too Many Requests';
      else if (isLockout(exchange.status, exchange.responseMessage))
        stopped = `the bank's answer reads as a lockout: "${exchange.responseMessage.slice(0, 120)}"`;
      else if (serverErrors >= SERVER_BURST) stopped = `${SERVER_BURST} server errors (5xx) in a row`;
      if (stopped !== undefined) throw new ProbeStopped(stopped);
      return exchange;
    },
  };
}

/** One request and its answer; a connection failure or a non-JSON answer is a classified answer, not a crash. */
async function exchangeOnce(base: string, request: WireRequest): Promise<Exchange> {
  let status: number;
  let text: string;
  try {
    const response = await fetch(base + request.pathWithQuery, {
      method: request.method,
      headers: request.headers,
      ...(request.method === 'GET' ? {} : { body: request.body }),
      signal: AbortSignal.timeout(30_000),
    });
    status = response.status;
    text = await boundedText(response);
  } catch (error) {
    return {
      request,
      status: 0,
      responseCode: '',
      responseMessage: `no answer: ${(error as Error).message}`,
      answerClass: 'server',
    };
  }
  const json = parseObject(text);
  const responseCode = typeof json?.['responseCode'] === 'string' ? json['responseCode'] : '';
  const responseMessage =
    typeof json?.['responseMessage'] === 'string' ? json['responseMessage'] : text.slice(0, 200);
  return {
    request,
    status,
    responseCode,
    responseMessage,
    answerClass: classifyAnswer(status, responseCode),
    ...(json === undefined ? {} : { json }),
  };
}

/** Most of an answer the probe reads: a bank's answer is small; a hostile one is cut, not buffered. */
const MAX_ANSWER_BYTES = 1 << 20;

async function boundedText(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (reader === undefined) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = (await reader.read()) as { done: boolean; value?: Uint8Array };
    if (done || value === undefined) break;
    chunks.push(value);
    size += value.byteLength;
    if (size >= MAX_ANSWER_BYTES) {
      await reader.cancel();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString('utf8');
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
