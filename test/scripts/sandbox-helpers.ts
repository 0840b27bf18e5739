/** Runs the bundled signer inside postman-sandbox 4.7.1, the sandbox newman 6.2.2 uses. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { signerScript } from '../../src/render/bundle-signer.ts';
import type { ProviderSigning } from '../../src/model/types.ts';
import { toText } from '../../src/to-text.ts';

const require = createRequire(import.meta.url);

interface SandboxContext {
  execute(
    event: { listen: string; script: { exec: string[] } },
    options: { context: Record<string, unknown>; timeout?: number },
    cb: (err: unknown, result: ExecutionResult) => void,
  ): void;
  on(event: string, fn: (...args: unknown[]) => void): void;
  removeListener(event: string, fn: (...args: unknown[]) => void): void;
  dispose(): void;
}

export interface ExecutionResult {
  request: {
    method: string;
    url: { path?: string[]; query?: Array<{ key: string; value: string | null }> };
    header?: Array<{ key: string; value: string }>;
    body?: { mode: string; raw?: string; options?: unknown };
  };
  environment: { values: Array<{ key: string; value: unknown }> };
}

const Sandbox = require('postman-sandbox') as {
  createContext(options: Record<string, unknown>, cb: (err: unknown, ctx: SandboxContext) => void): void;
};

export function createSandbox(): Promise<SandboxContext> {
  return new Promise((resolve, reject) =>
    Sandbox.createContext({ timeout: 60_000 }, (err, ctx) =>
      err ? reject(err instanceof Error ? err : new Error(toText(err))) : resolve(ctx),
    ),
  );
}

export interface Variable {
  key: string;
  value: string;
}

export interface RunInput {
  request?: Record<string, unknown>;
  collectionVariables?: Variable[];
  environment?: Variable[];
  /** Lines run after the signer script (they see `kontrakSigner` and `pm`). */
  after?: string[];
  /** Replace the signer script entirely. */
  script?: string[];
}

export interface RunOutput {
  error: Error | undefined;
  request: ExecutionResult['request'];
  /** What the extra lines stored with `pm.environment.set('out', JSON.stringify(x))`. */
  out: unknown;
  headers: Record<string, string>;
}

/** Executes the full collection-level pre-request script (plus `after`) as a prerequest event. */
export async function run(ctx: SandboxContext, input: RunInput): Promise<RunOutput> {
  const lines = input.script ?? [...(await signerScript()), ...(input.after ?? [])];
  const request = input.request ?? { url: 'http://127.0.0.1/none', method: 'GET' };
  // A signer that cannot sign logs why on the console and skips the request, ending the script
  // without an error of its own: the console line is the error.
  const consoleErrors: string[] = [];
  const onConsole = (_cursor: unknown, level: unknown, ...messages: unknown[]): void => {
    if (level === 'error') consoleErrors.push(messages.map(String).join(' '));
  };
  ctx.on('console', onConsole);
  return new Promise((resolve) => {
    ctx.execute(
      { listen: 'prerequest', script: { exec: lines } },
      {
        context: {
          request,
          collectionVariables: input.collectionVariables ?? [],
          environment: input.environment ?? [],
        },
      },
      (err, result) => {
        /* eslint-disable @typescript-eslint/no-unnecessary-condition -- on a sandbox error there is no result, whatever its type says */
        const outVar = result?.environment?.values?.find((v) => v.key === 'out');
        const headers: Record<string, string> = {};
        for (const h of result?.request?.header ?? []) headers[h.key] = h.value;
        ctx.removeListener('console', onConsole);
        const logged = consoleErrors[0] !== undefined ? new Error(consoleErrors[0]) : undefined;
        resolve({
          error: err
            ? err instanceof Error
              ? err
              : new Error(toText((err as { message?: unknown }).message ?? err))
            : logged,
          request: result?.request,
          /* eslint-enable @typescript-eslint/no-unnecessary-condition */
          out: outVar ? JSON.parse(String(outVar.value)) : undefined,
          headers,
        });
      },
    );
  });
}

/** Evaluates `expression` (JS using kontrakSigner / CryptoJS) in the sandbox and returns its JSON value. */
export async function evaluate(
  ctx: SandboxContext,
  expression: string,
  environment: Variable[] = [],
): Promise<unknown> {
  const r = await run(ctx, {
    environment,
    after: [
      `var CryptoJS = require('crypto-js'); pm.environment.set('out', JSON.stringify((function () { return ${expression}; })()));`,
    ],
  });
  if (r.error) throw r.error;
  return r.out;
}

export interface SigningVectors {
  rsaDemoKey: { privateKeyPkcs8Pem: string; publicKeySpkiPem: string };
  vectors: Array<Record<string, string | boolean> & { id: string }>;
}

export function loadVectors(): SigningVectors {
  const path = new URL('../fixtures/vectors/signing-vectors.json', import.meta.url);
  return JSON.parse(readFileSync(path, 'utf8')) as SigningVectors;
}

export function vector(vectors: SigningVectors, id: string): Record<string, string> {
  const v = vectors.vectors.find((x) => x.id === id);
  if (!v) throw new Error(`vector ${id} missing`);
  return v as Record<string, string>;
}

export function profile(overrides: Partial<ProviderSigning> = {}): ProviderSigning {
  return {
    provider: 'p',
    signatureEncoding: 'base64',
    signedPathStripPrefix: '',
    signQuery: 'excluded',
    bodyHash: 'minified',
    timestampFormat: 'snap',
    externalIdHeader: 'X-EXTERNAL-ID',
    externalIdDigits: 9,
    ...overrides,
  };
}
