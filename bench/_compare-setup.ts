/**
 * Helpers of bench/compare.bench.ts (not a benchmark itself): a throwaway project with NICEPAY
 * suites of N requests, one mock bank shared by every mode, the raw keep-alive HTTP loop, the
 * plain Postman collections of the newman modes, and a recorder of newman's per-item phases.
 */
import { createPrivateKey, sign } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import newman from 'newman';
import { stringify } from 'yaml';
import { loadSchemas, type SchemaRegistry } from '../src/schemas/registry.ts';
import { bankOverlays } from '../src/load/bank-profiles.ts';
import { generateMockCredentials } from '../src/env/values.ts';
import { loadProject } from '../src/load/project.ts';
import { startMockBank, type RunningMock } from '../src/mock/server.ts';
import type { Project } from '../src/model/types.ts';
import { useImmediateYields } from '../src/run/runtime-yield.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const TOKEN_PATH = '/nicepay/v1.0/access-token/b2b';
export const TOKEN_BODY = '{"grantType":"client_credentials","additionalInfo":{}}';

const token = (n: number, capture: boolean): object => ({
  name: `token ${n}`,
  method: 'POST',
  path: TOKEN_PATH,
  sign: 'snap-token',
  body: JSON.parse(TOKEN_BODY) as object,
  expect: { status: 200, responseCode: '2007300', schema: 'nicepay/access-token.response.json' },
  ...(capture ? { capture: { nicepay_access_token: 'accessToken' } } : {}),
});
const createVa = (n: number): object => ({
  name: `create VA ${n}`,
  method: 'POST',
  path: '/nicepay/api/v1.0/transfer-va/create-va',
  sign: 'snap-transaction',
  body: {
    partnerServiceId: '',
    customerNo: '',
    virtualAccountNo: '',
    virtualAccountName: `Bench Customer ${n}`,
    trxId: `C${n}T{{$timestamp}}R{{$randomInt}}`,
    totalAmount: { value: '10000.00', currency: 'IDR' },
    additionalInfo: {
      bankCd: 'BMRI',
      goodsNm: 'Bench',
      dbProcessUrl: 'https://merchant.example/notify',
      vacctValidDt: '',
      vacctValidTm: '',
      msId: '',
      msFee: '',
      mbFee: '',
      mbFeeType: '',
    },
  },
  expect: { status: 200, responseCode: '2002700', schema: 'nicepay/create-va.response.json' },
});

export interface CompareSetup {
  project: Project;
  schemas: SchemaRegistry;
  mockUrl: string;
  clientId: string;
  privatePem: string;
  /** NICEPAY_* process variables for the `sandbox` environment, pointed at the mock. */
  processEnv: Record<string, string>;
  close(): Promise<void>;
}

/**
 * Suites `rsa` (a token request capturing the token, then `n - 1` more token requests: every call
 * RSA-signed), `hmac` (a token, then `n - 1` HMAC-signed create-VA calls) and `warm` (10 token calls).
 */
export async function compareSetup(n: number): Promise<CompareSetup> {
  const root = mkdtempSync(join(tmpdir(), 'kontrak-compare-'));
  cpSync(join(ROOT, 'schemas'), join(root, 'schemas'), { recursive: true });
  for (const dir of ['nicepay', 'environments'])
    mkdirSync(join(root, 'collections', dir), { recursive: true });
  cpSync(
    join(ROOT, 'collections', 'nicepay', 'provider.yaml'),
    join(root, 'collections', 'nicepay', 'provider.yaml'),
  );
  cpSync(
    join(ROOT, 'collections', 'environments', 'sandbox.yaml'),
    join(root, 'collections', 'environments', 'sandbox.yaml'),
  );
  const suites: Record<string, object[]> = {
    rsa: [token(0, true), ...Array.from({ length: n - 1 }, (_, i) => token(i + 1, false))],
    hmac: [token(0, true), ...Array.from({ length: n - 1 }, (_, i) => createVa(i + 1))],
    warm: Array.from({ length: 10 }, (_, i) => token(i, i === 0)),
  };
  for (const [name, requests] of Object.entries(suites)) {
    writeFileSync(
      join(root, 'collections', 'nicepay', `${name}.yaml`),
      stringify({ kontrak: 1, suite: { name, provider: 'nicepay', requests } }),
    );
  }
  const project = loadProject(root);
  const schemas = loadSchemas(join(root, 'schemas'), undefined, { overlays: bankOverlays(root) });
  if (!project.value || !schemas.value)
    throw new Error(JSON.stringify([...project.diagnostics, ...schemas.diagnostics], null, 2));
  const generated = generateMockCredentials([project.value.providers.get('nicepay')!], '');
  const mock: RunningMock = await startMockBank({ partners: generated.partners });
  const processEnv = Object.fromEntries(
    generated.values.map((v) => [v.key.toUpperCase(), v.key.endsWith('_base_url') ? mock.url : v.value]),
  );
  return {
    project: project.value,
    schemas: schemas.value,
    mockUrl: mock.url,
    clientId: processEnv['NICEPAY_CLIENT_ID']!,
    privatePem: processEnv['NICEPAY_PRIVATE_KEY']!,
    processEnv,
    close: async () => {
      await mock.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** (a) The floor: `n` token calls signed with node:crypto, sequential, over one keep-alive socket. Resolves to the count of 200s. */
export async function rawHttp(setup: CompareSetup, n: number): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const key = createPrivateKey(setup.privatePem);
  const url = new URL(setup.mockUrl);
  let ok = 0;
  for (let i = 0; i < n; i++) {
    const timestamp = new Date().toISOString();
    const signature = sign('sha256', Buffer.from(`${setup.clientId}|${timestamp}`), key).toString('base64');
    const headers = {
      'Content-Type': 'application/json',
      'X-CLIENT-KEY': setup.clientId,
      'X-TIMESTAMP': timestamp,
      'X-SIGNATURE': signature,
    };
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        { agent, host: url.hostname, port: url.port, path: TOKEN_PATH, method: 'POST', headers },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(TOKEN_BODY);
    });
    if (status === 200) ok++;
  }
  agent.destroy();
  return ok;
}

