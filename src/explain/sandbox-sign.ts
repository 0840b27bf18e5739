import { createRequire } from 'node:module';
import type { EnvValue } from '../env/values.ts';
import type { PostmanCollection, PostmanItem } from '../render/postman-types.ts';
import { signerLibrary } from '../render/bundle-signer.ts';
import type { SignResult } from '../../scripts/sign-request.ts';
import { toText } from '../to-text.ts';

const require = createRequire(import.meta.url);

/** What the signer returns for one request: the sandbox code's own type. */
export type SandboxSignResult = SignResult;

export interface SandboxSignOutput {
  result?: SandboxSignResult;
  error?: string;
  /** Headers of the request after signing, as they would be sent. */
  headers: Array<{ key: string; value: string }>;
  url: string;
}

interface SandboxContext {
  execute(
    event: { listen: string; script: { exec: string[] } },
    options: { context: Record<string, unknown>; timeout?: number },
    cb: (
      err: unknown,
      result: {
        request?: { url?: unknown; header?: Array<{ key: string; value: string }> };
        environment?: { values?: Array<{ key: string; value: unknown }> };
      },
    ) => void,
  ): void;
  dispose(): void;
}
interface SandboxModule {
  createContext(options: Record<string, unknown>, cb: (err: unknown, ctx: SandboxContext) => void): void;
}

const OUT_VARIABLE = 'kontrak_explain_result';

/** The sandbox hands the pinned URL back as a v2.1 URL object; postman-collection prints it. */
function urlText(url: unknown): string {
  if (typeof url === 'string') return url;
  // postman-collection is newman's own model library (pinned by newman 6.2.2).
  const { Url } = require('postman-collection') as { Url: new (u: unknown) => { toString(): string } };
  return new Url(url).toString();
}

/** `{{name}}` → its value, as the runtime does at send time (headers are resolved after scripts). */
function resolveVariables(text: string, values: EnvValue[]): string {
  return text.replace(
    /\{\{([^{}]+)\}\}/g,
    (whole, name: string) => values.find((v) => v.key === name)?.value ?? whole,
  );
}

/**
 * Runs the very signer the collections carry, in the same Postman sandbox version newman uses,
 * on one request: what `explain` prints is what newman and Postman would sign.
 */
export async function signInSandbox(
  collection: PostmanCollection,
  item: PostmanItem,
  values: EnvValue[],
): Promise<SandboxSignOutput> {
  const Sandbox = require('postman-sandbox') as SandboxModule;
  const library = await signerLibrary();
  const ctx = await new Promise<SandboxContext>((resolve, reject) =>
    Sandbox.createContext({ timeout: 30_000 }, (err, c) =>
      err ? reject(err instanceof Error ? err : new Error(toText(err))) : resolve(c),
    ),
  );
  const exec = [
    library,
    'try {',
    `  pm.environment.set(${JSON.stringify(OUT_VARIABLE)}, JSON.stringify({ result: kontrakSigner.signRequest(pm, require('crypto-js')) }));`,
    '} catch (e) {',
    `  pm.environment.set(${JSON.stringify(OUT_VARIABLE)}, JSON.stringify({ error: String(e && e.message || e) }));`,
    '}',
  ];
  try {
    return await new Promise<SandboxSignOutput>((resolve, reject) => {
      ctx.execute(
        { listen: 'prerequest', script: { exec } },
        {
          context: {
            request: item.request,
            collectionVariables: collection.variable.map((v) => ({ key: v.key, value: v.value })),
            environment: values.map((v) => ({ key: v.key, value: v.value })),
          },
        },
        (err, result) => {
          if (err) {
            reject(
              err instanceof Error ? err : new Error(toText((err as { message?: string }).message ?? err)),
            );
            return;
          }
          const out = result.environment?.values?.find((v) => v.key === OUT_VARIABLE)?.value;
          const parsed = (out ? JSON.parse(toText(out)) : {}) as {
            result?: SandboxSignResult;
            error?: string;
          };
          resolve({
            ...(parsed.result ? { result: parsed.result } : {}),
            ...(parsed.error ? { error: parsed.error } : {}),
            headers: (result.request?.header ?? []).map((h) => ({
              key: h.key,
              value: resolveVariables(toText(h.value), values),
            })),
            url: urlText(result.request?.url),
          });
        },
      );
    });
  } finally {
    ctx.dispose();
  }
}
