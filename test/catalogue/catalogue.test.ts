import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bankProfiles, parseBankProfile, servicePath } from '../../src/banks/profile.ts';
import {
  catalogueEntry,
  catalogueEntryOfPath,
  parseCatalogue,
  snapCatalogue,
} from '../../src/catalogue/catalogue.ts';
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
      for (const field of e.mandatory) expect(properties, `${e.code} ${field}`).toContain(field);
    }
  });

  it('finds a service by the longest path suffix, with a bank prefix, version or .htm ending', () => {
    expect(catalogueEntryOfPath('/snap/v2.0/bank-statement')?.code).toBe('14');
    expect(catalogueEntryOfPath('/v1.0/transfer-skn/notify')?.code).toBe('75');
    expect(catalogueEntryOfPath('/payment-gateway/v1.0/debit/status.htm')?.code).toBe('55');
    expect(catalogueEntryOfPath('/v1.0/unknown')).toBeUndefined();
  });

  it('refuses a broken data file', () => {
    expect(() => parseCatalogue({ services: [{ code: '1', path: '/x', service: 'x' }] })).toThrow(/2 digits/);
    const e = { code: '01', path: '/x', service: 'y', direction: 'partner-to-bank', mandatory: [] };
    expect(() => parseCatalogue({ services: [e] })).toThrow(/without its leading/);
    expect(() =>
      parseCatalogue({
        services: [
          { ...e, service: 'x' },
          { ...e, service: 'x' },
        ],
      }),
    ).toThrow(/twice/);
  });
});

describe('bank profiles', () => {
  const profiles = bankProfiles();

  it('ship snap, bri-snap, BCA, BNI, Mandiri, DANA and DOKU', () => {
    expect([...profiles.keys()].sort()).toEqual([
      'bca',
      'bni',
      'bri-snap',
      'dana',
      'doku',
      'mandiri',
      'snap',
    ]);
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

  it('refuse a knob without its source or confidence, and a service outside the catalogue', () => {
    const base = {
      bank: 'x',
      basePath: { value: '/v1.0', source: 's', confidence: 'documented' },
      signatureEncoding: { value: 'base64', source: 's', confidence: 'documented' },
      timestampFormat: { value: 'snap', source: 's', confidence: 'documented' },
      externalIdDigits: { value: 16, source: 's', confidence: 'assumed' },
      signature: { value: 'symmetric', source: 's', confidence: 'seen in SDK' },
      services: {},
    };
    expect(parseBankProfile(base, 'x.yaml').bank).toBe('x');
    expect(() => parseBankProfile({ ...base, basePath: { value: '/v1.0' } }, 'x.yaml')).toThrow(
      /basePath needs value, source and confidence/,
    );
    expect(() =>
      parseBankProfile(
        { ...base, signature: { value: 'symmetric', source: 's', confidence: 'sure' } },
        'x.yaml',
      ),
    ).toThrow(/signature/);
    expect(() => parseBankProfile({ ...base, services: { 'qr/qr-mpm-generat': {} } }, 'x.yaml')).toThrow(
      /not in the SNAP catalogue/,
    );
    expect(() =>
      parseBankProfile({ ...base, services: { 'bank-statement': { path: { value: '/x' } } } }, 'x.yaml'),
    ).toThrow(/services.bank-statement.path/);
  });
});
