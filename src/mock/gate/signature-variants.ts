/**
 * The ways real clients build a string to sign differently from the bank, as combinations of the
 * variant axes of the signing contract (signature-axes.ts). Variants come with the fewest
 * deviations first, so a diagnosis names the smallest difference that explains a signature.
 */
import {
  signedBody,
  stringToSign,
  type SignedParts,
  type SigningPolicy,
} from '../../../scripts/signing-contract.ts';
import {
  bearerAlternatives,
  bodyAlternatives,
  encodingAlternatives,
  pathAlternatives,
  queryAlternatives,
  timestampAlternatives,
  type Deviation,
  type Draft,
  type Variant,
} from './signature-axes.ts';

/** Every combination of alternatives, fewest deviations first (at most a few hundred). */
export function* signingVariants(
  parts: SignedParts,
  policy: SigningPolicy,
  sha256Hex: (text: string) => string,
): Generator<Variant> {
  const encoding = parts.scheme === 'snap-transaction' ? policy.signatureEncoding : 'base64';
  const token = parts.scheme === 'snap-token';
  const axes = [
    token ? [] : queryAlternatives(parts, policy),
    token ? [] : bodyAlternatives(parts, policy),
    token ? [] : pathAlternatives(parts, policy),
    encodingAlternatives(parts, encoding),
    bearerAlternatives(parts),
    timestampAlternatives(parts),
  ].filter((alternatives) => alternatives.length > 0);
  // The body in the bank's form, computed once: a large body is not minified per variant.
  const base: SignedParts = { ...parts, body: signedBody(parts.body, policy.bodyHash) };
  const basePolicy: SigningPolicy = { ...policy, bodyHash: 'as-sent' };
  const hashes = new Map<string, string>();
  const cachedSha = (text: string): string => {
    let hash = hashes.get(text);
    if (hash === undefined) hashes.set(text, (hash = sha256Hex(text)));
    return hash;
  };
  // Choices per axis: -1 keeps the bank's way; combinations grouped by how many axes deviate.
  let combos: number[][] = [[]];
  for (const alternatives of axes)
    combos = combos.flatMap((c) => [-1, ...alternatives.keys()].map((i) => [...c, i]));
  const deviating = (c: number[]) => c.filter((i) => i >= 0).length;
  // More than two differences at once is no diagnosis any more (and a rejection stays cheap).
  combos = combos.filter((c) => deviating(c) <= 2).sort((a, b) => deviating(a) - deviating(b));
  for (const combo of combos.slice(1)) {
    const draft: Draft = { parts: base, policy: basePolicy, encoding };
    const deviations: Deviation[] = [];
    combo.forEach((choice, axis) => {
      const alternative = choice >= 0 ? axes[axis]?.[choice] : undefined;
      if (alternative === undefined) return;
      alternative.apply(draft);
      deviations.push(alternative.deviation);
    });
    const text = stringToSign(draft.parts, draft.policy, cachedSha);
    yield { stringToSign: draft.rewrite ? draft.rewrite(text) : text, encoding: draft.encoding, deviations };
  }
}

/** `signature is valid for …; this bank … - fix` (ASCII: it travels in a response header). */
export function describeVariant(variant: Variant): string {
  const d = variant.deviations;
  return (
    `signature is valid for ${d.map((x) => x.valid).join(', with ')}; ` +
    `${d.map((x) => x.bank).join('; ')} - ${d.map((x) => x.fix).join('; ')}`
  );
}
