// Generated from schemas/snap-services.schema.json by `npm run gen:types` (src/model/schema-types.ts): do not edit.
// The SNAP service catalogue as shipped.

/**
 * The service codes of ASPI's SNAP specification with their paths, direction, audience, mandatory fields and the schemas kontrak ships: the one source of service codes for the rule pack, the mock's routing, validate, explain and the coverage matrix.
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
   * Request fields the specification marks mandatory (conditional ones left out).
   */
  mandatory: string[];
  /**
   * Request and response schemas under schemas/, where kontrak ships them.
   */
  schemas?: {
    request: string;
    response: string;
  };
}
