import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A throwaway project: the real schemas plus the given collection files. Removed by `cleanup`. */
export function tempProject(files: Record<string, string>): { root: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'kontrak-test-'));
  cpSync(join(REPO_ROOT, 'schemas'), join(root, 'schemas'), { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kontrak-out-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const PROVIDER_YAML = `kontrak: 1
provider:
  name: nicepay
  baseUrls:
    sandbox: https://dev.nicepay.co.id
  signing:
    signedPathStripPrefix: /nicepay
  headers:
    X-PARTNER-ID: "{{nicepay_client_id}}"
  credentials:
    client_id: { secret: false }
    client_secret: { secret: true }
    private_key: { secret: true }
`;

export const SUITE_YAML = `kontrak: 1
suite:
  name: tiny
  provider: nicepay
  requests:
    - name: token
      method: POST
      path: /nicepay/v1.0/access-token/b2b
      sign: snap-token
      body:
        grantType: client_credentials
      expect:
        status: 200
        responseCode: "2007300"
        schema: nicepay/access-token.response.json
      capture:
        nicepay_access_token: accessToken
`;
