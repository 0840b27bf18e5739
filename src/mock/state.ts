/**
 * In-memory state of one mock bank: issued access tokens, X-EXTERNAL-IDs seen per partner and
 * day, and business references (trxId…) already used. Lives as long as the server.
 */
import { randomBytes } from 'node:crypto';
import { jakartaDay } from './time.ts';

/** An access token the mock issued. */
export interface IssuedToken {
  token: string;
  provider: string;
  clientId: string;
  expiresAtMs: number;
}

/** Outcome of {@link MockState.lookupToken}. */
export type TokenLookup = { ok: true; token: IssuedToken } | { ok: false; reason: 'unknown' | 'expired' };

/** Mutable state of a running mock bank. */
export class MockState {
  private readonly tokens = new Map<string, IssuedToken>();
  /** `provider|clientId|day` → external ids seen that Jakarta day. */
  private readonly externalIds = new Map<string, Set<string>>();
  /** `provider|clientId|kind` → references already used (never expire while the mock runs). */
  private readonly references = new Map<string, Set<string>>();

  /** Issues a fresh random bearer token for a partner. */
  issueToken(options: { provider: string; clientId: string; nowMs: number; ttlSeconds: number }): IssuedToken {
    this.pruneTokens(options.nowMs);
    const issued: IssuedToken = {
      token: randomBytes(32).toString('base64url'),
      provider: options.provider,
      clientId: options.clientId,
      expiresAtMs: options.nowMs + options.ttlSeconds * 1000,
    };
    this.tokens.set(issued.token, issued);
    return issued;
  }

  /** Finds a token issued by this mock for the given provider and still valid at `nowMs`. */
  lookupToken(token: string, provider: string, nowMs: number): TokenLookup {
    const issued = this.tokens.get(token);
    if (issued === undefined || issued.provider !== provider) return { ok: false, reason: 'unknown' };
    if (issued.expiresAtMs <= nowMs) return { ok: false, reason: 'expired' };
    return { ok: true, token: issued };
  }

  /**
   * Records an X-EXTERNAL-ID for a partner on the Jakarta day of `nowMs`.
   * Returns false when the partner already used it that day.
   */
  recordExternalId(options: { provider: string; clientId: string; externalId: string; nowMs: number }): boolean {
    const day = jakartaDay(options.nowMs);
    const prefix = `${options.provider}|${options.clientId}|`;
    const key = prefix + day;
    for (const old of this.externalIds.keys()) {
      if (old.startsWith(prefix) && old !== key) this.externalIds.delete(old);
    }
    let seen = this.externalIds.get(key);
    if (seen === undefined) {
      seen = new Set();
      this.externalIds.set(key, seen);
    }
    if (seen.has(options.externalId)) return false;
    seen.add(options.externalId);
    return true;
  }

  /** Whether a business reference (e.g. kind `trxId`) was already used by that partner. */
  hasReference(options: { provider: string; clientId: string; kind: string; value: string }): boolean {
    return this.references.get(referenceKey(options))?.has(options.value) ?? false;
  }

  /** Marks a business reference as used by that partner. */
  addReference(options: { provider: string; clientId: string; kind: string; value: string }): void {
    const key = referenceKey(options);
    let used = this.references.get(key);
    if (used === undefined) {
      used = new Set();
      this.references.set(key, used);
    }
    used.add(options.value);
  }

  private pruneTokens(nowMs: number): void {
    for (const [token, issued] of this.tokens) {
      if (issued.expiresAtMs <= nowMs) this.tokens.delete(token);
    }
  }
}

function referenceKey(options: { provider: string; clientId: string; kind: string }): string {
  return `${options.provider}|${options.clientId}|${options.kind}`;
}
