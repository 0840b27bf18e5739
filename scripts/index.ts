/**
 * The bundle's entry: the object it assigns to `api` (a variable of the wrapper function in
 * src/render/bundle-signer.ts) becomes the `kontrakSigner` object of the collection-level
 * pre-request script. Evaluated once per run (guarded global), so the external-id state and the
 * parsed-key cache live for the run. A plain object instead of ES exports spares the bundle
 * esbuild's export helpers. It holds what the collection script, `kontrak explain` and the
 * sandbox tests call; every name costs bytes in each collection.
 */
import {
  briV2Payload,
  minifyJson,
  snapAsymmetricStringToSign,
  snapTokenStringToSign,
  snapTransactionStringToSign,
} from './signing-contract.ts';
import { hmacSha256, hmacSha512, rsaSignBase64, sha256Hex } from './crypto.ts';
import { pickCryptoJS } from './crypto-fallback.ts';
import { signRequest } from './sign-request.ts';
import { formatTimestamp } from './timestamp.ts';

declare let api: object;

// eslint-disable-next-line prefer-const, @typescript-eslint/no-unused-vars -- `api` is the wrapper's variable, read after this runs
api = {
  signRequest,
  pickCryptoJS,
  briV2Payload,
  minifyJson,
  snapAsymmetricStringToSign,
  snapTokenStringToSign,
  snapTransactionStringToSign,
  hmacSha256,
  hmacSha512,
  rsaSignBase64,
  sha256Hex,
  formatTimestamp,
};
