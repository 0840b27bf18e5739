/**
 * A bank's own schemas: a shipped response schema with the bank's overlays applied (see
 * src/model/overlay.ts), under `banks/<bank>/<schema>`. Where an overlay reaches into a schema
 * another file defines (a `$ref`), that part is copied into the bank's schema first, so the shipped
 * files stay as they are.
 */
import type { OverlayTarget, SchemaOverlay } from '../model/overlay.ts';
import { atFragment, isObject, movedId, rebase, refTarget, type Json, type JsonObject } from './refs.ts';

type Documents = ReadonlyMap<string, Json>;

/** The schema an object node stands for: a `$ref` copied in place, a nullable wrapper looked through. */
function resolved(node: JsonObject, key: string, documents: Documents): JsonObject {
  if (isObject(node.then) && isObject(node.if)) return resolved(node.then, key, documents);
  if (typeof node.$ref !== 'string') return node;
  const { key: targetKey = key, fragment } = refTarget(node.$ref, key);
  const target = atFragment(documents.get(targetKey) ?? null, fragment);
  if (!isObject(target)) throw new Error(`${node.$ref} leads nowhere`);
  const copy = rebase(target, targetKey, key) as JsonObject;
  delete copy.$id;
  delete copy.$schema;
  delete node.$ref;
  Object.assign(node, copy);
  return resolved(node, key, documents);
}

/** The object schema at the pointer's parent, and the name of the field it ends with. */
function parentOf(
  root: JsonObject,
  pointer: string,
  key: string,
  documents: Documents,
): { parent: JsonObject; name: string } {
  const tokens = pointer.split('/').slice(1);
  const name = tokens.pop();
  if (name === undefined || name === '') throw new Error(`"${pointer}" names no field`);
  let node = resolved(root, key, documents);
  for (const token of tokens) {
    const next =
      token === '*' || /^\d+$/.test(token)
        ? node.items
        : isObject(node.properties)
          ? node.properties[token]
          : undefined;
    if (!isObject(next)) throw new Error(`the schema has no ${token} on the way to ${pointer}`);
    node = resolved(next, key, documents);
  }
  return { parent: node, name };
}

function fieldOf(parent: JsonObject, name: string): JsonObject {
  const properties = isObject(parent.properties) ? parent.properties : undefined;
  const field = properties?.[name];
  if (!isObject(field)) throw new Error(`the schema has no field ${name}`);
  return field;
}

function apply(
  parent: JsonObject,
  name: string,
  overlay: SchemaOverlay,
  key: string,
  documents: Documents,
): void {
  const required = Array.isArray(parent.required) ? parent.required : [];
  const properties = isObject(parent.properties) ? parent.properties : (parent.properties = {});
  const value = overlay.value as Json | undefined;
  switch (overlay.change) {
    case 'nullable': {
      const field = resolved(fieldOf(parent, name), key, documents);
      if (typeof field.type === 'string') field.type = [field.type, 'null'];
      else properties[name] = { anyOf: [{ type: 'null' }, field] };
      return;
    }
    case 'not-required':
      parent.required = required.filter((r) => r !== name);
      return;
    case 'required':
      if (!required.includes(name)) parent.required = [...required, name];
      return;
    case 'const':
      properties[name] = { ...resolved(fieldOf(parent, name), key, documents), const: value ?? null };
      return;
    case 'maxLength':
      resolved(fieldOf(parent, name), key, documents).maxLength = value ?? null;
      return;
    case 'enum-add': {
      const field = resolved(fieldOf(parent, name), key, documents);
      const known = Array.isArray(field.enum) ? field.enum : [];
      field.enum = [...known, ...(Array.isArray(value) ? value : [value ?? null])];
      return;
    }
    case 'extra-field':
      properties[name] = value ?? true;
      return;
    case 'replace':
      properties[name] = value ?? true;
      return;
  }
}

/** The bank's schema at `key`, or the reason an overlay cannot apply. */
export function deriveBankSchema(
  key: string,
  target: OverlayTarget,
  documents: Documents,
): { schema: Json } | { problem: string } {
  const base = documents.get(target.base);
  if (!isObject(base)) return { problem: `${target.base} is not loaded` };
  const root = rebase(base, target.base, key) as JsonObject;
  const id = movedId(root.$id, target.base, key);
  if (id === undefined) delete root.$id;
  else root.$id = id;
  for (const overlay of target.overlays) {
    try {
      const { parent, name } = parentOf(root, overlay.field, key, documents);
      apply(parent, name, overlay, key, documents);
    } catch (e) {
      return {
        problem: `overlay ${overlay.change} of ${overlay.field} (${overlay.service}): ${(e as Error).message}`,
      };
    }
  }
  return { schema: root };
}
