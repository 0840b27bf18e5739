import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { servicePath } from '../../src/banks/profile.ts';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.ts';
import { bankNames, bankProfiles, readBankProfile } from '../../src/load/bank-profiles.ts';
import { packagePath } from '../../src/project/assets.ts';
import { catalogueEntry, catalogueEntryOfPath, snapCatalogue } from '../../src/catalogue/catalogue.ts';
import { parseCatalogue } from '../../src/catalogue/catalogue-file.ts';
import { SERVICE_TABLE } from '../../src/mock/snap/service-table.ts';
import { REPO_ROOT } from '../support/project.ts';
import { defined } from '../support/defined.ts';

describe('the SNAP catalogue', () => {
  const entries = snapCatalogue();

  it('holds the 81 service codes of SNAP v1.0.2, each once', () => {
    expect(entries.map((e) => e.code)).toEqual(
      Array.from({ length: 81 }, (_, i) => String(i + 1).padStart(2, '0')),
    );
  });

  it.each([
    ['14', 'bank-statement', 'POST', 'partner-to-bank'],
    ['24', 'transfer-va/inquiry', 'POST', 'bank-to-partner'],
    ['31', 'transfer-va/delete-va', 'DELETE', 'partner-to-bank'],
    ['47', 'qr/qr-mpm-generate', 'POST', 'partner-to-bank'],
    ['52', 'qr/qr-mpm-notify', 'POST', 'bank-to-partner'],
    ['74', 'access-token/b2b2c', 'POST', 'partner-to-bank'],
    ['77', 'qr/qr-mpm-cancel', 'POST', 'partner-to-bank'],
    ['81', 'otp', 'POST', 'partner-to-bank'],
    // As the ASPI SNAP standard lists them (https://apidevportal.aspi-indonesia.or.id).
  ])('service %s is %s (%s, %s) as the SNAP standard lists it', (code, service, method, direction) => {
    const entry = catalogueEntry(service);
    expect([entry?.code, entry?.method, entry?.direction]).toEqual([code, method, direction]);
  });

  it('names schemas that exist, and every mandatory field is one its request schema knows', async () => {
    const { loadSchemas } = await import('../../src/schemas/registry.ts');
    const registry = defined(loadSchemas(join(REPO_ROOT, 'schemas')).value);
    for (const e of entries) {
      if (e.schemas === undefined) continue;
      for (const path of [e.schemas.request, e.schemas.response])
        expect(existsSync(join(REPO_ROOT, 'schemas', path)), path).toBe(true);
      const properties = Object.keys(
        (registry.documents.get(e.schemas.request) as { properties?: object }).properties ?? {},
      );
      for (const field of e.aspiMandatory) expect(properties, `${e.code} ${field}`).toContain(field);
    }
  });

  it('finds a service by the longest path suffix, with a bank prefix, version or .htm ending', () => {
    expect(catalogueEntryOfPath('/snap/v2.0/bank-statement')?.code).toBe('14');
    expect(catalogueEntryOfPath('/v1.0/transfer-skn/notify')?.code).toBe('75');
    expect(catalogueEntryOfPath('/payment-gateway/v1.0/debit/status.htm')?.code).toBe('55');
    expect(catalogueEntryOfPath('/v1.0/unknown')).toBeUndefined();
  });

  it('refuses a broken data file: by its schema, then what a schema cannot say', () => {
    const e = {
      code: '01',
      service: 'x',
      name: 'X',
      method: 'POST',
      path: '/x',
      direction: 'partner-to-bank',
      audience: 'B2B',
      aspiMandatory: [],
    };
    const file = (...services: object[]): object => ({ specification: 'SNAP', sources: ['s'], services });
    expect(parseCatalogue(file(e))).toEqual([e]);
    expect(() => parseCatalogue(file({ ...e, code: '1' }))).toThrow(
      '/services/0/code must match pattern "^\\d{2}$"',
    );
    expect(() => parseCatalogue(file({ ...e, direction: 'sideways' }))).toThrow(
      '/services/0/direction must be equal to one of the allowed values',
    );
    expect(() => parseCatalogue(file({ ...e, methd: 'POST' }))).toThrow(
      '/services/0 must NOT have additional properties',
    );
    expect(() => parseCatalogue({ services: [e] })).toThrow("must have required property 'specification'");
    expect(() => parseCatalogue(file({ ...e, service: 'y' }))).toThrow(/without its leading/);
    expect(() => parseCatalogue(file(e, e))).toThrow(/twice/);
  });
});

