/**
 * Helpers of the run benchmarks (not a benchmark itself: no `.bench.ts`): a throwaway project of
 * generated NICEPAY suites, and a mock bank with partner credentials registered for it.
 */
import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSchemas, type SchemaRegistry } from '../src/schemas/registry.ts';
import { bankOverlays } from '../src/load/bank-profiles.ts';
import { loadProject } from '../src/load/project.ts';
import { startMockBank, type MockPartner, type RunningMock } from '../src/mock/server.ts';
import type { Project } from '../src/model/types.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const TOKEN = `    - name: token
      method: POST
      path: /nicepay/v1.0/access-token/b2b
      sign: snap-token
      body: { grantType: client_credentials, additionalInfo: {} }
      expect: { status: 200, responseCode: "2007300", schema: nicepay/access-token.response.json }
      capture: { nicepay_access_token: accessToken }
`;

// A guid, not {{$timestamp}}{{$randomInt}}: runs repeat within a second, and one trxId in a thousand
// would meet its twin (the mock answers 4092701 Duplicate trxId).
const createVa = (suite: number, n: number): string => `    - name: create VA ${n}
      method: POST
      path: /nicepay/api/v1.0/transfer-va/create-va
      sign: snap-transaction
      body:
        partnerServiceId: ""
        customerNo: ""
        virtualAccountNo: ""
        virtualAccountName: "Bench Customer ${n}"
        trxId: "B${suite}N${n}-{{$guid}}"
        totalAmount: { value: "10000.00", currency: IDR }
        additionalInfo: { bankCd: BMRI, goodsNm: Bench, dbProcessUrl: "https://merchant.example/notify", vacctValidDt: "", vacctValidTm: "", msId: "", msFee: "", mbFee: "", mbFeeType: "" }
      expect: { status: 200, responseCode: "2002700", schema: nicepay/create-va.response.json }
`;

export interface BenchProject {
  root: string;
  project: Project;
  schemas: SchemaRegistry;
  cleanup(): void;
}

/** `suites` suites of `requests` signed requests each (an access token, then create-VA calls). */
export function benchProject(suites: number, requests: number): BenchProject {
  const root = mkdtempSync(join(tmpdir(), 'kontrak-bench-'));
  cpSync(join(ROOT, 'schemas'), join(root, 'schemas'), { recursive: true });
  mkdirSync(join(root, 'collections', 'nicepay'), { recursive: true });
  mkdirSync(join(root, 'collections', 'environments'), { recursive: true });
  cpSync(
    join(ROOT, 'collections', 'nicepay', 'provider.yaml'),
    join(root, 'collections', 'nicepay', 'provider.yaml'),
  );
  cpSync(
    join(ROOT, 'collections', 'environments', 'sandbox.yaml'),
    join(root, 'collections', 'environments', 'sandbox.yaml'),
  );
  for (let s = 1; s <= suites; s++) {
    const body = [TOKEN, ...Array.from({ length: requests - 1 }, (_, i) => createVa(s, i + 1))].join('\n');
    const name = `bench-${String(s).padStart(2, '0')}`;
    writeFileSync(
      join(root, 'collections', 'nicepay', `${name}.yaml`),
      `kontrak: 1\nsuite:\n  name: ${name}\n  provider: nicepay\n  requests:\n${body}`,
    );
  }
  const project = loadProject(root);
  const schemas = loadSchemas(join(root, 'schemas'), undefined, { overlays: bankOverlays(root) });
  if (!project.value || !schemas.value)
    throw new Error(JSON.stringify([...project.diagnostics, ...schemas.diagnostics], null, 2));
  return {
    root,
    project: project.value,
    schemas: schemas.value,
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

export interface BenchBank {
  /** Process variables for `--env sandbox` pointing at the mock. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * A mock bank knowing fresh NICEPAY credentials; every answer delayed by `latencyMs` (a bank's
 * network and processing time). `ownProcess`: the bank runs in a process of its own, as a real
 * bank does, so that its CPU is not counted as the run's (bench/_bank-process.ts).
 */
export async function benchBank(
  latencyMs: number,
  options: { ownProcess?: boolean } = {},
): Promise<BenchBank> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const clientId = 'BENCHPARTNER';
  const clientSecret = randomBytes(24).toString('base64url');
  const partners: MockPartner[] = [
    {
      provider: 'nicepay',
      clientId,
      clientSecret,
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    },
  ];
  const bank = options.ownProcess
    ? await bankProcess(partners, latencyMs)
    : await startMockBank({ partners, latencyMs });
  return {
    env: {
      NICEPAY_CLIENT_ID: clientId,
      NICEPAY_CLIENT_SECRET: clientSecret,
      NICEPAY_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      NICEPAY_BASE_URL: bank.url,
    },
    close: () => bank.close(),
  };
}

async function bankProcess(partners: MockPartner[], latencyMs: number): Promise<RunningMock> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin', 'run-ts.js'), join(ROOT, 'bench', '_bank-process.ts')],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, BENCH_BANK: JSON.stringify({ partners, latencyMs }) },
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.once('exit', (code) =>
      reject(new Error(`the bank process exited (${code}) before listening: ${out}`)),
    );
  });
  return {
    url,
    close: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
