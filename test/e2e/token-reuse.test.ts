import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSchemas } from '../../src/schemas/registry.ts';
import { bankOverlays } from '../../src/load/bank-profiles.ts';
import { loadProject } from '../../src/load/project.ts';
import { renderCollection } from '../../src/render/postman.ts';
import { runInEnvironment } from '../../src/cli/run-environment.ts';
import { createSandbox, run } from '../scripts/sandbox-helpers.ts';
import { PROVIDER_YAML, SUITE_YAML, tempProject } from '../support/project.ts';

const CREATE_VA = `
    - name: create
      method: POST
      path: /nicepay/api/v1.0/transfer-va/create-va
      sign: snap-transaction
      headers: { CHANNEL-ID: "{{nicepay_client_id}}01" }
      body:
        partnerServiceId: ""
        customerNo: ""
        virtualAccountNo: ""
        virtualAccountName: "A"
        trxId: "T{{$guid}}"
        totalAmount: { value: "1.00", currency: IDR }
        additionalInfo: { bankCd: BMRI, goodsNm: test, dbProcessUrl: "https://merchant.example/notify" }
      expect: { status: 200, responseCode: "2002700" }
`;

describe('token chaining', () => {
  it('fetches a token once per provider per run; later suites reuse it and still sign with it', async () => {
    const project = tempProject({
      'collections/p.yaml': PROVIDER_YAML,
      'collections/a.yaml': SUITE_YAML + CREATE_VA,
      'collections/b.yaml': SUITE_YAML.replace('name: tiny', 'name: tiny-two') + CREATE_VA,
    });
    try {
      const loaded = loadProject(project.root);
      expect(loaded.diagnostics).toEqual([]);
      const outcome = await runInEnvironment({
        project: loaded.value!,
        schemas: loadSchemas(join(project.root, 'schemas'), undefined, {
          overlays: bankOverlays(project.root),
        }).value!,
        environment: 'mock',
        suites: loaded.value!.suites,
        processEnv: {},
        timeoutRequest: 5000,
      });
      const [first, second] = outcome.value!.suites;
      expect(first!.exchanges[0]!.response?.status).toBe(200);
      const reused = second!.exchanges[0]!;
      expect(reused.passed).toBe(true);
      expect(reused.response).toBeUndefined();
      expect(reused.checks[0]!.message).toMatch(
        /^not sent: reused nicepay_access_token fetched earlier in this run, valid \d+ s more$/,
      );
      // The reused token is accepted by the bank for the next call.
      expect(second!.exchanges[1]!.checks.filter((c) => !c.passed)).toEqual([]);
    } finally {
      project.cleanup();
    }
  });

  it('a token with less than a minute left is fetched again; the Postman collection always fetches', async () => {
    const project = tempProject({ 'collections/p.yaml': PROVIDER_YAML, 'collections/a.yaml': SUITE_YAML });
    const ctx = await createSandbox();
    try {
      const loaded = loadProject(project.root).value!;
      const suite = loaded.suites[0]!;
      const provider = loaded.providers.get('nicepay')!;
      const item = renderCollection({ suite, provider, signerScript: [], forPostman: false }).item[0]!;
      const reuse = item.event!.find((e) => e.listen === 'prerequest')!.script.exec;
      const skipped = async (expiresInMs: number): Promise<boolean> => {
        let skip = false;
        const onSkip = (): void => {
          skip = true;
        };
        ctx.on('execution.skipRequest', onSkip);
        const out = await run(ctx, {
          script: [...reuse, "pm.environment.set('out', JSON.stringify('ran to the end'))"],
          environment: [
            { key: 'nicepay_access_token', value: 'tok' },
            { key: 'nicepay_access_token_expires_at', value: String(Date.now() + expiresInMs) },
          ],
        });
        ctx.removeListener('execution.skipRequest', onSkip);
        return out.out === undefined || skip;
      };
      expect(await skipped(600_000)).toBe(true);
      expect(await skipped(30_000)).toBe(false);
      expect(await skipped(-1)).toBe(false);
      const forPostman = renderCollection({ suite, provider, signerScript: [], forPostman: true }).item[0]!;
      expect((forPostman.event ?? []).some((e) => e.listen === 'prerequest')).toBe(false);
    } finally {
      ctx.dispose();
      project.cleanup();
    }
  });
});
