/** `validate`: a suite's `service:` names a catalogue service and a provider's `bank:` a shipped profile, with a did-you-mean. */
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/load/project.ts';
import { tempProject } from '../support/project.ts';
import { defined } from '../support/defined.ts';

const provider = (bank: string, extra = '') => `kontrak: 1
provider:
  name: bank
  bank: ${bank}
${extra}  credentials:
    client_id: { secret: false }
`;
const suite = (service: string) => `kontrak: 1
suite:
  name: s
  provider: bank
  requests:
    - name: r
      method: POST
      service: ${service}
      sign: snap-transaction
      expect: { status: 200 }
`;

function diagnosticsOf(files: Record<string, string>) {
  const project = tempProject(files);
  try {
    return loadProject(project.root);
  } finally {
    project.cleanup();
  }
}

describe('service: and bank: are checked', () => {
  it('an unknown service is an error at its request, with the closest catalogue service', () => {
    const { diagnostics } = diagnosticsOf({
      'collections/p.yaml': provider('snap'),
      'collections/s.yaml': suite('qr/qr-mpm-generat'),
    });
    const d = diagnostics.find((x) => x.code === 'E_UNKNOWN_SERVICE');
    expect(d?.message).toBe('service "qr/qr-mpm-generat" is not in the SNAP catalogue');
    expect(d?.hint).toBe('did you mean "qr/qr-mpm-generate"?');
    expect([d?.file?.endsWith('s.yaml'), d?.line]).toEqual([true, 6]);
  });

  it("a provider's own paths entry may name a service outside the catalogue", () => {
    const { diagnostics } = diagnosticsOf({
      'collections/p.yaml': provider('snap', '  paths:\n    sandbox-tools/pay: /tools/pay\n'),
      'collections/s.yaml': suite('sandbox-tools/pay'),
    });
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('an unknown bank is an error at bank:, with the closest shipped profile', () => {
    const { diagnostics } = diagnosticsOf({
      'collections/p.yaml': provider('dnaa'),
      'collections/s.yaml': suite('balance-inquiry'),
    });
    const d = diagnostics.find((x) => x.code === 'E_UNKNOWN_BANK');
    expect([d?.message, d?.hint, d?.line, d?.column]).toEqual([
      'no bank profile "dnaa"',
      'did you mean "dana"?',
      4,
      9,
    ]);
  });

  it('a provider file overrides its bank: its own path and service code win', () => {
    const { value, diagnostics } = diagnosticsOf({
      'collections/p.yaml': provider(
        'dana',
        '  paths:\n    balance-inquiry: /v2.0/balance.htm\n  services:\n    balance-inquiry: { serviceCode: "99", source: our sandbox notes }\n',
      ),
      'collections/s.yaml': suite('balance-inquiry'),
    });
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const request = defined(defined(defined(value).suites[0]).requests[0]);
    expect([request.path, request.serviceCode, request.serviceCodeSource, request.sign]).toEqual([
      '/v2.0/balance.htm',
      '99',
      'our sandbox notes',
      'snap-asymmetric',
    ]);
    expect(defined(defined(value).providers.get('bank')).mock).toBe('dana');
  });
});
