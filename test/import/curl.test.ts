/**
 * `kontrak import curl`: one request per curl command, as pasted into a ticket or a bank's SIT
 * workbook (line continuations, -X, -H, -d / --data-raw, quoting), the signing headers mapped to
 * kontrak's scheme; a command it cannot send is a positioned error and nothing is written.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { kontrak } from '../support/cli.ts';
import { REPO_ROOT, tempProject } from '../support/project.ts';

const PROVIDER = readFileSync(join(REPO_ROOT, 'collections', 'snap', 'provider.yaml'), 'utf8');

const WORKBOOK = `# SIT rows: token, then balance inquiry
curl --location --request POST 'https://sandbox.bank.example/v1.0/access-token/b2b' \\
  --header 'X-SIGNATURE: c2lnbmF0dXJl' \\
  --header "X-TIMESTAMP: 2026-12-07T10:00:00+07:00" \\
  --header 'X-CLIENT-KEY: partner-1' \\
  --header 'Content-Type: application/json' \\
  --data-raw '{"grantType": "client_credentials"}'

curl -X POST "https://sandbox.bank.example/v1.0/balance-inquiry" \\
  -H "Authorization: Bearer eyJ0b2tlbiJ9" \\
  -H "X-SIGNATURE: aG1hYw==" -H "X-TIMESTAMP: 2026-12-07T10:00:01+07:00" \\
  -H "X-PARTNER-ID: partner-1" -H "X-EXTERNAL-ID: 41807553358950093184" -H "CHANNEL-ID: 95221" \\
  -H 'Content-Type: application/json' -H "X-Trace: ticket 42, it's \\"quoted\\"" \\
  -d '{"partnerReferenceNo": "BAL0000000001", '"\\"accountNo\\""': "0011223344"}'
`;

let cleanup = (): void => undefined;
afterEach(() => cleanup());

function project(files: Record<string, string>): string {
  const temp = tempProject({ 'collections/snap/provider.yaml': PROVIDER, ...files });
  cleanup = temp.cleanup;
  return temp.root;
}

interface ImportedSuite {
  suite: { name: string; provider: string; requests: Array<Record<string, unknown>> };
}

describe('kontrak import curl', () => {
  it('makes one signed request per command, which validates and runs against the mock', async () => {
    const root = project({ 'sit.sh': WORKBOOK });
    const imported = await kontrak(['import', 'curl', 'sit.sh', '--for', 'snap'], { cwd: root });
    expect(imported.code, imported.stderr).toBe(0);
    const file = join(root, 'collections', 'imported', 'sit.yaml');
    const { suite } = parse(readFileSync(file, 'utf8')) as ImportedSuite;
    expect(suite.provider).toBe('snap');
    expect(suite.requests).toEqual([
      {
        name: 'POST /v1.0/access-token/b2b',
        method: 'POST',
        path: '/v1.0/access-token/b2b',
        body: { grantType: 'client_credentials' },
        sign: 'snap-token',
        expect: { status: 200, schema: 'snap/access-token.response.json' },
        capture: { '@access_token': 'accessToken' },
      },
      {
        name: 'POST /v1.0/balance-inquiry',
        method: 'POST',
        path: '/v1.0/balance-inquiry',
        // The signer's headers and the provider's own (X-PARTNER-ID, CHANNEL-ID) are kontrak's to send.
        headers: { 'X-Trace': 'ticket 42, it\'s "quoted"' },
        body: { partnerReferenceNo: 'BAL0000000001', accountNo: '0011223344' },
        sign: 'snap-transaction',
        expect: { status: 200, schema: 'snap/balance-inquiry.response.json' },
      },
    ]);
    expect((await kontrak(['validate'], { cwd: root })).code).toBe(0);
    const run = await kontrak(['run', '--reporters', 'json', '--out', 'reports'], { cwd: root });
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
  }, 120_000);

  it('points at a command it cannot send, and writes nothing', async () => {
    const root = project({
      'sit.sh': `${WORKBOOK}\ncurl -X POST https://sandbox.bank.example/v1.0/upload \\\n  -F 'file=@statement.pdf'\n`,
    });
    const imported = await kontrak(['import', 'curl', 'sit.sh', '--for', 'snap'], { cwd: root });
    expect(imported.code).toBe(2);
    expect(imported.stderr).toContain(
      'sit.sh:16:1 error[E_IMPORT_UNMAPPABLE] this curl command cannot become a request: curl option -F has no kontrak equivalent',
    );
    expect(imported.stderr).toContain('nothing was written');
    expect(existsSync(join(root, 'collections', 'imported'))).toBe(false);
  }, 60_000);

  it('replaces an earlier import only with --force', async () => {
    const root = project({ 'sit.sh': WORKBOOK });
    expect((await kontrak(['import', 'curl', 'sit.sh', '--for', 'snap'], { cwd: root })).code).toBe(0);
    const again = await kontrak(['import', 'curl', 'sit.sh', '--for', 'snap'], { cwd: root });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('error[E_IMPORT_EXISTS] collections/imported/sit.yaml exists');
    const forced = await kontrak(['import', 'curl', 'sit.sh', '--for', 'snap', '--force'], {
      cwd: root,
    });
    expect(forced.code).toBe(0);
    expect(readdirSync(join(root, 'collections', 'imported'))).toEqual(['sit.yaml']);
  }, 60_000);
});
