import type { Provider, RequestSpec } from '../model/types.ts';
import {
  briSignatureStringToSign,
  minifyJsonBody,
  sha256Hex,
  signedPath,
  snapTokenStringToSign,
  snapTransactionStringToSign,
} from '../mock/string-to-sign.ts';
import type { RawExchange } from './newman-run.ts';

function header(raw: RawExchange, name: string): string {
  return raw.request.headers.find((h) => h.key.toLowerCase() === name.toLowerCase())?.value ?? '';
}

/** The path the provider signs, from the full URL that was sent. */
function providerSignedPath(url: string, provider: Provider): string {
  const parsed = new URL(url);
  return signedPath(parsed.pathname + parsed.search, {
    stripPrefix: provider.signing.signedPathStripPrefix,
    signQuery: provider.signing.signQuery,
  });
}

/**
 * The string to sign, recomputed in Node from what newman actually sent. It shows in reports next
 * to the mock's expected string, and it is computed independently of the sandbox signer.
 */
export function recomputeStringToSign(provider: Provider) {
  return (spec: RequestSpec, raw: RawExchange): string | undefined => {
    const timestamp = header(raw, spec.sign === 'bri-v2' ? 'BRI-Timestamp' : 'X-TIMESTAMP');
    const token = header(raw, 'Authorization').replace(/^Bearer\s+/i, '');
    try {
      switch (spec.sign) {
        case 'snap-token':
          return snapTokenStringToSign(header(raw, 'X-CLIENT-KEY'), timestamp);
        case 'snap-transaction':
          return snapTransactionStringToSign({
            method: raw.request.method,
            path: providerSignedPath(raw.request.url, provider),
            token,
            body: raw.request.body,
            timestamp,
          });
        case 'snap-asymmetric': {
          const path = providerSignedPath(raw.request.url, provider);
          return [
            raw.request.method.toUpperCase(),
            path,
            sha256Hex(minifyJsonBody(raw.request.body)),
            timestamp,
          ].join(':');
        }
        case 'bri-v2':
          return briSignatureStringToSign({
            path: providerSignedPath(raw.request.url, provider),
            method: raw.request.method,
            token,
            timestamp,
            body: raw.request.body,
          });
        default:
          return undefined;
      }
    } catch {
      return undefined;
    }
  };
}