const require = createRequire(import.meta.url);
const JSRSASIGN = readFileSync(require.resolve('jsrsasign/lib/jsrsasign-all-min.js'), 'utf8');

/** The classic public-SNAP-collection pattern: jsrsasign's source in a variable, eval-ed on every request. */
const JSRSASIGN_SCRIPT = [
  'var navigator = {}; var window = {};',
  "eval(pm.collectionVariables.get('jsrsasign'));",
  "var clientKey = pm.environment.get('client_id');",
  'var timestamp = new Date().toISOString();',
  "var sig = new KJUR.crypto.Signature({ alg: 'SHA256withRSA' });",
  "sig.init(pm.environment.get('private_key'));",
  "sig.updateString(clientKey + '|' + timestamp);",
  "pm.request.headers.upsert({ key: 'X-TIMESTAMP', value: timestamp });",
  "pm.request.headers.upsert({ key: 'X-SIGNATURE', value: hextob64(sig.sign()) });",
];

/**
 * (b) `bare`: no scripts, no signature (the mock answers 401 after finding the client: newman's own
 * cost); (c) `jsrsasign`: every call RSA-signed in the pre-request script; `empty-script`: a
 * one-statement pre-request script (what any sandbox-side signer pays before signing anything).
 */
export type PlainMode = 'bare' | 'jsrsasign' | 'empty-script';
const SCRIPTS: Record<PlainMode, string[]> = {
  bare: [],
  jsrsasign: JSRSASIGN_SCRIPT,
  'empty-script': ['var kontrakNoop = 1;'],
};

export function plainCollection(setup: CompareSetup, n: number, mode: PlainMode): object {
  return {
    info: {
      name: `compare-${mode}`,
      schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
    },
    item: Array.from({ length: n }, (_, i) => ({
      id: `i${i}`,
      name: `token ${i}`,
      request: {
        method: 'POST',
        url: `${setup.mockUrl}${TOKEN_PATH}`,
        header: [
          { key: 'Content-Type', value: 'application/json' },
          { key: 'X-CLIENT-KEY', value: '{{client_id}}' },
        ],
        body: { mode: 'raw', raw: TOKEN_BODY },
      },
    })),
    event:
      mode === 'bare'
        ? []
        : [{ listen: 'prerequest', script: { type: 'text/javascript', exec: SCRIPTS[mode] } }],
    variable: mode === 'jsrsasign' ? [{ key: 'jsrsasign', value: JSRSASIGN }] : [],
  };
}

/**
 * Runs a plain collection; resolves to the HTTP statuses seen, by count. `signInNode`: sign each
 * call in Node in newman's `beforeRequest` event (emitted synchronously with the resolved request
 * object that is then sent), i.e. with no sandbox script at all.
 */
