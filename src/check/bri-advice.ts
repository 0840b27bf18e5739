/**
 * Plain-words causes of BRI API gateway errors (https://developers.bri.co.id/en/docs/common-errors-briapi). A bare
 * `401 {"status":{"code":"0601","desc":"Invalid token"}}` says nothing of why; this does.
 */
const ADVICE: Record<string, string> = {
  '0601':
    'BRI rejected the access token. Likely causes, most likely first: ' +
    "(1) the token was issued for API products that do not cover this endpoint — the token response's api_product_list must include the product of this API; subscribe the app to it in the BRI developer portal; " +
    '(2) the product is not yet active for the app in this environment (status "approved" is the app, not the product); ' +
    '(3) the Authorization header did not arrive intact — duplicate Authorization headers, whitespace or CR inside the token, a proxy stripping it, or a different host; ' +
    '(4) the token expired or belongs to BRI SNAP rather than BRI API v2 (the two never share tokens). ' +
    'Also check BRI-External-Id: at most 9 digits, never reused.',
  '0602':
    'BRI could not verify BRI-Signature. It must be base64 HMAC-SHA256, keyed with the consumer secret, over ' +
    '"path=<path as sent>&verb=<METHOD>&token=Bearer <token>&timestamp=<BRI-Timestamp>&body=<raw body as sent>" (empty body for GET); ' +
    'BRI-Timestamp is UTC with milliseconds and Z, and the same value goes into the header and the payload. Run `kontrak explain` to see the payload kontrak signs.',
  '0603':
    'BRI says this client (app) may not call this API: the app is not subscribed to the API product. Ask BRI or subscribe in the developer portal.',
  '0109':
    'BRI rejected a request parameter: check mandatory fields, formats and the BRI-External-Id header (numeric, at most 9 digits).',
};

/** The explanation of a BRI gateway code, if it is one. */
export function briAdvice(code: string | undefined): string | undefined {
  return code === undefined ? undefined : ADVICE[code];
}
