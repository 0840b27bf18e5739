/**
 * What an item does around its request besides signing and checking: kontrak's runs skip a token
 * request while an earlier token is valid, and every run records what later requests repeat (the
 * external id, a reference) and captures values from the answer. The steps are data: the renderer
 * writes them as item scripts (render/postman.ts), and kontrak's runs perform them in Node
 * (src/run/node-steps.ts), where a script would cost the sandbox's fixed price per request.
 */
import { providerVariable, type Provider, type RequestSpec } from '../model/types.ts';
import { EXTERNAL_ID_VARIABLE, REFERENCE_VARIABLE } from '../model/negatives.ts';
import { signalStatement } from './script-signals.ts';

export interface ItemSteps {
  /** Skip the request while this variable holds a token with more than REUSE_MARGIN_MS left. */
  reuseToken?: string;
  /** Record this header of the request as sent in EXTERNAL_ID_VARIABLE. */
  recordExternalIdHeader?: string;
  /** Record the field at this path of the JSON body as sent in REFERENCE_VARIABLE. */
  recordReference?: string;
  /** Variables set from the answer's JSON body: [variable, path], in order. */
  captures: Array<[string, string]>;
  /** Where the captured token's expiry goes (from the answer's expiresIn or expires_in, seconds). */
  tokenExpiry?: string;
}

/** A token is reused only while it has more than this left, ms. */
export const REUSE_MARGIN_MS = 60_000;

/** The note of a token request skipped because an earlier token is valid `leftMs` more. */
export const reuseNoteText = (token: string): string => `${token} fetched earlier in this run, valid `;

/**
 * The steps of `request`. The reuse check is kontrak's runs' own (not for Postman: there a token
 * request always goes out), and never for a negative or tampered token request.
 */
export function itemStepsOf(request: RequestSpec, provider: Provider, forPostman: boolean): ItemSteps {
  const token = providerVariable(provider.name, 'access_token');
  const capturesToken = token in request.capture;
  const captures = Object.entries(request.capture);
  return {
    ...(!forPostman && capturesToken && !request.negative && !request.tamper ? { reuseToken: token } : {}),
    ...(request.recordExternalId ? { recordExternalIdHeader: provider.signing.externalIdHeader } : {}),
    ...(request.recordReference ? { recordReference: request.recordReference } : {}),
    captures,
    ...(captures.length && capturesToken ? { tokenExpiry: `${token}_expires_at` } : {}),
  };
}

/** A body path's property keys: `virtualAccountData.items[0]` → virtualAccountData, items, 0. */
export function pathKeys(path: string): Array<{ key: string; index: boolean }> {
  return path.split('.').flatMap((part) => {
    const [name = '', ...indexes] = part.split('[');
    return [{ key: name, index: false }, ...indexes.map((i) => ({ key: i.replace(']', ''), index: true }))];
  });
}

/** `virtualAccountData.items[0]` → `["virtualAccountData"]["items"][0]` (safe JS accessors). */
export function accessor(path: string): string {
  return pathKeys(path)
    .map(({ key, index }) => `[${index ? key : JSON.stringify(key)}]`)
    .join('');
}

/** The pre-request script lines of the steps: the reuse check. */
export function prerequestLines(steps: ItemSteps): string[] {
  const token = steps.reuseToken;
  if (!token) return [];
  return [
    `var kontrakToken = pm.variables.get(${JSON.stringify(token)}), kontrakLeft = Number(pm.variables.get(${JSON.stringify(`${token}_expires_at`)})) - Date.now();`,
    `if (kontrakToken && kontrakLeft > ${REUSE_MARGIN_MS}) { ${signalStatement(`{ kind: "reused", note: ${JSON.stringify(reuseNoteText(token))} + Math.round(kontrakLeft / 1000) + " s more" }`)} pm.execution.skipRequest(); }`,
  ];
}

/** The test script lines of the steps: the records, then the captures. */
export function testLines(steps: ItemSteps): string[] {
  const lines: string[] = [];
  if (steps.recordExternalIdHeader) {
    // A later external-id-reuse variant sends this request's external id again.
    lines.push(
      `pm.collectionVariables.set(${JSON.stringify(EXTERNAL_ID_VARIABLE)}, pm.request.headers.get(${JSON.stringify(steps.recordExternalIdHeader)}) || '');`,
    );
  }
  if (steps.recordReference) {
    // Later duplicate-reference / inconsistent-request variants repeat this reference as sent.
    lines.push(
      `try { var kontrakSent = JSON.parse(pm.request.body.raw); pm.collectionVariables.set(${JSON.stringify(REFERENCE_VARIABLE)}, String(kontrakSent${accessor(steps.recordReference)})); } catch (e) {}`,
    );
  }
  if (steps.captures.length) {
    lines.push('var kontrakBody = {};', 'try { kontrakBody = pm.response.json(); } catch (e) {}');
    for (const [variable, path] of steps.captures) {
      lines.push(
        `try { var v = kontrakBody${accessor(path)}; if (v !== undefined) pm.collectionVariables.set(${JSON.stringify(variable)}, String(v)); } catch (e) {}`,
      );
    }
    if (steps.tokenExpiry) {
      // When the token expires (SNAP expiresIn / BRI expires_in, seconds), so it can be reused until then.
      lines.push(
        'var kontrakTtl = Number(kontrakBody.expiresIn || kontrakBody.expires_in);',
        `if (kontrakTtl > 0) pm.collectionVariables.set(${JSON.stringify(steps.tokenExpiry)}, String(Date.now() + kontrakTtl * 1000));`,
      );
    }
  }
  return lines;
}
