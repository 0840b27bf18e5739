import { randomBytes } from 'node:crypto';
import { error, type Diagnostic, type Outcome } from '../diagnostics/diagnostic.ts';
import { signingPolicyOf, type SigningPolicy } from '../../scripts/signing-contract.ts';
import { checkPrivateKey } from './keys.ts';
import { mockKeyPair } from './mock-keys.ts';
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

/** Values of a remote environment, read from process variables named <PROVIDER>_<FIELD>. */
export function resolveRemoteValues(options: ResolveOptions): Outcome<EnvValue[]> {
  const { environment, providers, processEnv, lenient } = options;
  const values: EnvValue[] = [];
  const diagnostics: Diagnostic[] = [];
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
      if (!value && !lenient) {
        diagnostics.push(
          error(
            'E_MISSING_CREDENTIAL',
            `${variable} is not set: ${provider.name} ${credential.field} is needed for environment "${environment.name}"`,
            {
              hint: `export ${variable}=…${credential.description ? ` (${credential.description})` : ''}; kontrak never sends a request with an empty credential`,
            },
          ),
        );
      }
      if (value && !lenient && (credential.field === 'private_key' || credential.signingKey)) {
        const problem = checkPrivateKey(variable, value);
        if (problem) diagnostics.push(problem);
      }
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
): { values: EnvValue[]; partners: MockCredentials[] } {
  const values: EnvValue[] = [];
  const partners: MockCredentials[] = [];
  for (const [slot, provider] of providers.entries()) {
    const keys = mockKeyPair(slot);
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
