/**
 * Bank profiles (banks/*.yaml): how a real bank departs from the SNAP catalogue — path prefix and
 * per-service paths, signing type per service, service codes it answers, extra headers and
 * mandatory fields, extra success codes and the values its sandbox selects scenarios by. A shipped
 * profile is the truth the mock bank emulates; a provider file names it with `bank:` and may
 * override knobs. Every knob carries where it comes from and how sure we are.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { assetDirs } from '../project/assets.ts';
import { catalogueEntry } from '../catalogue/catalogue.ts';
import type { BodyHash, SignQuery } from '../../scripts/signing-contract.ts';
import type { TimestampFormat } from '../model/types.ts';
import { OVERLAY_CHANGES, type SchemaOverlay } from '../model/overlay.ts';

export const CONFIDENCES = ['documented', 'seen in SDK', 'assumed'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

/** A knob's value with its provenance. */
export interface Sourced<T> {
  value: T;
  /** Where the value was read (document, SDK file, sandbox guide). */
  source: string;
  confidence: Confidence;
}

/** Type B (HMAC-SHA512 with the B2B token) or type C (SHA256withRSA, no token). */
export type SignatureType = 'symmetric' | 'asymmetric';

export interface ServiceKnobs {
  /** Full path where the bank departs from basePath + the catalogue suffix. */
  path?: Sourced<string>;
  /** Further paths the bank serves the same service at (BRI's bank statement versions), with their mandatory fields. */
  versions?: Sourced<Record<string, { mandatory: string[] }>>;
  signature?: Sourced<SignatureType>;
  /** The service code the bank puts in responseCode instead of the catalogue's. */
  serviceCode?: Sourced<string>;
  /** Request fields the bank requires beyond the catalogue's schema. */
  mandatory?: Sourced<string[]>;
  /** Headers the bank requires on this service, with the value it expects. */
  headers?: Sourced<Record<string, string>>;
  /** Codes the bank also answers on success (DANA 2024300 "in progress"); the mock answers the first. */
  successCodes?: Sourced<string[]>;
}

/** A sandbox's scripted answer: a request matching `when` gets `answer`. */
export interface Scenario {
  service: string;
  when: { amount?: string; externalId?: string };
  answer: string;
  source: string;
  confidence: Confidence;
}

export interface BankProfile {
  bank: string;
  title: string;
  tokenPath?: Sourced<string>;
  basePath: Sourced<string>;
  signatureEncoding: Sourced<'base64' | 'hex'>;
  /** Whether and how the query string enters the signed path (default `as-sent`, as the spec words it). */
  signQuery?: Sourced<SignQuery>;
  /** Which body bytes are hashed (default `minified`, as the spec says). */
  bodyHash?: Sourced<BodyHash>;
  timestampFormat: Sourced<TimestampFormat>;
  externalIdDigits: Sourced<number>;
  /** Signing type of transactions unless a service says otherwise. */
  signature: Sourced<SignatureType>;
  tokenType?: Sourced<string>;
  /** Headers every transaction must carry (BNI's device headers), with a value kontrak sends. */
  headers?: Sourced<Record<string, string>>;
  /** The services this bank offers (catalogue names) and how each departs from the catalogue. */
  services: Record<string, ServiceKnobs>;
  scenarios: Scenario[];
  /** Where the bank's documented answers depart from the shipped response schemas, each sourced. */
  overlays: SchemaOverlay[];
}

let profiles: { dirs: string; byName: ReadonlyMap<string, BankProfile> } | undefined;

/** The profiles in one folder, by bank name. */
function profilesIn(dir: string): Array<readonly [string, BankProfile]> {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => {
      const profile = parseBankProfile(parse(readFileSync(join(dir, f), 'utf8')) as unknown, f);
      return [profile.bank, profile] as const;
    });
}

/**
 * Every profile by name: the shipped ones, then the project's banks/ (a profile with a shipped
 * bank's name replaces it); read and checked once per set of folders.
 */
export function bankProfiles(): ReadonlyMap<string, BankProfile> {
  const dirs = assetDirs('banks');
  const key = dirs.join('\n');
  if (profiles?.dirs !== key) profiles = { dirs: key, byName: new Map(dirs.flatMap(profilesIn)) };
  return profiles.byName;
}

export function bankProfile(name: string): BankProfile | undefined {
  return bankProfiles().get(name);
}

