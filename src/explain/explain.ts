import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { parsePrivateKey } from '../env/keys.ts';
import { error, type Outcome } from '../diagnostics/diagnostic.ts';
import { closest } from '../diagnostics/suggest.ts';
import { generateMockCredentials, resolveRemoteValues, type EnvValue } from '../env/values.ts';
import {
  isPartner,
  processVariable,
  providerVariable,
  type Environment,
  type Provider,
  type Project,
  type RequestSpec,
  type Suite,
} from '../model/types.ts';
import { createRedactor } from '../redact.ts';
import { renderCollection } from '../render/postman.ts';
import { signerScript } from '../render/bundle-signer.ts';
import { signInSandbox, type SandboxSignOutput } from './sandbox-sign.ts';
import { must } from '../must.ts';
import { catalogueEntryByCode } from '../catalogue/catalogue.ts';
import { catalogueCodeOf } from '../model/service-codes.ts';
import { basisText } from '../model/basis.ts';

/** Where `explain` points the mock environment: the standalone mock's default address. */
const MOCK_URL = 'http://127.0.0.1:4010';

export interface Explanation {
  suite: Suite;
  request: RequestSpec;
  environment: string;
  signed: SandboxSignOutput;
  /** Things the reader must know (placeholders used, throwaway keys). */
  notes: string[];
  /** Inbound suites: the public half of the key kontrak signs with as the bank, for the partner. */
  bankPublicKey?: { variable: string; pem: string };
}

/**
 * The public key (SPKI PEM) matching the key kontrak signs with as the bank toward a partner:
 * what the partner configures as its bank's key. Undefined when the key is not readable.
 */
export function bankPublicKey(
  provider: Provider,
  values: EnvValue[],
): { variable: string; pem: string } | undefined {
  const field = provider.credentials.find((c) => c.signingKey)?.field;
  if (!isPartner(provider) || !field) return undefined;
  const text = values.find((v) => v.key === providerVariable(provider.name, field))?.value;
  if (!text) return undefined;
  try {
    const pem = createPublicKey(parsePrivateKey(text)).export({ type: 'spki', format: 'pem' }).toString();
    return { variable: processVariable(provider.name, field), pem };
  } catch {
    return undefined;
  }
}

/** `nicepay-va` + `create VA` | `2` | `02-create-va` → the request. */
export function findRequest(
  project: Project,
  suiteName: string,
  requestName: string,
): Outcome<{ suite: Suite; request: RequestSpec }> {
  const suite = project.suites.find((s) => s.name === suiteName);
  if (!suite) {
    const guess = closest(
      suiteName,
      project.suites.map((s) => s.name),
    );
    return {
      diagnostics: [
        error('E_UNKNOWN_SUITE', `no suite named "${suiteName}"`, {
          hint: guess ? `did you mean "${guess}"?` : 'run `kontrak explain` to list suites',
        }),
      ],
    };
  }
  const wanted = requestName.toLowerCase();
  const request = suite.requests.find(
    (r, i) =>
      r.name.toLowerCase() === wanted || String(i + 1) === requestName || r.id.endsWith(`/${requestName}`),
  );
  if (!request) {
    const guess = closest(
      requestName,
      suite.requests.map((r) => r.name),
    );
    return {
      diagnostics: [
        error('E_UNKNOWN_REQUEST', `suite "${suite.name}" has no request "${requestName}"`, {
          hint: guess
            ? `did you mean "${guess}"?`
            : `its requests: ${suite.requests.map((r) => `"${r.name}"`).join(', ')}`,
        }),
      ],
    };
  }
  return { value: { suite, request }, diagnostics: [] };
}

/** Environment values for explaining: real where known, labelled placeholders where not. */
function explainValues(
  project: Project,
  environment: Environment,
  suite: Suite,
  request: RequestSpec,
  processEnv: Record<string, string | undefined>,
  notes: string[],
): EnvValue[] {
  const provider = must(project.providers.get(suite.provider), `provider ${suite.provider}`);
  const providers = [provider];
  const values =
    environment.kind === 'mock'
      ? generateMockCredentials(providers, MOCK_URL, { cache: processEnv.KONTRAK_CACHE_DIR }).values
      : (resolveRemoteValues({ environment, providers, processEnv, lenient: true }).value ?? []);
  const filled = values.map((v) => {
    if (v.value) return v;
    const field = v.key.slice(providerVariable(provider.name, '').length);
    if (field === 'private_key' || provider.credentials.some((c) => c.field === field && c.signingKey)) {
      notes.push(
        `${processVariable(provider.name, field)} is not set: signatures below use a throwaway key, so only the string to sign is meaningful`,
      );
      return {
        ...v,
        value: generateKeyPairSync('rsa', { modulusLength: 2048 })
          .privateKey.export({ type: 'pkcs8', format: 'pem' })
          .toString(),
      };
    }
    notes.push(`${processVariable(provider.name, field)} is not set: shown as <${v.key}>`);
    return { ...v, value: `<${v.key}>` };
  });
  const token = providerVariable(provider.name, 'access_token');
  if (request.sign === 'snap-transaction' || request.sign === 'bri-v2' || request.sign === 'bri-notify') {
    notes.push(`the access token exists only after the token request runs: shown as <${token}>`);
  }
  return [...filled, { key: token, value: `<${token}>`, secret: false }];
}

