/**
 * What the SNAP catalogue says about an imported request by its path: the response schema kontrak
 * ships for that service, and for a B2B token call the capture of its token, which the signer of
 * the requests after it needs.
 */
import { catalogueEntryOfPath } from '../catalogue/catalogue.ts';

export interface CatalogueHints {
  schema?: string;
  capture?: Record<string, string>;
}

export function catalogueHints(path: string, sign: string): CatalogueHints {
  const entry = catalogueEntryOfPath(path);
  const schema = entry?.schemas?.response;
  const token = entry?.service === 'access-token/b2b' && sign === 'snap-token';
  return {
    ...(schema ? { schema } : {}),
    ...(token ? { capture: { '@access_token': 'accessToken' } } : {}),
  };
}