describe('bank profiles', () => {
  const profiles = bankProfiles();

  it('are the files of banks/, each named after its bank', () => {
    const files = readdirSync(packagePath('banks'))
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => f.replace(/\.yaml$/, ''));
    expect(files.length).toBeGreaterThan(0);
    expect(bankNames()).toEqual(files.sort());
    for (const [name, profile] of profiles) expect(profile.bank).toBe(name);
  });

  it('offer only services the mock can emulate', () => {
    for (const profile of profiles.values())
      for (const service of Object.keys(profile.services))
        if (!service.startsWith('access-token/'))
          expect(SERVICE_TABLE[service], `${profile.bank} ${service}`).toBeDefined();
  });

  it('say where they leave the catalogue', () => {
    const bni = defined(profiles.get('bni'));
    expect(servicePath(bni, 'access-token/b2b')).toBe('/snap/v1/access-token/b2b');
    expect(servicePath(bni, 'balance-inquiry')).toBe('/snap-service/v1/balance-inquiry');
    expect(servicePath(defined(profiles.get('bca')), 'transfer-interbank')).toBe(
      '/openapi/v2.0/transfer-interbank',
    );
    const dana = defined(profiles.get('dana'));
    expect(dana.signature.value).toBe('asymmetric');
    expect(dana.services['transaction-history-list']?.serviceCode?.value).toBe('60');
    expect(
      Object.keys(defined(profiles.get('bri-snap')).services['bank-statement']?.versions?.value ?? {}),
    ).toEqual(['/snap/v1.0/bank-statement', '/snap/v1.1/bank-statement', '/snap/v2.0/bank-statement']);
  });

  it("take the optional knobs' defaults from the schema, with their source", () => {
    const snap = defined(profiles.get('snap'));
    expect([snap.signQuery.value, snap.bodyHash.value, snap.signedPathStripPrefix.value]).toEqual([
      'as-sent',
      'minified',
      '',
    ]);
    expect(snap.signQuery.source).toMatch(/ASPI SNAP spec/);
    expect(snap.scenarios).toEqual([]);
    // A profile that states a knob keeps it.
    expect(defined(profiles.get('bri-snap')).signQuery.value).toBe('excluded');
  });
});

describe('a broken bank profile', () => {
  const VALID = [
    'bank: x',
    'title: X',
    'basePath: { value: /v1.0, source: s, confidence: documented }',
    'signatureEncoding: { value: base64, source: s, confidence: documented }',
    'timestampFormat: { value: snap, source: s, confidence: documented }',
    'externalIdDigits: { value: 16, source: s, confidence: assumed }',
    'signature: { value: symmetric, source: s, confidence: seen in SDK }',
    'services:',
    '  balance-inquiry: {}',
  ];
  const read = (lines: string[]): Diagnostic[] =>
    readBankProfile('banks/x.yaml', lines.join('\n')).diagnostics;
  const brief = (d: Diagnostic): string => `${d.line}:${d.column} ${d.code} ${d.message} — ${d.hint ?? ''}`;

  it('is accepted when whole', () => {
    expect(readBankProfile('banks/x.yaml', VALID.join('\n'))).toMatchObject({
      value: { bank: 'x' },
      diagnostics: [],
    });
  });

  it('gets a positioned diagnostic for a misspelt knob, with the name it meant', () => {
    const lines = [...VALID, '    serviceCod: { value: "11", source: s, confidence: documented }'];
    lines[8] = '  balance-inquiry:';
    expect(read(lines).map(brief)).toEqual([
      '10:5 E_UNKNOWN_KEY unknown key "serviceCod" — did you mean "serviceCode"?',
    ]);
    expect(
      read([...VALID, 'signQuerry: { value: excluded, source: s, confidence: documented }']).map(brief),
    ).toEqual(['10:1 E_UNKNOWN_KEY unknown key "signQuerry" — did you mean "signQuery"?']);
  });

  it('gets one for a knob without its source or with an unknown confidence', () => {
    const lines = [...VALID];
    lines[2] = 'basePath: { value: /v1.0 }';
    expect(read(lines).map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`)).toEqual([
      '3:11 E_MISSING_KEY "basePath" is missing the required key "source"',
      '3:11 E_MISSING_KEY "basePath" is missing the required key "confidence"',
    ]);
    lines[2] = 'basePath: { value: /v1.0, source: s, confidence: sure }';
    expect(read(lines).map(brief)).toEqual([
      '3:50 E_INVALID_VALUE "confidence" cannot be string "sure" — use one of: documented, seen in SDK, assumed, observed',
    ]);
  });

  it('gets one for a service outside the catalogue', () => {
    const lines = [...VALID];
    lines[8] = '  qr/qr-mpm-generat: {}';
    expect(read(lines).map(brief)).toEqual([
      '9:3 E_UNKNOWN_SERVICE service "qr/qr-mpm-generat" is not in the SNAP catalogue — did you mean "qr/qr-mpm-generate"?',
    ]);
  });
});
