/**
 * A collection's in-Postman checks say what a bank's contract rests on, as `kontrak run` does:
 * each request's check call carries the basis its bank profile states for the service.
 */
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/load/project.ts';
import { renderCollection } from '../../src/render/postman.ts';
import { signerScript } from '../../src/render/bundle-signer.ts';
import { REPO_ROOT } from '../support/project.ts';

const project = loadProject(REPO_ROOT).value!;

describe('the basis in a rendered collection', () => {
  it("passes BCA's basis of each service to the checks of its requests", async () => {
    const suite = project.suites.find((s) => s.name === 'disbursement@bca')!;
    const collection = renderCollection({
      suite,
      provider: project.providers.get(suite.provider)!,
      signerScript: await signerScript(),
      forPostman: true,
    });
    const inquiry = collection.item.find((i) => i.name === 'external account inquiry')!;
    const script = (inquiry.event ?? []).flatMap((e) => e.script.exec).join('\n');
    expect(script).toContain(
      '"basis":{"bank":"bca","kind":"documented sample","source":"https://developer.bca.co.id/id/Dokumentasi',
    );
  });
});
