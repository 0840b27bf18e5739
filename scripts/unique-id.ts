/**
 * `{{$kontrakId}}`: ten digits the signer mints once per request, the same at every place the
 * request's body or URL uses them, and never the same twice within a run. Postman's `{{$timestamp}}`
 * changes once a second, so two requests (or two suites sharing one bank's ledger) in the same
 * second sent the same VA number or reference; `{{$randomInt}}` (0 to 1000) only made that rarer.
 *
 * The digits are an external id of ten digits (scripts/external-id.ts): a two-digit lane (the CI
 * shard, else random per run) and the Jakarta millisecond of the day as a strictly increasing
 * counter. Within a run no value repeats; runs one after the other move on with the clock; runs
 * at the same time differ by their lane. Ten digits, as many as `{{$timestamp}}` gave, so fields
 * with fixed lengths (VA numbers, customer numbers) keep them.
 */
import { createExternalIdGenerator } from './external-id.ts';
import type { PmLike } from './types.ts';

/** The dynamic variable's name, as `{{$kontrakId}}` is written in YAML. */
export const UNIQUE_ID_NAME = 'kontrakId';
const TOKEN = '{{$' + UNIQUE_ID_NAME + '}}';
const DIGITS = 10;

// The values of this run: the bundle, and so this generator, lives for one run.
const nextId = createExternalIdGenerator(Math.random);

/** The next value of this run (exported for tests: a request gets its value from mintUniqueId). */
export const uniqueId = (epochMs: number): string => nextId(epochMs, DIGITS);

/**
 * Writes one fresh value wherever the request's raw body or URL says `{{$kontrakId}}`, before the
 * runtime's own variables are resolved. Returns the value, or '' when the request does not use it.
 */
export const mintUniqueId = (pm: PmLike, epochMs: number): string => {
  const { body, url } = pm.request;
  const raw = body?.mode === 'raw' ? (body.raw ?? '') : '';
  const urlText = url.toString();
  const inUrl = urlText.includes(TOKEN);
  if (!raw.includes(TOKEN) && !inUrl) return '';
  const id = uniqueId(epochMs);
  if (body && raw.includes(TOKEN))
    body.update({ mode: 'raw', raw: raw.split(TOKEN).join(id), options: body.options });
  if (inUrl) url.update(urlText.split(TOKEN).join(id));
  return id;
};
