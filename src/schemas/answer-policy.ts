/**
 * What kontrak asks of an answer, applied to every response schema as it is loaded, so that a
 * class of error is settled once rather than file by file:
 * - an optional field may be null (BCA answers `"feeAmount": null`); a mandatory one may not;
 * - an amount object is open (ASPI's balance amount adds `dateTime`, and banks extend amounts);
 * - a success code pinned as `200xx00` also admits `202xx00` (ASPI's "in progress"), since the
 *   responseCode check, not the schema, decides which success code the request expects.
 * Requests keep their closed amounts, and an optional request field may be null or empty (as
 * DANA's own requests send them); schemas that requests and answers share (money.json,
 * virtual-account-data.json) get a response-side copy under `response-side/`.
 */
import {
  closure,
  eachRef,
  isObject,
  movedId,
  rebase,
  refTarget,
  type Json,
  type JsonObject,
} from './refs.ts';

export const RESPONSE_SIDE = 'response-side/';

const isResponse = (key: string): boolean => key.endsWith('.response.json');
const isRequest = (key: string): boolean => key.endsWith('.request.json');

/** Keywords whose values are data, not schemas. */
const DATA_KEYWORDS = new Set(['const', 'enum', 'default', 'examples', 'required']);

/** A property schema that also admits null, keeping its own messages for any other value. */
function nullable(schema: Json): Json {
  if (schema === true || !isObject(schema)) return schema;
  const type = schema.type;
  if (typeof type === 'string' || Array.isArray(type)) {
    const types = (Array.isArray(type) ? type : [type]).filter((t): t is string => typeof t === 'string');
    if (types.includes('null')) return schema;
    const out: JsonObject = { ...schema, type: [...types, 'null'] };
    if (Array.isArray(schema.enum)) out.enum = [...schema.enum, null];
    if ('const' in schema) {
      delete out.const;
      out.enum = [schema.const ?? null, null];
    }
    return out;
  }
  // A $ref or an untyped schema: it applies to any value but null.
  return { if: { not: { type: 'null' } }, then: schema };
}

/** An object schema of an amount: `value` and `currency`. */
const isAmount = (node: JsonObject): boolean =>
  isObject(node.properties) && 'value' in node.properties && 'currency' in node.properties;

/** An optional request field sent empty is a field not sent (DANA's own requests send `""`). */
const blankable = (schema: Json): Json => {
  if (!isObject(schema)) return schema;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const strict =
    typeof schema.minLength === 'number' || 'enum' in schema || 'pattern' in schema || 'format' in schema;
  return types.includes('string') && strict ? { if: { const: '' }, else: schema } : schema;
};

/** Applies a policy to one schema node and everything under it: `optional` reshapes each optional field. */
function policy(node: Json, optional: (schema: Json) => Json, openAmounts: boolean): Json {
  if (Array.isArray(node)) return node.map((item) => policy(item, optional, openAmounts));
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node))
    out[key] = DATA_KEYWORDS.has(key) || key === 'properties' ? value : policy(value, optional, openAmounts);
  if (isObject(node.properties)) {
    const required = new Set(Array.isArray(node.required) ? node.required : []);
    const properties: JsonObject = {};
    for (const [name, schema] of Object.entries(node.properties)) {
      const checked = policy(schema, optional, openAmounts);
      properties[name] = required.has(name) ? checked : optional(checked);
    }
    out.properties = properties;
    if (openAmounts && isAmount(node) && node.additionalProperties === false) delete out.additionalProperties;
  }
  return out;
}

const answerPolicy = (node: Json): Json => policy(node, nullable, true);
/** Requests: an optional field may be null or, where it has a minimum length, empty. */
const requestPolicy = (node: Json): Json => policy(node, (schema) => blankable(nullable(schema)), false);

/** `^2002500$` → `^20[02]2500$`: the schema admits the in-progress variant of its success code. */
function widenSuccessCode(document: Json): Json {
  if (!isObject(document) || !isObject(document.properties)) return document;
  const code = document.properties.responseCode;
  if (!isObject(code) || typeof code.pattern !== 'string' || !code.pattern.startsWith('^200'))
    return document;
  const widened = { ...code, pattern: `^20[02]${code.pattern.slice(4)}` };
  return { ...document, properties: { ...document.properties, responseCode: widened } };
}

/**
 * The documents with the answer policy applied to every response schema and to what only they
 * use; what requests also use is copied under `response-side/` for the answers.
 */
export function withAnswerPolicy(documents: ReadonlyMap<string, Json>): Map<string, Json> {
  const keys = [...documents.keys()];
  const answers = closure(keys.filter(isResponse), documents);
  const requests = closure(keys.filter(isRequest), documents);
  const shared = new Set([...answers].filter((key) => requests.has(key) && !isResponse(key)));
  const redirect = (key: string): string => (shared.has(key) ? `${RESPONSE_SIDE}${key}` : key);
  const out = new Map(documents);
  for (const key of requests) {
    const document = documents.get(key);
    if (document !== undefined) out.set(key, requestPolicy(document));
  }
  for (const key of answers) {
    const document = documents.get(key);
    if (document === undefined) continue;
    const toKey = redirect(key);
    const moved = rebase(document, key, toKey, redirect);
    if (isObject(moved) && toKey !== key) {
      const id = movedId(moved.$id, key, toKey);
      if (id === undefined) delete moved.$id;
      else moved.$id = id;
    }
    const policed = answerPolicy(moved);
    out.set(toKey, isResponse(key) ? widenSuccessCode(policed) : policed);
  }
  return out;
}

/** Whether every ref of every document leads to a loaded document (a sanity check for tests). */
export function danglingRefs(documents: ReadonlyMap<string, Json>): string[] {
  const dangling: string[] = [];
  for (const [key, document] of documents)
    eachRef(document, (_holder, ref) => {
      const target = refTarget(ref, key).key;
      if (target !== undefined && !documents.has(target)) dangling.push(`${key} → ${ref}`);
    });
  return dangling;
}
