import { randomBytes } from 'node:crypto';
import { error, type Diagnostic, type Outcome } from '../diagnostics/diagnostic.ts';
import { signingPolicyOf, type SigningPolicy } from '../../scripts/signing-contract.ts';
import { checkPrivateKey } from './keys.ts';
import { MIN_SECRET_LENGTH } from '../redact.ts';
import { mockKeyPair, newMockKeyPair } from './mock-keys.ts';
import { processVariable, providerVariable, type Environment, type Provider } from '../model/types.ts';

/** One variable of a rendered environment. */
export interface EnvValue {
  key: string;
  value: string;
  secret: boolean;
}

/** A partner registered at the embedded mock bank (what the bank knows of us). */
export interface MockCredentials {
  /** BRI emulation: products the partner's tokens cover. */
  products?: string[];
  /** The mock bank emulation (provider.mock, else the provider name). */
  provider: string;
  clientId: string;
  clientSecret: string;
  publicKeyPem: string;
  /** How the provider signs: the mock verifies with these very knobs. */
  signing?: SigningPolicy;
}

export interface ResolveOptions {
  environment: Environment;
  providers: Provider[];
  processEnv: Record<string, string | undefined>;
  /** Templates for Postman: missing values stay empty instead of being errors. */
  lenient: boolean;
}

/**
 * What is wrong with a base URL, if anything: only http and https are sent to, and a URL carrying
 * a user and password would put them in every report and log line that names it.
 */
export function baseUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return `uses ${parsed.protocol.replace(/:$/, '')}: only http and https are allowed`;
  if (parsed.username || parsed.password)
    return 'carries a user or password (user:pass@host): put credentials in their own variables, never in the URL';
  if (parsed.search || parsed.hash)
    return 'has a query or fragment: a base URL is scheme, host, port and path only';
  return undefined;
}

/** Diagnostics for a `<PROVIDER>_BASE_URL` that is set and wrong (its value is never repeated). */
export function checkBaseUrlVariables(
  providers: Provider[],
  processEnv: Record<string, string | undefined>,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const provider of providers) {
    const variable = processVariable(provider.name, 'base_url');
    const value = processEnv[variable];
    const problem = value ? baseUrlProblem(value) : undefined;
    if (problem)
      diagnostics.push(
        error('E_BAD_BASE_URL', `${variable} ${problem}`, {
          hint: `set ${variable} to an http:// or https:// URL such as https://sandbox.bank.example`,
        }),
      );
  }
  return diagnostics;
}

/** What is wrong with one credential's value: unset, too short to mask, or an unusable key. */
function credentialProblems(
  provider: Provider,
  credential: Provider['credentials'][number],
  environment: string,
  value: string | undefined,
): Diagnostic[] {
  const variable = processVariable(provider.name, credential.field);
  if (!value)
    return [
      error(
        'E_MISSING_CREDENTIAL',
        `${variable} is not set: ${provider.name} ${credential.field} is needed for environment "${environment}"`,
        {
          hint: `export ${variable}=…${credential.description ? ` (${credential.description})` : ''}; kontrak never sends a request with an empty credential`,
        },
      ),
    ];
  const problems: Diagnostic[] = [];
  if (credential.secret && value.length < MIN_SECRET_LENGTH)
    problems.push(
      error(
        'E_SECRET_TOO_SHORT',
        `${variable} is ${value.length} character(s) long: a secret under ${MIN_SECRET_LENGTH} characters cannot be masked safely in reports and logs`,
        { hint: `check ${variable}; a real ${credential.field} is longer` },
      ),
    );
  if (credential.field === 'private_key' || credential.signingKey) {
    const problem = checkPrivateKey(variable, value);
    if (problem) problems.push(problem);
  }
  return problems;
}

/** Values of a remote environment, read from process variables named <PROVIDER>_<FIELD>. */
export function resolveRemoteValues(options: ResolveOptions): Outcome<EnvValue[]> {
  const { environment, providers, processEnv, lenient } = options;
  const values: EnvValue[] = [];
  const diagnostics: Diagnostic[] = lenient ? [] : checkBaseUrlVariables(providers, processEnv);
  for (const provider of providers) {
    const baseVariable = processVariable(provider.name, 'base_url');
    const baseUrl = processEnv[baseVariable] || provider.baseUrls[environment.name];
    if (!baseUrl && !lenient) {
      diagnostics.push(
        error(
          'E_MISSING_BASE_URL',
          `no base URL for provider "${provider.name}" in environment "${environment.name}"`,
          {
            ...provider.source,
            hint: `add baseUrls.${environment.name} to the provider file, or set ${baseVariable}`,
          },
        ),
      );
    }
    values.push({ key: providerVariable(provider.name, 'base_url'), value: baseUrl ?? '', secret: false });
    for (const credential of provider.credentials) {
      const variable = processVariable(provider.name, credential.field);
      const value = processEnv[variable];
      if (!lenient) diagnostics.push(...credentialProblems(provider, credential, environment.name, value));
      values.push({
        key: providerVariable(provider.name, credential.field),
        value: value ?? '',
        secret: credential.secret,
      });
    }
    values.push(...signingKeyAlias(provider));
  }
  return { value: values, diagnostics };
}

/**
 * The signer reads `<provider>_private_key`; a provider whose key has another name (the `partner`'s
 * `bank_private_key`) gets that variable as a reference to it, so the key is held once.
 */
function signingKeyAlias(provider: Provider): EnvValue[] {
  const key = provider.credentials.find((c) => c.signingKey && c.field !== 'private_key');
  if (!key) return [];
  const value = `{{${providerVariable(provider.name, key.field)}}}`;
  return [{ key: providerVariable(provider.name, 'private_key'), value, secret: false }];
}

/**
 * Credentials for a mock run: a throwaway key pair per provider (generated once, then reused from
 * the local cache, see mock-keys.ts) and a client secret made now, never stored.
 */
export function generateMockCredentials(
  providers: Provider[],
  baseUrl: string,
  options: { newKeys?: boolean; cache?: string | undefined } = {},
): { values: EnvValue[]; partners: MockCredentials[] } {
  const values: EnvValue[] = [];
  const partners: MockCredentials[] = [];
  for (const [slot, provider] of providers.entries()) {
    const keys = options.newKeys ? newMockKeyPair() : mockKeyPair(slot, options.cache);
    const clientId = `${provider.name
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '')
      .slice(0, 8)}MOCK`;
    const clientSecret = randomBytes(24).toString('base64url');
    const privatePem = keys.privatePem;
    partners.push({
      ...(provider.mockProducts ? { products: provider.mockProducts } : {}),
      provider: provider.mock ?? provider.name,
      clientId,
      clientSecret,
      publicKeyPem: keys.publicPem,
      signing: signingPolicyOf(provider.signing),
    });
    const known: Record<string, string> = {
      client_id: clientId,
      client_secret: clientSecret,
      private_key: privatePem,
      bank_private_key: privatePem,
      channel_id: '95221',
    };
    values.push({ key: providerVariable(provider.name, 'base_url'), value: baseUrl, secret: false });
    for (const credential of provider.credentials) {
      values.push({
        key: providerVariable(provider.name, credential.field),
        value: known[credential.field] ?? '',
        secret: credential.secret,
      });
    }
    values.push(...signingKeyAlias(provider));
  }
  return { values, partners };
}
