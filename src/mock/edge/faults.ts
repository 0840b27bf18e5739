/**
 * Fault injection, per request: header `X-Kontrak-Fault` and/or `MockOptions.faults` (keyed by
 * path) carry a list such as `latency=250, status=503`. Items:
 *
 * - `latency=<ms>` (0–60000): wait before handling the request.
 * - `status=429|500|502|503|504`: answer that status with a protocol-shaped body before any
 *   check (nothing is processed); `retry-after=<s>` adds a Retry-After header to it.
 * - `malformed-json`: the request is processed normally, then its answer is cut in half
 *   (status and Content-Type kept, body no longer JSON).
 * - `truncated`: the request is processed, then the answer declares a Content-Length larger
 *   than what is sent and the connection is closed.
 * - `reset`: the socket is destroyed without an answer (nothing is processed).
 * - `clock=<±seconds>`: the mock handles this request as if its clock ran that far ahead (or
 *   behind), e.g. `clock=+180000` makes a fresh BRI token look expired.
 * - `times=<n>`: the other items hit only the first n requests with the same method, path, fault
 *   list and external id (X-EXTERNAL-ID / BRI-External-Id); later ones are served normally, so a
 *   retry that keeps its external id gets through (e.g. `status=503; times=1`).
 *
 * Item names match in any case. A header item overrides the configured item of the same kind. An
 * unknown item is a 400.
 */
import { STATUS_CODES } from 'node:http';

export const FAULT_HEADER = 'x-kontrak-fault';

/** Statuses `status=` accepts. */
export const FAULT_STATUSES = [429, 500, 502, 503, 504] as const;

const MAX_LATENCY_MS = 60_000;

/** What to do to one request. */
export interface FaultPlan {
  latencyMs: number;
  status?: number;
  malformedJson?: boolean;
  truncated?: boolean;
  reset?: boolean;
  /** Shift of the mock's clock for this request, ms. */
  clockOffsetMs?: number;
  /** Fault only the first `times` matching requests. */
  times?: number;
  /** Retry-After (seconds) sent with a `status` fault. */
  retryAfterSeconds?: number;
}

/** Outcome of {@link parseFaultSpec}. */
export type ParsedFaults = { ok: true; plan: FaultPlan } | { ok: false; reason: string };

/** Parses a fault list (`latency=100;status=503`, items separated by `,` or `;`). */
export function parseFaultSpec(spec: string): ParsedFaults {
  const plan: FaultPlan = { latencyMs: 0 };
  for (const item of spec
    .split(/[,;]/)
    .map((s) => s.trim())
    .filter((s) => s !== '')) {
    const problem = applyItem(plan, item);
    if (problem !== undefined) return { ok: false, reason: `X-Kontrak-Fault ${problem}` };
  }
  return { ok: true, plan };
}

function applyItem(plan: FaultPlan, item: string): string | undefined {
  const [given = '', value] = item.split('=', 2).map((s) => s.trim());
  // Names match in any case (`Malformed-JSON`), like the header that carries them.
  const name = given.toLowerCase();
  const shown = item.slice(0, 40);
  switch (name) {
    case 'latency': {
      const ms = value !== undefined && /^\d{1,6}$/.test(value) ? Number(value) : NaN;
      if (!(ms <= MAX_LATENCY_MS))
        return `"${shown}": latency must be a number of ms from 0 to ${MAX_LATENCY_MS}`;
      plan.latencyMs = ms;
      return undefined;
    }
    case 'status': {
      const status = Number(value);
      if (!(FAULT_STATUSES as readonly number[]).includes(status))
        return `"${shown}": status must be one of ${FAULT_STATUSES.join(', ')}`;
      plan.status = status;
      return undefined;
    }
    case 'clock': {
      if (value === undefined || !/^[+-]?\d{1,8}$/.test(value))
        return `"${shown}": clock takes a number of seconds, e.g. clock=+180000`;
      plan.clockOffsetMs = Number(value) * 1000;
      return undefined;
    }
    case 'retry-after': {
      if (value === undefined || !/^\d{1,3}$/.test(value))
        return `"${shown}": retry-after takes a number of seconds from 0 to 999`;
      plan.retryAfterSeconds = Number(value);
      return undefined;
    }
    case 'times': {
      if (value === undefined || !/^[1-9]\d{0,3}$/.test(value))
        return `"${shown}": times takes a count from 1 to 9999`;
      plan.times = Number(value);
      return undefined;
    }
    case 'malformed-json':
    case 'truncated':
    case 'reset':
      return applyFlag(plan, name, value, shown);
    default:
      return `"${shown}" is not a fault (use latency=<ms>, status=<429|5xx>, retry-after=<s>, malformed-json, truncated, reset, clock=<±s>, times=<n>)`;
  }
}

