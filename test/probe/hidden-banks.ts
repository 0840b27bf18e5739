/**
 * Bank profiles with knob values drawn at random (seeded) from the sets the profile schema allows,
 * for the mock to serve and the probe to find out. The probe is handed only the skeleton: the
 * same bank, paths, headers and services, with ASPI's knobs (what a team would start from).
 */
import { generateKeyPairSync } from 'node:crypto';
import type { MockPartner } from '../../src/mock/server.ts';

/** mulberry32: a small seeded PRNG, so a failing draw can be run again from its printed seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, values: readonly T[]): T =>
  values[Math.floor(random() * values.length)] as T;
const between = (random: () => number, lo: number, hi: number): number =>
  lo + Math.floor(random() * (hi - lo + 1));

/** The knobs a hidden bank draws, as the probe should find them. */
export interface HiddenKnobs {
  signatureEncoding: 'base64' | 'hex';
  signQuery: 'as-sent' | 'sorted' | 'excluded';
  bodyHash: 'minified' | 'as-sent';
  offsets: 'any' | 'numeric' | string[];
  milliseconds: 'optional' | 'required' | 'forbidden';
  timestampFormat: 'snap' | 'snap-millis' | 'utc-millis';
  channelRequired: boolean;
  channelMaxLength: number | undefined;
  externalCharacters: 'digits' | 'alphanumeric' | 'uuid-like';
  externalMaxLength: number;
  uniqueWithin: 'day' | 'none';
  partnerId: 'client-id' | 'registered';
  deviceHeaders: 'required' | 'optional';
  blankOptional: 'absent' | 'invalid';
  originalServiceCode: 'original' | 'own' | 'either';
  tokenType: string;
}

const OFFSETS: ReadonlyArray<HiddenKnobs['offsets']> = ['any', 'numeric', ['+07:00'], ['+07:00', 'Z'], ['Z']];

/** The forms kontrak writes that a drawn set of forms accepts (a profile's own form must be one). */
function writableFormats(
  offsets: HiddenKnobs['offsets'],
  ms: HiddenKnobs['milliseconds'],
): HiddenKnobs['timestampFormat'][] {
  const takes = (offset: string): boolean =>
    offsets === 'any' || (offsets === 'numeric' ? offset !== 'Z' : offsets.includes(offset));
  const out: HiddenKnobs['timestampFormat'][] = [];
  if (takes('+07:00') && ms !== 'required') out.push('snap');
  if (takes('+07:00') && ms !== 'forbidden') out.push('snap-millis');
  if (takes('Z') && ms !== 'forbidden') out.push('utc-millis');
  return out;
}

export function drawKnobs(random: () => number): HiddenKnobs {
  let offsets: HiddenKnobs['offsets'];
  let milliseconds: HiddenKnobs['milliseconds'];
  let formats: HiddenKnobs['timestampFormat'][];
  do {
    offsets = pick(random, OFFSETS);
    milliseconds = pick(random, ['optional', 'required', 'forbidden'] as const);
    formats = writableFormats(offsets, milliseconds);
  } while (formats.length === 0);
  const channelLimit = pick(random, ['5', 'between', 'none'] as const);
  return {
    signatureEncoding: pick(random, ['base64', 'hex'] as const),
    signQuery: pick(random, ['as-sent', 'sorted', 'excluded'] as const),
    bodyHash: pick(random, ['minified', 'as-sent'] as const),
    offsets,
    milliseconds,
    timestampFormat: pick(random, formats),
    channelRequired: random() < 0.5,
    channelMaxLength:
      channelLimit === '5' ? 5 : channelLimit === 'between' ? between(random, 6, 40) : undefined,
    externalCharacters: pick(random, ['digits', 'alphanumeric', 'uuid-like'] as const),
    externalMaxLength: between(random, 9, 128),
    uniqueWithin: pick(random, ['day', 'none'] as const),
    partnerId: pick(random, ['client-id', 'registered'] as const),
    deviceHeaders: pick(random, ['required', 'optional'] as const),
    blankOptional: pick(random, ['absent', 'invalid'] as const),
    originalServiceCode: pick(random, ['original', 'own', 'either'] as const),
    tokenType: pick(random, ['Bearer', 'BearerToken', 'bearer'] as const),
  };
}

const sourced = (value: unknown): string =>
  `{ value: ${JSON.stringify(value)}, source: "a hidden test bank", confidence: assumed }`;

/** What every hidden bank shares with its skeleton: name, paths, named headers, services. */
function commonPart(bank: string): string {
  return `bank: ${bank}
title: Hidden bank ${bank}
tokenPath: ${sourced(`/${bank}/v1.0/access-token/b2b`)}
basePath: ${sourced(`/${bank}/v1.0`)}
signature: ${sourced('symmetric')}
headers: ${sourced({ 'X-DEVICE-ID': 'probe-device', 'X-IP-ADDRESS': '127.0.0.1' })}
services:
  access-token/b2b: {}
  balance-inquiry: {}
  debit/payment-host-to-host: {}
  debit/status: {}
`;
}

/** The profile the mock serves. */
export function hiddenProfile(bank: string, k: HiddenKnobs): string {
  const channel = {
    required: k.channelRequired,
    ...(k.channelMaxLength === undefined ? {} : { maxLength: k.channelMaxLength }),
  };
  return `${commonPart(bank)}signatureEncoding: ${sourced(k.signatureEncoding)}
signQuery: ${sourced(k.signQuery)}
bodyHash: ${sourced(k.bodyHash)}
timestampFormat: ${sourced(k.timestampFormat)}
timestampForms: ${sourced({ offsets: k.offsets, milliseconds: k.milliseconds })}
externalIdDigits: ${sourced(Math.min(16, k.externalMaxLength))}
channelId: ${sourced(channel)}
externalId: ${sourced({ characters: k.externalCharacters, maxLength: k.externalMaxLength, uniqueWithin: k.uniqueWithin })}
partnerId: ${sourced(k.partnerId)}
deviceHeaders: ${sourced(k.deviceHeaders)}
blankOptional: ${sourced(k.blankOptional)}
originalServiceCode: ${sourced(k.originalServiceCode)}
tokenType: ${sourced(k.tokenType)}
`;
}

/** The profile the probe is handed: the same bank with ASPI's knobs. */
export function skeletonProfile(bank: string): string {
  return `${commonPart(bank)}signatureEncoding: ${sourced('base64')}
timestampFormat: ${sourced('snap')}
externalIdDigits: ${sourced(16)}
`;
}

/** A key pair made now (no key is kept in the repository). */
export function testKeys(): { publicPem: string; privatePem: string } {
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    publicPem: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privatePem: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/** The partner a hidden bank knows: its own client, secret and a partner id registered apart. */
export function hiddenPartner(bank: string, publicPem: string): MockPartner & { partnerId: string } {
  return {
    provider: bank,
    clientId: `${bank.toUpperCase()}CLIENT`,
    clientSecret: `${bank}-secret-${Math.random().toString(36).slice(2)}`,
    publicKeyPem: publicPem,
    partnerId: `${bank.toUpperCase()}SANDBOX`,
  };
}
