/**
 * The bundle's entry: its exports become the `kontrakSigner` object of the collection-level
 * pre-request script. Evaluated once per run (guarded global), so the external-id state and the
 * parsed-key cache live for the run.
 */
import { createExternalIdGenerator } from './external-id.ts';
import { signRequest as sign, type SignResult } from './sign-request.ts';
import type { CryptoJSLike, PmLike } from './types.ts';

const externalId = createExternalIdGenerator(Math.random);

/** Signs `pm.request` as its X-Kontrak-Sign header says; does nothing without that header. */
export function signRequest(pm: PmLike, CryptoJS: CryptoJSLike): SignResult | undefined {
  return sign(pm, CryptoJS, externalId);
}

export function nextExternalId(epochMs: number, digits: number): string {
  return externalId(epochMs, digits);
}

export {
  briV2Payload, encodeUrl, minifyJson, signedPath, snapAsymmetricStringToSign, snapTokenStringToSign,
  snapTransactionStringToSign,
} from './canonical.ts';
export { hmacSha256, hmacSha512, rsaSignBase64, sha256Hex, tamperSignature } from './crypto.ts';
export { createExternalIdGenerator } from './external-id.ts';
export { parseDirective } from './sign-request.ts';
export { formatTimestamp } from './timestamp.ts';
