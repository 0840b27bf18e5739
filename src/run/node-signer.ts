/**
 * The collection's signer, run in Node for kontrak's own runs: the same `signRequest` as the
 * sandbox bundle (scripts/sign-request.ts), called from newman's `beforeRequest` event on the
 * resolved request that is then sent, with node:crypto behind it. A sandbox script costs ~1.4× a
 * bare newman request before it signs anything, and the BigInt RSA signer ~5 ms more (bench/compare).
 * Collections rendered for Postman keep the sandbox signer; test/run/node-signer.test.ts holds the
 * two to the same bytes.
 */
import { createHash, createHmac, sign, type KeyObject } from 'node:crypto';
import sdk from 'postman-collection';
import { signRequest, type RsaSigner, type SignResult } from '../../scripts/sign-request.ts';
import type { CryptoJSLike, PmLike, WordArray } from '../../scripts/types.ts';
import { parsePrivateKey } from '../env/keys.ts';

const Base64 = {};
const words = (bytes: Buffer): WordArray => ({
  toString: (encoder?: unknown) => bytes.toString(encoder === Base64 ? 'base64' : 'hex'),
});

/** The part of CryptoJS the signer uses, on node:crypto (strings are UTF-8, as in CryptoJS). */
export const nodeCryptoJS: CryptoJSLike = {
  SHA256: (message) => words(createHash('sha256').update(message, 'utf8').digest()),
  HmacSHA256: (message, key) => words(createHmac('sha256', key).update(message, 'utf8').digest()),
  HmacSHA512: (message, key) => words(createHmac('sha512', key).update(message, 'utf8').digest()),
  enc: { Base64, Hex: { parse: (hex) => words(Buffer.from(hex, 'hex')) } },
};

/** Parsed keys by key text, for the life of the process (a run has a handful). */
const keys = new Map<string, KeyObject>();

export const nodeRsaSign: RsaSigner = (_CryptoJS, keyText, message, label) => {
  let key = keys.get(keyText);
  if (!key) {
    try {
      key = parsePrivateKey(keyText);
    } catch (e) {
      throw new Error(`${label} is not a readable RSA private key (${(e as Error).message})`, { cause: e });
    }
    if (keys.size >= 32) keys.clear();
    keys.set(keyText, key);
  }
  return sign('sha256', Buffer.from(message, 'utf8'), key).toString('base64');
};

type Scope = InstanceType<typeof sdk.VariableScope>;
const scopeOf = (values: Record<string, string>): Scope =>
  new sdk.VariableScope({
    values: Object.entries(values).map(([key, value]) => ({ key, value, type: 'any' })),
  });

/** The variables a script can see through `pm.variables`: environment over collection over globals. */
export interface VariableView {
  environment: Scope;
  collectionVariables: Scope;
  globals: Scope;
}

export const variableView = (
  environment: Record<string, string>,
  collectionVariables: Record<string, string>,
  globals: Record<string, string>,
): VariableView => ({
  environment: scopeOf(environment),
  collectionVariables: scopeOf(collectionVariables),
  globals: scopeOf(globals),
});

const isVariableList = (value: unknown): value is sdk.VariableList => sdk.VariableList.isVariableList(value);

/** A scope's values: a VariableList at run time (the typings give them as the definition array). */
const variableList = (scope: Scope): sdk.VariableList[] => {
  const values: unknown = scope.values;
  return isVariableList(values) ? [values] : [];
};

/** The resolved postman-collection Request newman hands to `beforeRequest`. */
export type SdkRequest = PmLike['request'];

/** Signs `request` in place, as the sandbox signer would with these variables in scope. */
export function signInNode(request: SdkRequest, view: VariableView): SignResult | undefined {
  const layers = [view.environment, view.collectionVariables, view.globals];
  const pm: PmLike = {
    request,
    variables: {
      get: (name): unknown => layers.find((scope) => scope.has(name))?.get(name),
      replaceIn: (template) => sdk.Property.replaceSubstitutions(template, layers.flatMap(variableList)),
    },
  };
  return signRequest(pm, nodeCryptoJS, nodeRsaSign);
}
