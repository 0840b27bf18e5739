/**
 * The embedded mock bank: a node:http server that speaks the providers' protocols and really
 * verifies signatures. Emulations (`MockPartner.provider`):
 *
 * - `nicepay`: NICEPAY SNAP under `/nicepay/...` (token, create-va, status, delete-va).
 * - `snap`: a generic SNAP bank under `/v1.0/...` (base64 HMAC).
 * - `bri-snap`: BRI SNAP under `/snap/v1.0/...` and `/intrabank/snap/v1.0/...` (hex HMAC).
 * - `bri`: BRI API v2 (OAuth client credentials + BRI-Signature, MPN v2.0).
 *
 * A partner is known only to the emulation it is registered with. Every answer, including
 * framework and connection errors, is protocol-shaped JSON with the matching HTTP status.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { resolve } from 'node:path';
import { signingPolicyOf, type SigningPolicy } from '../../scripts/signing-contract.ts';
import { buildMockHandler } from './edge/app.ts';
import { controlRoutes } from './edge/control.ts';
import { BODY_DEADLINE_MS } from './edge/http-body.ts';
import { listenHttp } from './edge/http-server.ts';
import { partnerKey, type DispatchEnvironment } from './edge/dispatch.ts';
import { validateConfiguredFaults } from './edge/faults.ts';
import { mockProviders } from './providers.ts';
import { BRI_PROVIDER } from './bri-v2/routes.ts';
import { MockState } from './books/state.ts';
import type { MockSettings, ResolvedPartner } from './types.ts';

/** Names of the emulations the mock bank serves for a project (values of {@link MockPartner.provider}). */
export { mockEmulationNames } from './providers.ts';

/** A partner (merchant) registered at the mock bank. */
export interface MockPartner {
  /** Emulation whose endpoints the partner may call: `nicepay`, `snap`, `bri-snap` or `bri`. */
  provider: string;
  /** X-CLIENT-KEY / X-PARTNER-ID (SNAP); consumer key `client_id` (BRI API v2). */
  clientId: string;
  /** HMAC key of transactional signatures (UTF-8 string, used as is); BRI: the consumer secret. */
  clientSecret: string;
  /** SPKI PEM of the partner's RSA key; verifies SNAP access-token signatures. May be "" for `bri`. */
  publicKeyPem: string;
  /** `bri` only: API products the partner's tokens cover; default all of the mock's BRI APIs. */
  products?: string[];
  /**
   * The signing knobs of the partner's provider profile, so that the mock verifies exactly what
   * that profile signs; default the emulation's own (the shipped provider of the same name).
   */
  signing?: SigningPolicy;
  /** What arrives in X-PARTNER-ID when it is not the client id (a bank whose `partnerId` is `registered`). */
  partnerId?: string;
  /** The CHANNEL-ID this partner's calls carry; default any the bank's rule accepts. */
  channelId?: string;
}

/** Options of {@link startMockBank}. */
export interface MockOptions {
  /**
   * The project whose banks/ and schemas/ join the shipped ones: a bank profile of its own is
   * emulated, and request bodies are checked with its schemas. Default: the shipped ones only.
   */
  projectRoot?: string;
  /** KONTRAK_CACHE_DIR as the caller read it: where compiled request schemas are kept (src/cache.ts). */
  cacheDir?: string | undefined;
  /** Interface to bind; default `127.0.0.1`. */
  host?: string;
  /** Port; default 0 (a free port). */
  port?: number;
  partners: MockPartner[];
  /** Lifetime of issued SNAP access tokens; default 900 (BRI API v2 tokens: 179999). */
  tokenTtlSeconds?: number;
  /** Allowed difference between X-TIMESTAMP / BRI-Timestamp and the server clock; default 300. */
  timestampSkewSeconds?: number;
  /** The mock's clock in epoch ms; default `Date.now`. For tests of expiry and skew. */
  now?: () => number;
  /** Seed of the generated ids, VA numbers and reference numbers; default random. */
  seed?: number;
  /** Latency added to every response (ms); default 0. */
  latencyMs?: number;
  /** Faults applied to every request of a path (`{"/snap/v1.0/balance-inquiry": "status=503"}`), X-Kontrak-Fault syntax. */
  faults?: Record<string, string>;
  /** How long a request body may take to arrive, in ms; default {@link BODY_DEADLINE_MS} (then 408, closed). */
  bodyDeadlineMs?: number;
  /** Receives one line per rejection the mock explains (X-Kontrak-Diagnosis); default none. */
  log?: (line: string) => void;
}

