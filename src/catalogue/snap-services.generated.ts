// Generated from schemas/snap-services.schema.json by `npm run gen:types` (src/model/schema-types.ts): do not edit.
// The SNAP service catalogue as shipped.

/**
 * The service codes of ASPI's SNAP specification with their paths, direction, audience, ASPI's mandatory fields and the schemas kontrak ships: the one source of service codes for the rule pack, the mock's routing, validate, explain and the coverage matrix.
 */
export interface SnapCatalogueFile {
  specification: string;
  /**
   * @minItems 1
   */
  sources: string[];
  notes?: string[];
  /**
   * @minItems 1
   */
  services: CatalogueEntry[];
}
/**
 * This interface was referenced by `SnapCatalogueFile`'s JSON-Schema
 * via the `definition` "catalogueEntry".
 */
export interface CatalogueEntry {
  /**
   * Two digits, 01…81.
   */
  code: string;
  /**
   * The name a suite uses in `service:`: the path without its leading slash.
   */
  service: string;
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /**
   * Suffix after the version segment (`/qr/qr-mpm-generate`).
   */
  path: string;
  /**
   * bank-to-partner: the bank calls the partner, who hosts the endpoint.
   */
  direction: 'partner-to-bank' | 'bank-to-partner';
  audience: 'B2B' | 'B2B2C' | 'B2B or B2B2C';
  /**
   * Request fields ASPI's SNAP field tables mark M (https://apidevportal.aspi-indonesia.or.id, as scraped in https://github.com/mseptiaan/snap-aspi-go/tree/b7e2c8111f58/aspi); conditional ones and the ones ASPI marks O left out. ASPI's, not any bank's: a bank's own mandatory fields are in its profile (banks/<bank>.yaml), each with its source.
   */
  aspiMandatory: string[];
  /**
   * Request and response schemas under schemas/, where kontrak ships them.
   */
  schemas?: {
    request: string;
    response: string;
  };
}
