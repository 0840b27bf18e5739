/** The values an environment resolves to, and what the mock bank knows of a partner: plain data, shared by values.ts and mock-keys.ts. */
import type { SigningPolicy } from '../../scripts/signing-contract.ts';

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
