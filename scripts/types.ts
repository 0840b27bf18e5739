/**
 * The little of the Postman sandbox (postman-sandbox 4.7.1) and of CryptoJS 3.3 that the signer
 * uses. Structural types only: nothing here exists at run time.
 */

/** A CryptoJS WordArray: only its string forms are used. */
export interface WordArray {
  toString(encoder?: unknown): string;
}

/** `require('crypto-js')` inside the sandbox. String inputs and keys are read as UTF-8. */
export interface CryptoJSLike {
  SHA256(message: string): WordArray;
  HmacSHA256(message: string, key: string): WordArray;
  HmacSHA512(message: string, key: string): WordArray;
  enc: { Base64: unknown; Hex: { parse(hex: string): WordArray } };
}

export interface PmHeader {
  key: string;
  /** A script may have set it to anything. */
  value: unknown;
  disabled?: boolean;
}

export interface PmHeaderList {
  find(fn: (header: PmHeader) => boolean): PmHeader | undefined;
  remove(predicate: (header: PmHeader) => boolean): void;
  add(header: { key: string; value: string }): void;
}

export interface PmVariableList {
  each(fn: (v: { key: string; value: unknown; disabled?: boolean } | null) => void): void;
}

export interface PmUrl {
  toString(): string;
  update(url: string): void;
  getPath(): string;
  getQueryString(): string;
  query?: { find(fn: (p: { disabled?: boolean } | null) => boolean): unknown };
  variables?: PmVariableList;
}

export interface PmBody {
  mode?: string;
  raw?: string;
  disabled?: boolean;
  options?: unknown;
  update(body: { mode: 'raw'; raw: string; options?: unknown; disabled?: boolean }): void;
  isEmpty?(): boolean;
}

/** The `pm` object of one script execution. Always passed in, never captured (https://learning.postman.com/docs/tests-and-scripts/write-scripts/postman-sandbox-reference/overview/). */
export interface PmLike {
  request: {
    method: string;
    url: PmUrl;
    headers: PmHeaderList;
    body?: PmBody;
  };
  variables: {
    get(name: string): unknown;
    replaceIn(template: string): string;
  };
}
