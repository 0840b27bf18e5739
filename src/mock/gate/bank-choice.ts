/**
 * Which bank a request is for, where several banks serve the same path (the standard SNAP paths
 * of `snap` and of a project's own bank): the bank of the access token it carries, else the bank
 * its registered partner (X-CLIENT-KEY, X-PARTNER-ID) is registered with, else the first bank
 * that serves the path. A `/<bank>` prefix before a path that bank serves names the bank outright.
 */
import { partnerKey, type DispatchEnvironment } from '../edge/dispatch.ts';
import type { MockRoute } from '../types.ts';
import { bearerToken } from './header-rules.ts';

/** One bank's route at a path. */
export interface Candidate {
  provider: string;
  route: MockRoute;
}

/** The routes of every bank, by path and method: more than one where banks share a path. */
export type RouteTable = Map<string, Map<string, Candidate[]>>;

/** Adds a bank's route; the same bank serving a method and path twice is a bug in its table. */
export function addRoute(table: RouteTable, candidate: Candidate): void {
  const { route } = candidate;
  const methods = table.get(route.path) ?? new Map<string, Candidate[]>();
  const candidates = methods.get(route.method) ?? [];
  if (candidates.some((c) => c.provider === candidate.provider))
    throw new Error(`mock bank: ${route.method} ${route.path} is defined twice for ${candidate.provider}`);
  methods.set(route.method, [...candidates, candidate]);
  table.set(route.path, methods);
}

/**
 * The routes at a path: its own, or, for `/<bank>/<path>`, those of that bank at `/<path>` (each
 * bank a request may name by its prefix).
 */
export function routesAt(table: RouteTable, path: string): Map<string, Candidate[]> | undefined {
  const own = table.get(path);
  if (own !== undefined) return own;
  const prefix = /^\/([a-z0-9][a-z0-9-]*)(\/.+)$/.exec(path);
  if (prefix === null) return undefined;
  const [, bank, rest] = prefix;
  const methods = table.get(rest ?? '');
  if (methods === undefined) return undefined;
  const named = new Map<string, Candidate[]>();
  for (const [method, candidates] of methods) {
    const ofBank = candidates.filter((c) => c.provider === bank);
    if (ofBank.length > 0) named.set(method, ofBank);
  }
  return named.size > 0 ? named : undefined;
}

/** The bank a request at a shared path is for. */
export function chooseBank(
  candidates: readonly Candidate[],
  headers: Record<string, string | undefined>,
  env: Pick<DispatchEnvironment, 'state' | 'partners'>,
  nowMs: number,
): Candidate | undefined {
  if (candidates.length <= 1) return candidates[0];
  const bearer = bearerToken(headers['authorization']);
  if (bearer !== undefined) {
    const minted = candidates.find((c) => env.state.lookupToken(bearer, c.provider, nowMs).ok);
    if (minted !== undefined) return minted;
  }
  for (const id of [headers['x-client-key'], headers['x-partner-id']]) {
    if (id === undefined || id === '') continue;
    const registered = candidates.find((c) => env.partners.has(partnerKey(c.provider, id)));
    if (registered !== undefined) return registered;
  }
  return candidates[0];
}
