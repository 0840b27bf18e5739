/**
 * An item's steps (render/item-steps.ts) performed in Node for kontrak's runs, as the item scripts
 * the renderer writes for them would: the token reuse check before the request, the records and
 * captures once it is answered. A script costs the sandbox's fixed price (the context serialised,
 * the SDK objects rebuilt in the VM and serialised back) before it does anything; these are a few
 * lookups. test/run/node-steps.test.ts holds the two to the same behaviour.
 */
import sdk from 'postman-collection';
import { EXTERNAL_ID_VARIABLE, REFERENCE_VARIABLE } from '../model/negatives.ts';
import { pathKeys, REUSE_MARGIN_MS, reuseNoteText, type ItemSteps } from '../render/item-steps.ts';
import type { VariableView } from './node-signer.ts';

type Scope = VariableView['collectionVariables'];

/** What `pm.variables.get(name)` gives a script: environment over collection over globals. */
const variable = (view: VariableView, name: string): unknown =>
  [view.environment, view.collectionVariables, view.globals].find((scope) => scope.has(name))?.get(name);

/**
 * The reuse note when the item's token request is skipped: the token it would fetch was fetched
 * earlier in this run and has more than a minute left. Undefined when the request goes out.
 */
export function reuseNote(steps: ItemSteps, view: VariableView): string | undefined {
  const token = steps.reuseToken;
  if (!token) return undefined;
  const left = Number(variable(view, `${token}_expires_at`)) - Date.now();
  if (!variable(view, token) || !(left > REUSE_MARGIN_MS)) return undefined;
  return `${reuseNoteText(token)}${Math.round(left / 1000)} s more`;
}

/** The request as sent and its answer, as the `request` event hands them over (postman-collection objects). */
export interface Answered {
  request: { headers: { get(key: string): unknown }; body?: { raw?: unknown } | null };
  response?: { json(): unknown };
}

/**
 * The value at `path` as the script's accessor reads it (`body["a"]["items"][0]`): stepping into
 * null or undefined throws there, which the script catches and skips.
 */
function valueAt(root: unknown, path: string): { value: unknown } | undefined {
  let node = root;
  for (const { key } of pathKeys(path)) {
    if (node === null || node === undefined) return undefined;
    node = (Object(node) as Record<string, unknown>)[key];
  }
  return { value: node };
}

/** The JSON of the answer, `{}` when there is none or it is not JSON (as the script's try). */
function answerJson(response: Answered['response']): unknown {
  try {
    return response ? response.json() : {};
  } catch {
    return {};
  }
}

/** The variables the item's records and captures set, in the order the test script sets them. */
export function recordedValues(steps: ItemSteps, { request, response }: Answered): Array<[string, unknown]> {
  const set: Array<[string, unknown]> = [];
  if (steps.recordExternalIdHeader)
    set.push([EXTERNAL_ID_VARIABLE, request.headers.get(steps.recordExternalIdHeader) || '']);
  if (steps.recordReference) {
    try {
      const sent: unknown = JSON.parse(String(request.body?.raw));
      const found = valueAt(sent, steps.recordReference);
      if (found) set.push([REFERENCE_VARIABLE, String(found.value)]);
    } catch {
      // Not JSON: nothing to repeat, as in the script.
    }
  }
  if (!steps.captures.length) return set;
  const body = answerJson(response);
  for (const [name, path] of steps.captures) {
    const found = valueAt(body, path);
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- the text the script stores
    if (found && found.value !== undefined) set.push([name, String(found.value)]);
  }
  if (steps.tokenExpiry && body !== null && body !== undefined) {
    const fields = Object(body) as { expiresIn?: unknown; expires_in?: unknown };
    const ttl = Number(fields.expiresIn || fields.expires_in);
    if (ttl > 0) set.push([steps.tokenExpiry, String(Date.now() + ttl * 1000)]);
  }
  return set;
}

/** Sets the item's records and captures in `scopes` (the runtime's collection variables and the view's). */
export function applyRecords(steps: ItemSteps, answered: Answered, scopes: Scope[]): void {
  // As `pm.collectionVariables.set(key, value)` does: no type (the typings insist on one).
  const untyped = (scope: Scope): { set(key: string, value: unknown): void } =>
    scope as unknown as { set(key: string, value: unknown): void };
  for (const [key, value] of recordedValues(steps, answered))
    for (const scope of scopes) untyped(scope).set(key, value);
}

/** The runtime's live collection variables, from the run newman's `start` event hands over. */
export function liveCollectionVariables(run: unknown): Scope | undefined {
  const state: unknown = typeof run === 'object' && run !== null ? Reflect.get(run, 'state') : undefined;
  const scope: unknown =
    typeof state === 'object' && state !== null ? Reflect.get(state, 'collectionVariables') : undefined;
  return sdk.VariableScope.isVariableScope(scope) ? (scope as Scope) : undefined;
}