export function runPlain(
  setup: CompareSetup,
  collection: object,
  signInNode = false,
): Promise<Map<number, number>> {
  const values = [
    { key: 'client_id', value: setup.clientId },
    { key: 'private_key', value: setup.privatePem },
  ];
  const key = createPrivateKey(setup.privatePem);
  const statuses = new Map<number, number>();
  // Stock newman: postman-runtime's own 1 ms timer yields, as any newman user gets them (kontrak's
  // runs switch them to setImmediate; see src/run/runtime-yield.ts).
  useImmediateYields(false);
  return new Promise((resolve, reject) => {
    const emitter = newman.run({ collection, environment: { values }, reporters: [] }, (err, summary) => {
      useImmediateYields(true);
      if (err) reject(err);
      else if (summary.run.failures.length)
        reject(new Error(`run failed: ${JSON.stringify(summary.run.failures[0]?.error)}`));
      else resolve(statuses);
    });
    if (signInNode) {
      emitter.on(
        'beforeRequest',
        (
          _e: unknown,
          args: { request: { headers: { upsert(h: { key: string; value: string }): void } } },
        ) => {
          const timestamp = new Date().toISOString();
          args.request.headers.upsert({ key: 'X-TIMESTAMP', value: timestamp });
          args.request.headers.upsert({
            key: 'X-SIGNATURE',
            value: sign('sha256', Buffer.from(`${setup.clientId}|${timestamp}`), key).toString('base64'),
          });
        },
      );
    }
    emitter.on('request', (_e: unknown, args: { response?: { code: number } }) => {
      const code = args.response?.code ?? 0;
      statuses.set(code, (statuses.get(code) ?? 0) + 1);
    });
  });
}

/** Per-item phases of a newman run, from its events (ms summed over items). */
export class Phases {
  readonly sum = {
    toScript: 0,
    preScript: 0,
    toSend: 0,
    http: 0,
    responseTime: 0,
    afterResponse: 0,
    betweenItems: 0,
    kontrakChecks: 0,
  };
  items = 0;
  private t: Record<string, number> = {};

  attach(emitter: EventEmitter): void {
    const on = (
      event: string,
      f: (now: number, args: { response?: { responseTime?: number } }) => void,
    ): void => {
      emitter.on(event, (_err: unknown, args: { response?: { responseTime?: number } }) =>
        f(performance.now(), args),
      );
    };
    on('beforeItem', (now) => {
      if (this.t['item'] !== undefined) this.sum.betweenItems += now - this.t['item'];
      this.t = { beforeItem: now };
    });
    on('beforePrerequest', (now) => (this.t['beforePrerequest'] = now));
    on('prerequest', (now) => (this.t['prerequest'] = now));
    on('beforeRequest', (now) => (this.t['beforeRequest'] = now));
    on('request', (now, args) => {
      this.t['request'] = now;
      this.sum.responseTime += args.response?.responseTime ?? 0;
    });
    on('item', (now) => {
      const t = this.t;
      const pre = t['beforePrerequest'] ?? t['beforeItem']!;
      const script = t['prerequest'] ?? pre;
      this.sum.toScript += pre - t['beforeItem']!;
      this.sum.preScript += script - pre;
      this.sum.toSend += t['beforeRequest']! - script;
      this.sum.http += t['request']! - t['beforeRequest']!;
      this.sum.afterResponse += now - t['request']!;
      this.items++;
      this.t = { item: now };
    });
    // Added once the caller (kontrak's runNewman) has added its own listeners: runs after them,
    // so request -> here is the time kontrak's checks take inside the `request` event.
    queueMicrotask(() =>
      emitter.on('request', () => (this.sum.kontrakChecks += performance.now() - this.t['request']!)),
    );
  }

  /** One line of per-item means. */
  line(): string {
    const m = (x: number): string => (x / Math.max(1, this.items)).toFixed(2);
    const s = this.sum;
    return (
      `beforeItem->pre-request ${m(s.toScript)} | pre-request script ${m(s.preScript)} | script->beforeRequest ${m(s.toSend)} | ` +
      `beforeRequest->request ${m(s.http)} (responseTime ${m(s.responseTime)}) | request->item ${m(s.afterResponse)} (kontrak checks ${m(s.kontrakChecks)}) | item->next item ${m(s.betweenItems)} ms/item`
    );
  }
}

/** Records the phases of every newman run started while `phases` is set (newman-run.ts calls newman.run). */
export function instrumentNewman(): { set(phases: Phases | undefined): void; restore(): void } {
  let current: Phases | undefined;
  const target: { run: typeof newman.run } = newman;
  const original = target.run;
  target.run = ((options: never, callback: never) => {
    const emitter = original(options, callback);
    current?.attach(emitter);
    return emitter;
  }) as typeof newman.run;
  return { set: (phases) => (current = phases), restore: () => (target.run = original) };
}
