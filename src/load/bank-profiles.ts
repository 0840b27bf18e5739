/**
 * The bank profiles a project sees: the shipped banks/*.yaml, then the project's own banks/ (a
 * profile with a shipped bank's name replaces it). Each file is checked against
 * schemas/bank-profile.schema.json, which also fills in the defaults of the optional knobs, so a
 * typo in a knob is a positioned diagnostic like one in a collection file.
 *
 * The project root is always given by the caller (undefined: the shipped profiles only); the
 * result is remembered per set of folders, never per process-wide setting.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { bankOverlayTargets } from '../banks/overlays.ts';
import { describeTimestampForms, ownFormRefused } from '../banks/timestamp-forms.ts';
import type { BankProfile } from '../banks/profile.ts';
import type { OverlayTarget } from '../model/overlay.ts';
import { catalogueEntry, snapCatalogue } from '../catalogue/catalogue.ts';
import { error, hasErrors, type Diagnostic, type Outcome } from '../diagnostics/diagnostic.ts';
import { formatDiagnostics } from '../diagnostics/format.ts';
import { closest } from '../diagnostics/suggest.ts';
import { assetDirs, packagePath } from '../project/assets.ts';
import { createAjv } from '../schemas/ajv.ts';
import { locate, parseYaml, type ParsedFile } from './parse.ts';
import { schemaDiagnostics } from './validate.ts';

/** A profile with the file it was read from and the folder holding that file's banks/. */
export interface LoadedBank {
  profile: BankProfile;
  file: string;
  /** kontrak's package for a shipped profile, the project for the project's own. */
  home: string;
}

/** Every bank by name, with what was wrong with the files that could not be used. */
export type BankRegistry = Outcome<ReadonlyMap<string, LoadedBank>>;

let validator: ValidateFunction<BankProfile> | undefined;

function profileValidator(): ValidateFunction<BankProfile> {
  validator ??= createAjv({ useDefaults: true }).compile<BankProfile>(
    JSON.parse(readFileSync(packagePath('schemas', 'bank-profile.schema.json'), 'utf8')) as object,
  );
  return validator;
}

const registries = new Map<string, BankRegistry>();

/** A profile in force: `<bank>.yaml`, not a draft (`kontrak probe` writes `<bank>.draft.yaml`) until renamed. */
const isProfileFile = (name: string): boolean => name.endsWith('.yaml') && !name.endsWith('.draft.yaml');

/** The profiles of the shipped banks and of the project at `projectRoot`, checked, by bank name. */
export function loadBankRegistry(projectRoot?: string): BankRegistry {
  const dirs = assetDirs('banks', projectRoot);
  const key = dirs.join('\n');
  let registry = registries.get(key);
  if (!registry) {
    const banks = new Map<string, LoadedBank>();
    const diagnostics: Diagnostic[] = [];
    for (const dir of dirs)
      for (const name of readdirSync(dir).filter(isProfileFile).sort()) {
        const file = join(dir, name);
        const read = readBankProfile(file, readFileSync(file, 'utf8'));
        diagnostics.push(...read.diagnostics);
        if (read.value) banks.set(read.value.bank, { profile: read.value, file, home: dirname(dir) });
      }
    registry = { value: banks, diagnostics };
    registries.set(key, registry);
  }
  return registry;
}

/** Every usable profile by bank name; throws, naming each problem's place, when a file is broken. */
export function bankProfiles(projectRoot?: string): ReadonlyMap<string, BankProfile> {
  const registry = loadBankRegistry(projectRoot);
  if (hasErrors(registry.diagnostics))
    throw new Error(`bank profiles:\n${formatDiagnostics(registry.diagnostics)}`);
  return profilesOf(registry);
}

/** The usable profiles of a registry by bank name. */
export function profilesOf(registry: BankRegistry): ReadonlyMap<string, BankProfile> {
  return new Map([...(registry.value ?? [])].map(([name, bank]) => [name, bank.profile]));
}

/**
 * The bank schemas the profiles' overlays call for (src/banks/overlays.ts), to hand to
 * loadSchemas: a project's answers to a bank with overlays are checked against them.
 */
export function bankOverlays(projectRoot?: string): ReadonlyMap<string, OverlayTarget> {
  return bankOverlayTargets(bankProfiles(projectRoot));
}

/** The names of the banks a project can use (`bank:`, `mock:`, `kontrak init --bank`), sorted. */
export function bankNames(projectRoot?: string): string[] {
  return [...(loadBankRegistry(projectRoot).value?.keys() ?? [])].sort();
}

/** One profile document, checked: every knob sourced, every service in the catalogue. */
export function readBankProfile(file: string, text: string): Outcome<BankProfile> {
  const { parsed, diagnostics } = parseYaml(file, text);
  if (hasErrors(diagnostics)) return { diagnostics };
  const validate = profileValidator();
  if (!validate(parsed.data)) return { diagnostics: schemaDiagnostics(parsed, validate.errors ?? []) };
  const profile = parsed.data;
  const unknown = [...unknownServices(parsed, profile), ...ownTimestampRefused(parsed, profile)];
  return unknown.length ? { diagnostics: unknown } : { value: profile, diagnostics };
}

/** A profile whose accepted X-TIMESTAMP forms refuse the form its own timestampFormat writes. */
function ownTimestampRefused(parsed: ParsedFile, profile: BankProfile): Diagnostic[] {
  const refused = ownFormRefused(profile.timestampForms.value, profile.timestampFormat.value);
  if (refused === undefined) return [];
  const { written, problem } = refused;
  return [
    error(
      'E_INVALID_VALUE',
      `timestampForms refuses what timestampFormat ${profile.timestampFormat.value} writes (${written}: ${problem})`,
      {
        ...locate(parsed, [], 'timestampForms'),
        hint: `accept the bank's own form too; timestampForms says: ${describeTimestampForms(profile.timestampForms.value)}`,
      },
    ),
  ];
}

/** Services, scenarios, overlays and bases that name no catalogue service, with the nearest name that does. */
function unknownServices(parsed: ParsedFile, profile: BankProfile): Diagnostic[] {
  const known = snapCatalogue().map((e) => e.service);
  const problem = (service: string, at: ReturnType<typeof locate>): Diagnostic => {
    const suggestion = closest(service, known);
    return error('E_UNKNOWN_SERVICE', `service "${service}" is not in the SNAP catalogue`, {
      ...at,
      hint: suggestion ? `did you mean "${suggestion}"?` : 'name a service of catalogue/snap-services.json',
    });
  };
  return [
    ...Object.keys(profile.services)
      .filter((service) => !catalogueEntry(service))
      .map((service) => problem(service, locate(parsed, ['services'], service))),
    ...profile.scenarios.flatMap((s, index) =>
      catalogueEntry(s.service) ? [] : [problem(s.service, locate(parsed, ['scenarios', index, 'service']))],
    ),
    // An overlay reaches one service's answers, or (`*`) every answer of the bank.
    ...profile.overlays.flatMap((o, index) =>
      o.service === '*' || catalogueEntry(o.service)
        ? []
        : [problem(o.service, locate(parsed, ['overlays', index, 'service']))],
    ),
    ...Object.keys(profile.basis)
      .filter((service) => !catalogueEntry(service))
      .map((service) => problem(service, locate(parsed, ['basis'], service))),
  ];
}
