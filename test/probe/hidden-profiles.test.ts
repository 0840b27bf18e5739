/**
 * The probe against banks it cannot read: the mock serves profiles whose knobs were drawn at
 * random from the allowed sets; the probe is handed only each bank's skeleton (paths, headers,
 * services, ASPI's knobs) and the credentials, and must find the knobs from the answers alone.
 * KONTRAK_PROBE_BANKS sets how many (default 12; 50 under KONTRAK_TEST_FULL=1), KONTRAK_PROBE_SEED
 * the seed (printed, so a failing draw can be run again).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readBankProfile } from '../../src/load/bank-profiles.ts';
import { startMockBank, type RunningMock } from '../../src/mock/server.ts';
import { diffLines } from '../../src/probe/diff.ts';
import { runProbe } from '../../src/probe/session.ts';
import type { KnobDecision, ProbeResult } from '../../src/probe/types.ts';
import { tempProject } from '../support/project.ts';
import {
  drawKnobs,
  hiddenPartner,
  hiddenProfile,
  prng,
  skeletonProfile,
  testKeys,
  type HiddenKnobs,
} from './hidden-banks.ts';

const COUNT = Number(
  process.env['KONTRAK_PROBE_BANKS'] ?? (process.env['KONTRAK_TEST_FULL'] === '1' ? 50 : 12),
);
const SEED = Number(process.env['KONTRAK_PROBE_SEED'] ?? Date.now() % 1_000_000);

const keys = testKeys();
const banks = Array.from({ length: COUNT }, (_, i) => `h${String(i + 1).padStart(2, '0')}`);
const random = prng(SEED);
const hidden = new Map<string, HiddenKnobs>(banks.map((bank) => [bank, drawKnobs(random)]));
const partners = banks.map((bank) => hiddenPartner(bank, keys.publicPem));
const project = tempProject(
  Object.fromEntries(
    banks.map((bank) => [`banks/${bank}.yaml`, hiddenProfile(bank, hidden.get(bank) as HiddenKnobs)]),
  ),
);
let mock: RunningMock;

beforeAll(async () => {
  mock = await startMockBank({ projectRoot: project.root, partners, seed: SEED });
});
afterAll(async () => {
  await mock.close();
  project.cleanup();
});

/** The probeable knobs of a hidden bank, as the draft would spell them. */
function expected(k: HiddenKnobs): Record<string, unknown> {
  return {
    signatureEncoding: k.signatureEncoding,
    signQuery: k.signQuery,
    bodyHash: k.bodyHash,
    'timestampForms.offsets': k.offsets,
    'timestampForms.milliseconds': k.milliseconds,
    'channelId.required': k.channelRequired,
    'channelId.maxLength': k.channelMaxLength,
    'externalId.characters': k.externalCharacters,
    'externalId.maxLength': k.externalMaxLength,
    'externalId.uniqueWithin': k.uniqueWithin,
    partnerId: k.partnerId,
    deviceHeaders: k.deviceHeaders,
    blankOptional: k.blankOptional,
    originalServiceCode: k.originalServiceCode,
    tokenType: k.tokenType,
  };
}

/** What the probe found, keyed as {@link expected}; a knob left undecided is absent. */
function found(result: ProbeResult): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const value = (d: KnobDecision): Record<string, unknown> => (d.value ?? {}) as Record<string, unknown>;
  for (const d of result.decisions) {
    if (d.value === undefined) continue;
    if (d.knob === 'timestampForms' || d.knob === 'channelId' || d.knob === 'externalId')
      for (const [field, inner] of Object.entries(value(d))) out[`${d.knob}.${field}`] = inner;
    else out[d.knob] = d.value;
    if (d.knob === 'channelId' && !('maxLength' in value(d))) out['channelId.maxLength'] = undefined;
  }
  return out;
}

it(`recovers at least 95% of the probeable knobs of ${COUNT} hidden banks, with at most 60 requests each`, async () => {
  let knobs = 0;
  let recovered = 0;
  const counts: number[] = [];
  const misses: string[] = [];
  for (const [i, bank] of banks.entries()) {
    const partner = partners[i];
    if (partner === undefined) throw new Error('no partner');
    const skeleton = readBankProfile(join(project.root, `${bank}.skeleton.yaml`), skeletonProfile(bank));
    if (skeleton.value === undefined) throw new Error(JSON.stringify(skeleton.diagnostics));
    const result = await runProbe(
      {
        baseUrl: mock.url,
        profile: skeleton.value,
        credentials: {
          clientId: partner.clientId,
          clientSecret: partner.clientSecret,
          privateKeyPem: keys.privatePem,
          channelId: '95221',
          partnerId: partner.partnerId,
        },
        environment: 'mock',
      },
      { maxRequests: 60, paceMs: 0, allowTransactions: false },
    );
    counts.push(result.requests);
    // --diff names, knob by knob, where the skeleton's belief and the bank's answers part.
    const encodingLine = diffLines(skeleton.value, result).find((l) => l.includes(' signatureEncoding:'));
    const k = hidden.get(bank) as HiddenKnobs;
    expect(encodingLine).toMatch(
      k.signatureEncoding === 'base64'
        ? /^ {2}= {2}signatureEncoding/
        : /^ {2}≠ {2}signatureEncoding: the profile says "base64", the bank answers "hex"/,
    );
    expect(result.stopped, `${bank} stopped early`).toBeUndefined();
    const want = expected(hidden.get(bank) as HiddenKnobs);
    const got = found(result);
    for (const [knob, value] of Object.entries(want)) {
      knobs += 1;
      if (knob in got && JSON.stringify(got[knob]) === JSON.stringify(value)) recovered += 1;
      else
        misses.push(`${bank} ${knob}: hidden ${JSON.stringify(value)}, probed ${JSON.stringify(got[knob])}`);
    }
  }
  const rate = recovered / knobs;
  console.log(
    `probe, ${COUNT} hidden banks (seed ${SEED}): recovered ${recovered} of ${knobs} probeable knobs ` +
      `(${(rate * 100).toFixed(1)}%); requests per bank min ${Math.min(...counts)}, ` +
      `max ${Math.max(...counts)}, mean ${(counts.reduce((a, b) => a + b, 0) / counts.length).toFixed(1)}: ${counts.join(' ')}`,
  );
  if (misses.length) console.log(`missed:\n  ${misses.join('\n  ')}`);
  expect(Math.max(...counts)).toBeLessThanOrEqual(60);
  expect(rate).toBeGreaterThanOrEqual(0.95);
}, 120_000);