/** A fault without a value: malformed-json, truncated or reset. */
function applyFlag(
  plan: FaultPlan,
  name: string,
  value: string | undefined,
  shown: string,
): string | undefined {
  if (value !== undefined) return `"${shown}": ${name} takes no value`;
  if (name === 'malformed-json') plan.malformedJson = true;
  else if (name === 'truncated') plan.truncated = true;
  else plan.reset = true;
  return undefined;
}

/** The plan of a request: configured faults of its path, then the header's; plus the global latency. */
export function faultPlanFor(options: {
  header: string | undefined;
  configured: string | undefined;
  baseLatencyMs: number;
}): ParsedFaults {
  const configured = parseFaultSpec(options.configured ?? '');
  if (!configured.ok) return configured;
  const requested = parseFaultSpec(options.header ?? '');
  if (!requested.ok) return requested;
  const { latencyMs: headerLatency, ...headerFaults } = requested.plan;
  const latencyMs = (headerLatency || configured.plan.latencyMs) + options.baseLatencyMs;
  return { ok: true, plan: { ...configured.plan, ...headerFaults, latencyMs } };
}

/** Checks the `faults` option at start-up; throws on a bad spec (a programmer error). */
export function validateConfiguredFaults(faults: Readonly<Record<string, string>>): void {
  for (const [path, spec] of Object.entries(faults)) {
    const parsed = parseFaultSpec(spec);
    if (!parsed.ok) throw new Error(`mock bank: faults["${path}"]: ${parsed.reason}`);
  }
}

/** A JSON text made invalid: its first half (a prefix of an object is never valid JSON). */
export function malformJson(json: string): string {
  return json.slice(0, Math.max(1, Math.floor(json.length / 2)));
}

/** Raw HTTP bytes of a response whose declared Content-Length exceeds the bytes that follow. */
export function truncatedResponse(options: {
  status: number;
  headers: Record<string, string>;
  body: string;
}): string {
  const full = Buffer.byteLength(options.body);
  const sent = options.body.slice(0, Math.floor(options.body.length / 2));
  const lines = [`HTTP/1.1 ${options.status} ${STATUS_CODES[options.status] ?? 'Unknown'}`];
  for (const [name, value] of Object.entries(options.headers)) lines.push(`${name}: ${value}`);
  lines.push(`Content-Length: ${full + 64}`, 'Connection: close');
  return `${lines.join('\r\n')}\r\n\r\n${sent}`;
}

/**
 * Counts requests per fault key and says whether this one is past its plan's `times` (then it
 * is served without faults). Bounded: a long-running mock forgets old keys.
 */
export function createFaultCounter(): (key: string, plan: FaultPlan) => boolean {
  const seen = new Map<string, number>();
  return (key, plan) => {
    if (plan.times === undefined) return false;
    const n = (seen.get(key) ?? 0) + 1;
    if (seen.size >= 10_000 && !seen.has(key)) seen.clear();
    seen.set(key, n);
    return n > plan.times;
  };
}
