/**
 * How the two emulations written in code (NICEPAY, BRI API v2) sign, for partners registered
 * without a policy of their own (library use, tests). `kontrak run` and `kontrak mock` register
 * every partner with the signing knobs of its provider profile instead, so the mock verifies
 * exactly what the signer signs. The sources of these values are noted in the shipped provider
 * files of the same name, which test/mock/emulation-signing.test.ts holds equal to this table.
 * Emulations built from a bank profile (banks/*.yaml) sign as their profile says.
 */
import type { SigningPolicy } from '../../../scripts/signing-contract.ts';

export const EMULATION_SIGNING = {
  /** collections/nicepay/provider.yaml */
  nicepay: {
    signedPathStripPrefix: '/nicepay',
    signQuery: 'excluded',
    bodyHash: 'as-sent',
    signatureEncoding: 'base64',
  },
  /** collections/bri/provider.yaml (BRI API v2: the signature is always base64 HMAC-SHA256). */
  bri: { signedPathStripPrefix: '', signQuery: 'excluded', bodyHash: 'as-sent', signatureEncoding: 'base64' },
} as const satisfies Record<string, SigningPolicy>;