/** Sign one request exactly as a run would, without sending it. */
export async function explainRequest(options: {
  project: Project;
  environment: Environment;
  suite: Suite;
  request: RequestSpec;
  processEnv: Record<string, string | undefined>;
}): Promise<Explanation> {
  const { project, environment, suite, request } = options;
  const notes: string[] = [];
  const values = explainValues(project, environment, suite, request, options.processEnv, notes);
  const provider = must(project.providers.get(suite.provider), `provider ${suite.provider}`);
  const collection = renderCollection({
    suite,
    provider,
    signerScript: await signerScript(),
    forPostman: false,
  });
  const item = must(
    collection.item.find((i) => i.id === request.id),
    `rendered request ${request.id}`,
  );
  const signed = await signInSandbox(collection, item, values);
  const redactor = createRedactor();
  for (const v of values) if (v.secret) redactor.add(v.key, v.value);
  // A throwaway key stands in for an unset one: its public half would mislead.
  const keyField = provider.credentials.find((c) => c.signingKey)?.field ?? 'private_key';
  const keyKnown =
    environment.kind === 'mock' || !!options.processEnv[processVariable(provider.name, keyField)];
  const publicKey = keyKnown ? bankPublicKey(provider, values) : undefined;
  return {
    suite,
    request,
    environment: environment.name,
    signed: redactor.redactDeep(signed),
    notes,
    ...(publicKey ? { bankPublicKey: publicKey } : {}),
  };
}

function sha256Of(body: string): string {
  return createHash('sha256').update(body, 'utf8').digest('hex');
}

/** The catalogue service a request calls, and the code its responses carry when the provider's bank answers another. */
function serviceLine(request: Explanation['request']): string | undefined {
  const code = catalogueCodeOf(request);
  const entry = code === undefined ? undefined : catalogueEntryByCode(code);
  if (entry === undefined) return undefined;
  const answered =
    request.serviceCode !== undefined && request.serviceCode !== entry.code
      ? `; responses carry ${request.serviceCode} (${request.serviceCodeSource ?? 'provider override'})`
      : '';
  return `${entry.code} ${entry.name} (${entry.direction}, ${entry.audience})${answered}`;
}

/**
 * What the bank's contract for the service rests on (its documented sample, SDK, ASPI only, a
 * guess), the fields it holds mandatory, and the overlays its answer is held to, with sources.
 */
function contractLines(request: Explanation['request']): string[] {
  const lines: string[] = [];
  if (request.basis) lines.push(`basis           ${request.basis.bank}: ${basisText(request.basis)}`);
  if (request.basis?.note) lines.push(`                ${request.basis.note}`);
  for (const m of request.mandatory ?? [])
    lines.push(
      `mandatory       ${m.fields.join(', ')} (${m.bank === undefined ? '' : `${m.bank}: `}${m.source})`,
    );
  // Which bank's documented answers the response is held to, overlay by overlay, with sources.
  for (const overlay of request.contract?.overlays ?? [])
    lines.push(
      `contract        ${request.contract?.bank ?? ''}: ${overlay.field} ${overlay.change} (${overlay.confidence}: ${overlay.source})`,
    );
  return lines;
}

/** The human-readable form `kontrak explain` prints. */
export function formatExplanation(x: Explanation): string[] {
  const { request, signed } = x;
  const lines = [
    `${x.suite.name} / ${request.name}   (${request.source.file}:${request.source.line}, env ${x.environment})`,
  ];
  lines.push(`scheme          ${request.sign}${request.tamper ? ` (tampered: ${request.tamper})` : ''}`);
  lines.push(`request         ${request.method} ${signed.url}`);
  const service = serviceLine(request);
  if (service !== undefined) lines.push(`service         ${service}`);
  lines.push(...contractLines(request));
  if (request.sign === 'none') return [...lines, 'not signed'];
  if (signed.error || !signed.result) return [...lines, `cannot sign: ${signed.error ?? 'no result'}`];
  const r = signed.result;
  lines.push(`signed path     ${r.path}`);
  lines.push(`canonical body  ${r.body === '' ? '(empty)' : r.body}`);
  lines.push(`body sha256     ${sha256Of(r.body)}`);
  lines.push(`timestamp       ${r.timestamp}`);
  lines.push(`string to sign  ${r.stringToSign}`);
  lines.push(`signature       ${r.signature}`);
  lines.push('headers sent');
  for (const h of signed.headers) lines.push(`  ${h.key}: ${h.value}`);
  for (const note of x.notes) lines.push(`note: ${note}`);
  if (x.bankPublicKey) lines.push(...formatBankPublicKey(x.bankPublicKey));
  return lines;
}

/** The bank's public key, for the partner to configure: a public key, printed whole. */
export function formatBankPublicKey(key: { variable: string; pem: string }): string[] {
  return [
    `bank public key (the public half of ${key.variable}; configure it at your endpoint as the bank's key)`,
    ...key.pem.trimEnd().split('\n'),
  ];
}
