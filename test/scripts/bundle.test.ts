/** The shape of the collection-level script that the renderer embeds, and what scripts/ may use. */
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { signerBundleBytes, signerScript } from '../../src/render/bundle-signer.ts';

describe('signerScript', () => {
  it('is the guarded global plus one signRequest(pm, CryptoJS or its fallback) call', async () => {
    const lines = await signerScript();
    const script = lines.join('\n');
    expect(script).toMatch(
      /^if\(typeof kontrakSigner=='undefined'\|\|kontrakSigner\.version!='[0-9a-f]{12}'\)\{kontrakSigner=\(function\(\)\{/,
    );
    // the sandbox's CryptoJS when it has one, else scripts/crypto-fallback.ts
    expect(script).toContain(
      "try{kontrakSigner.signRequest(pm,kontrakSigner.pickCryptoJS(function(){return require('crypto-js')}))}catch(e){",
    );
    // a request that cannot be signed is skipped, never sent unsigned, and a failing test says why
    expect(script).toContain("pm.test('signing: '+kontrakWhy+' (request not sent)'");
    expect(script).toMatch(/pm\.execution\.skipRequest\(\)\}$/);
    // crypto-js stays external: the sandbox provides it
    expect(script).not.toMatch(/CryptoJS\s*=\s*function|enc\.Utf8\s*=/);
    expect(await signerBundleBytes()).toBe(Buffer.byteLength(script, 'utf8'));
  });

  it('is cached, ASCII-only and uses no API missing from sandbox 4.7.1', async () => {
    const a = await signerScript();
    const b = await signerScript();
    expect(a).toEqual(b);
    a.push('mutated');
    expect(await signerScript()).toEqual(b); // callers get a copy
    const script = b.join('\n');
    // eslint-disable-next-line no-control-regex -- tab and newline are the control characters allowed
    expect(/^[\x09\x0a\x20-\x7e]*$/.test(script)).toBe(true);
    expect(script).not.toMatch(
      /\b(globalThis|TextEncoder|TextDecoder|crypto\.subtle|structuredClone|process\.|window\.|self\.)/,
    );
    expect(script).not.toMatch(/\bnew URL\(|\bURLSearchParams\b|\batob\(|\bbtoa\(|\bBuffer\b/);
    const bytes = await signerBundleBytes();
    expect(bytes).toBeGreaterThan(5_000);
    expect(bytes).toBeLessThan(25_000);
  });
});

describe('scripts/ type-checks against ES2020 alone (no DOM, no Node)', () => {
  it('has no errors under scripts/tsconfig.json', () => {
    const configPath = fileURLToPath(new URL('../../scripts/tsconfig.json', import.meta.url));
    const config = ts.getParsedCommandLineOfConfigFile(
      configPath,
      {},
      { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
    )!;
    const program = ts.createProgram(config.fileNames, config.options);
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
    expect(config.options.lib).toEqual(['lib.es2020.d.ts']);
  }, 30_000);
});
