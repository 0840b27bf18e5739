/**
 * The bases the shipped bank profiles state (`basis:`, what each service's contract rests on) are
 * kept honest by the corpus of bank samples (test/fixtures/bank-samples): a service with samples
 * of its bank says `documented sample` and cites a source the corpus cites for it; a service that
 * says `documented sample` has at least one sample in the corpus; every service a profile offers
 * or overlays states its basis.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bankProfiles } from '../../src/load/bank-profiles.ts';
import { REPO_ROOT } from '../support/project.ts';

interface Sample {
  file: string;
  provider: string;
  service: string;
  source: { url: string };
}

const ROOT = join(REPO_ROOT, 'test', 'fixtures', 'bank-samples');
const samples: Sample[] = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) =>
    readdirSync(join(ROOT, d.name)).map((file) => ({
      file: `${d.name}/${file}`,
      ...(JSON.parse(readFileSync(join(ROOT, d.name, file), 'utf8')) as Omit<Sample, 'file'>),
    })),
  );
const banks = bankProfiles();

/** The sources the corpus cites for one bank's service. */
function corpusSources(bank: string, service: string): string[] {
  return [
    ...new Set(samples.filter((s) => s.provider === bank && s.service === service).map((s) => s.source.url)),
  ];
}

const firstUrl = (text: string): string | undefined => /https?:\/\/[^\s)]+/.exec(text)?.[0];
/** The scraped copy a source names (`aspi/mpm.md` in "… (as scraped in … aspi/mpm.md)"). */
const scrapedCopy = (text: string): string | undefined =>
  /as scraped in .*?(\w+\/[\w-]+\.md)\)/.exec(text)?.[1];

/** Whether a basis cites the page a corpus sample cites: the same URL, and the same scraped copy if any. */
function citesPage(basis: string | undefined, corpus: string): boolean {
  if (basis === undefined || firstUrl(basis) !== firstUrl(corpus)) return false;
  const copy = scrapedCopy(corpus);
  return copy === undefined || basis.includes(copy);
}

/** Whether the corpus holds a sample of the bank's service from the page `basis` cites. */
const corpusCites = (bank: string, service: string, basis: string | undefined): boolean =>
  corpusSources(bank, service).some((source) => citesPage(basis, source));

const documented = [
  ...new Set(samples.filter((s) => banks.has(s.provider)).map((s) => `${s.provider} ${s.service}`)),
].map((pair) => pair.split(' ') as [string, string]);

describe('the basis of each bank service against the corpus of bank samples', () => {
  it('covers services of at least five banks', () => {
    expect(new Set(documented.map(([bank]) => bank)).size).toBeGreaterThanOrEqual(5);
  });

  it.each(documented)(
    '%s %s has documented samples: its basis says so and cites a source the corpus cites',
    (bank, service) => {
      const basis = banks.get(bank)?.basis[service];
      expect(basis?.kind, `${bank} ${service}`).toBe('documented sample');
      expect(
        corpusCites(bank, service, basis?.source),
        `${basis?.source ?? ''} among ${corpusSources(bank, service).join(', ')}`,
      ).toBe(true);
    },
  );

  const claimed = [...banks.values()].flatMap((profile) =>
    Object.entries(profile.basis)
      .filter(([, basis]) => basis.kind === 'documented sample')
      .map(([service, basis]) => [profile.bank, service, basis.source] as const),
  );

  it('has a bank that claims documented samples', () => {
    expect(claimed.length).toBeGreaterThan(0);
  });

  it.each(claimed)('%s %s says documented sample: the corpus holds one from %s', (bank, service, source) => {
    expect(corpusCites(bank, service, source), `${bank} ${service}`).toBe(true);
  });

  it.each([...banks.values()].map((p) => [p.bank, p] as const))(
    '%s states the basis of every service it offers or overlays',
    (_bank, profile) => {
      const services = [
        ...Object.keys(profile.services),
        ...profile.overlays.map((o) => o.service).filter((s) => s !== '*'),
      ];
      expect(services.filter((s) => profile.basis[s] === undefined)).toEqual([]);
    },
  );
});
