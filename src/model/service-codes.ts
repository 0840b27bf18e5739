/**
 * The service code a SNAP responseCode must carry (its middle two digits): the catalogue's code
 * of the service, unless the provider's bank answers another one (DANA: 60 for the transaction
 * list), which the bank profile records.
 */
import { catalogueEntry, catalogueEntryOfPath } from '../catalogue/catalogue.ts';

/** The service code of an endpoint from its path (`…/v1.0/transfer-va/create-va` → `27`). */
export function serviceCodeOf(path: string): string | undefined {
  return catalogueEntryOfPath(path)?.code;
}

/** The catalogue's code of a request: its `service:` when it names one, else its path. */
export function catalogueCodeOf(request: { service?: string; path: string }): string | undefined {
  return (
    (request.service === undefined ? undefined : catalogueEntry(request.service)?.code) ??
    serviceCodeOf(request.path)
  );
}

/** The code the request's responses carry: the provider's override, else the catalogue's. */
export function expectedServiceCode(request: {
  service?: string;
  path: string;
  serviceCode?: string;
}): string | undefined {
  return request.serviceCode ?? catalogueCodeOf(request);
}