function isSourced(value: unknown): value is Sourced<unknown> {
  const v = value as Partial<Sourced<unknown>> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    'value' in v &&
    typeof v.source === 'string' &&
    v.source.trim() !== '' &&
    (CONFIDENCES as readonly string[]).includes(v.confidence ?? '')
  );
}

type Fail = (what: string) => never;

function checkKnobs(profile: BankProfile, fail: Fail): void {
  for (const knob of [
    'basePath',
    'signatureEncoding',
    'timestampFormat',
    'externalIdDigits',
    'signature',
  ] as const)
    if (!isSourced(profile[knob]))
      fail(`${knob} needs value, source and confidence (${CONFIDENCES.join(' / ')})`);
  for (const knob of ['tokenPath', 'tokenType', 'headers', 'signQuery', 'bodyHash'] as const)
    if (profile[knob] !== undefined && !isSourced(profile[knob]))
      fail(`${knob} needs value, source and confidence`);
}

function checkServices(profile: BankProfile, fail: Fail): void {
  const services = (profile as { services?: Record<string, ServiceKnobs | null> }).services;
  if (services === undefined || typeof services !== 'object')
    return fail('"services" must map catalogue services to their knobs');
  for (const [service, knobs] of Object.entries(services)) {
    if (!catalogueEntry(service)) fail(`service "${service}" is not in the SNAP catalogue`);
    for (const [name, knob] of Object.entries(knobs ?? {}))
      if (!isSourced(knob)) fail(`services.${service}.${name} needs value, source and confidence`);
    profile.services[service] = knobs ?? {};
  }
}

function checkScenarios(profile: BankProfile, fail: Fail): void {
  const scenarios = (profile as { scenarios?: Scenario[] }).scenarios;
  profile.scenarios = scenarios ?? [];
  for (const s of profile.scenarios) {
    if (!catalogueEntry(s.service)) fail(`scenario service "${s.service}" is not in the SNAP catalogue`);
    if (!/^\d{7}$/.test(s.answer) || !(CONFIDENCES as readonly string[]).includes(s.confidence))
      fail(`scenario of ${s.service}: answer must be 7 digits, with source and confidence`);
  }
}

function checkOverlays(profile: BankProfile, fail: Fail): void {
  const overlays = (profile as { overlays?: unknown }).overlays ?? [];
  if (!Array.isArray(overlays)) return fail('"overlays" must be a list');
  for (const [i, raw] of overlays.entries()) {
    const o = raw as Partial<SchemaOverlay> | null;
    const where = `overlays[${i}]`;
    if (!o || typeof o.service !== 'string' || (o.service !== '*' && !catalogueEntry(o.service)))
      fail(`${where}: service must be a catalogue service or *`);
    if (typeof o.field !== 'string' || !/^(\/[^/]+)+$/.test(o.field))
      fail(`${where}: field must be a JSON pointer`);
    if (!(OVERLAY_CHANGES as readonly string[]).includes(o.change ?? ''))
      fail(`${where}: change must be one of ${OVERLAY_CHANGES.join(', ')}`);
    if (
      typeof o.source !== 'string' ||
      !o.source.trim() ||
      !(CONFIDENCES as readonly string[]).includes(o.confidence ?? '')
    )
      fail(`${where}: needs source and confidence (${CONFIDENCES.join(' / ')})`);
  }
  profile.overlays = overlays as SchemaOverlay[];
}

/** Checks a profile document: every knob sourced, every service in the catalogue. Throws on a broken file. */
export function parseBankProfile(document: unknown, file: string): BankProfile {
  const p = document as Partial<BankProfile> | null;
  const fail: Fail = (what) => {
    throw new Error(`bank profile ${file}: ${what}`);
  };
  if (!p || typeof p.bank !== 'string' || !/^[a-z][a-z0-9-]*$/.test(p.bank)) fail('"bank" must be a name');
  const profile = p as BankProfile;
  checkKnobs(profile, fail);
  checkServices(profile, fail);
  checkScenarios(profile, fail);
  checkOverlays(profile, fail);
  return profile;
}

/** The path a bank serves a service at: its override, else basePath + catalogue suffix. */
export function servicePath(profile: BankProfile, service: string): string {
  if (service === 'access-token/b2b' && profile.tokenPath) return profile.tokenPath.value;
  return profile.services[service]?.path?.value ?? `${profile.basePath.value}/${service}`;
}

/** The signing type of a service at a bank. */
export function serviceSignature(profile: BankProfile, service: string): SignatureType {
  return profile.services[service]?.signature?.value ?? profile.signature.value;
}