/** A started mock bank. */
export interface RunningMock {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  close(): Promise<void>;
}

/**
 * Starts the mock bank and resolves once it listens. Rejects on an unusable partner key or fault
 * spec, or a broken bank profile (each problem named with its file, line and column).
 */
export async function startMockBank(options: MockOptions): Promise<RunningMock> {
  const host = options.host ?? '127.0.0.1';
  const settings = resolveSettings(options);
  validateConfiguredFaults(settings.faults);
  const env: DispatchEnvironment = {
    state: new MockState(options.seed === undefined ? {} : { seed: options.seed }),
    settings,
    partners: resolvePartners(options.partners),
    ...(options.log ? { log: options.log } : {}),
  };
  const handle = buildMockHandler(env, mockProviders(settings.projectRoot), { control: controlRoutes(env) });
  const edge = await listenHttp({
    host,
    port: options.port ?? 0,
    handle,
    nowMs: settings.now,
    bodyDeadlineMs: settings.bodyDeadlineMs,
  });
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${hostInUrl}:${edge.port}`,
    close: () => edge.close(),
  };
}

function resolveSettings(options: MockOptions): MockSettings {
  return {
    tokenTtlSeconds: options.tokenTtlSeconds ?? 900,
    timestampSkewSeconds: options.timestampSkewSeconds ?? 300,
    now: options.now ?? Date.now,
    latencyMs: Math.max(0, options.latencyMs ?? 0),
    faults: { ...options.faults },
    ...(options.projectRoot === undefined ? {} : { projectRoot: resolve(options.projectRoot) }),
    ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
    bodyDeadlineMs: options.bodyDeadlineMs ?? BODY_DEADLINE_MS,
  };
}

function resolvePartners(partners: MockPartner[]): Map<string, ResolvedPartner> {
  const resolved = new Map<string, ResolvedPartner>();
  for (const partner of partners) {
    const key = partnerKey(partner.provider, partner.clientId);
    if (resolved.has(key))
      throw new Error(`mock bank: partner ${partner.provider}/${partner.clientId} is registered twice`);
    const entry: ResolvedPartner = {
      provider: partner.provider,
      clientId: partner.clientId,
      clientSecret: partner.clientSecret,
      publicKey: publicKeyOf(partner),
      products: partner.products === undefined ? undefined : [...partner.products],
      signing: partner.signing === undefined ? undefined : signingPolicyOf(partner.signing),
      ...(partner.partnerId === undefined ? {} : { partnerId: partner.partnerId }),
      ...(partner.channelId === undefined ? {} : { channelId: partner.channelId }),
    };
    resolved.set(key, entry);
  }
  // A registered partner id also finds its partner (type C calls name the partner by X-PARTNER-ID).
  for (const entry of [...resolved.values()]) {
    if (entry.partnerId === undefined) continue;
    const byPartnerId = partnerKey(entry.provider, entry.partnerId);
    if (!resolved.has(byPartnerId)) resolved.set(byPartnerId, entry);
  }
  return resolved;
}

/** The parsed public key; BRI API v2 partners need none (their tokens use the consumer secret). */
function publicKeyOf(partner: MockPartner): KeyObject | undefined {
  if (partner.provider === BRI_PROVIDER && partner.publicKeyPem.trim() === '') return undefined;
  try {
    return createPublicKey(partner.publicKeyPem);
  } catch (error) {
    throw new Error(
      `mock bank: public key of partner ${partner.provider}/${partner.clientId} is not a usable PEM: ${(error as Error).message}`,
      { cause: error },
    );
  }
}
