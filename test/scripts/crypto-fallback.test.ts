import { createHash, createHmac, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { cryptoFallback as C, pickCryptoJS } from '../../scripts/crypto-fallback.ts';
import { nodeCryptoJS } from '../../src/run/node-signer.ts';

/** The signer's crypto where the sandbox has no CryptoJS: exact against node:crypto, and small. */
const BUDGET_BYTES = 2_500;

// Lengths around the SHA-256 (64-byte) and SHA-512 (128-byte) block and padding edges.
const LENGTHS = [0, 1, 55, 56, 63, 64, 65, 111, 112, 127, 128, 129, 1000];
const text = (n: number) => randomBytes(n).toString('base64').slice(0, n);

describe('cryptoFallback', () => {
  it.each(LENGTHS)('SHA-256, HMAC-SHA256 and HMAC-SHA512 of %i characters equal node:crypto', (n) => {
    const message = text(n);
    for (const key of ['k', 'client-secret-é', text(200)]) {
      expect(C.HmacSHA256(message, key).toString(C.enc.Base64)).toBe(
        createHmac('sha256', key).update(message, 'utf8').digest('base64'),
      );
      expect(C.HmacSHA512(message, key).toString(C.enc.Hex)).toBe(
        createHmac('sha512', key).update(message, 'utf8').digest('hex'),
      );
    }
    expect(C.SHA256(message).toString(C.enc.Hex)).toBe(createHash('sha256').update(message).digest('hex'));
  });

  it('reads strings as UTF-8, like CryptoJS', () => {
    const message = '{"name":"Zoë ✓ 😀 日本"}';
    expect(C.SHA256(message).toString(C.enc.Hex)).toBe(
      createHash('sha256').update(message, 'utf8').digest('hex'),
    );
    expect(C.HmacSHA512(message, 'kéy').toString(C.enc.Base64)).toBe(
      nodeCryptoJS.HmacSHA512(message, 'kéy').toString(nodeCryptoJS.enc.Base64),
    );
    expect(C.enc.Hex.parse('00ff10').toString(C.enc.Base64)).toBe('AP8Q');
  });

  it(`stays within its budget of ${BUDGET_BYTES} bytes minified`, async () => {
    const entry = fileURLToPath(new URL('../../scripts/crypto-fallback.ts', import.meta.url));
    const result = await build({
      stdin: {
        contents: `import { pickCryptoJS } from ${JSON.stringify(entry)}; export { pickCryptoJS };`,
        loader: 'ts',
        resolveDir: '.',
      },
      bundle: true,
      minify: true,
      format: 'esm',
      target: 'es2020',
      write: false,
    });
    const bytes = result.outputFiles.reduce((n, f) => n + f.contents.length, 0);
    expect(bytes).toBeGreaterThan(500);
    expect(bytes).toBeLessThanOrEqual(BUDGET_BYTES);
  });
});

describe('pickCryptoJS', () => {
  it("takes the sandbox's CryptoJS when it has one", () => {
    expect(pickCryptoJS(() => nodeCryptoJS)).toBe(nodeCryptoJS);
  });

  it('falls back when require throws, returns nothing, or returns something that is not CryptoJS', () => {
    expect(
      pickCryptoJS(() => {
        throw new Error("Cannot find module 'crypto-js'");
      }),
    ).toBe(C);
    expect(pickCryptoJS(() => undefined)).toBe(C);
    expect(pickCryptoJS(() => ({ SHA256: () => '' }))).toBe(C);
  });
});
