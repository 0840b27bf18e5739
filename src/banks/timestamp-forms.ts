/**
 * The X-TIMESTAMP forms a bank accepts (its profile's timestampForms knob): which UTC offsets, and
 * whether a fraction of a second may, must or must not follow the seconds. The mock refuses a
 * SNAP timestamp outside them; a profile whose own timestampFormat falls outside them contradicts
 * itself.
 */
import { formatTimestamp } from '../../scripts/timestamp.ts';
import type { SourcedTimestampForms } from './bank-profile.generated.ts';

export type TimestampForms = SourcedTimestampForms['value'];

/** `…T HH:mm:ss(.SSS)?(offset)`: the parts the knob judges, of a value that already parsed. */
const FORM = /T\d{2}:\d{2}:\d{2}(\.\d{3})?(Z|[+-]\d{2}:\d{2})$/;

/** What a timestamp-forms rule accepts, in words. */
export function describeTimestampForms(forms: TimestampForms): string {
  const offsets =
    forms.offsets === 'any'
      ? 'any offset (Z, +hh:mm or -hh:mm)'
      : forms.offsets === 'numeric'
        ? 'a +hh:mm or -hh:mm offset (not Z)'
        : `offset ${forms.offsets.join(' or ')}`;
  const millis = {
    optional: 'with or without .SSS milliseconds',
    required: 'with .SSS milliseconds',
    forbidden: 'without milliseconds (yyyy-MM-ddTHH:mm:ss)',
  }[forms.milliseconds];
  return `X-TIMESTAMP with ${offsets}, ${millis}`;
}

/** Why a SNAP timestamp is not in one of the accepted forms (undefined: it is). */
export function timestampFormProblem(forms: TimestampForms, value: string): string | undefined {
  const m = FORM.exec(value);
  if (m === null) return 'it is not an ISO-8601 time with an offset';
  const [, millis, offset = ''] = m;
  if (forms.milliseconds === 'required' && millis === undefined) return 'it has no milliseconds';
  if (forms.milliseconds === 'forbidden' && millis !== undefined) return 'it has milliseconds';
  if (forms.offsets === 'numeric' && offset === 'Z') return 'its offset is Z';
  if (Array.isArray(forms.offsets) && !forms.offsets.includes(offset)) return `its offset is ${offset}`;
  return undefined;
}

/** What a bank's own timestampFormat writes, and why its timestampForms refuse it (none: they accept it). */
export function ownFormRefused(
  forms: TimestampForms,
  format: Parameters<typeof formatTimestamp>[1],
): { written: string; problem: string } | undefined {
  const written = formatTimestamp(Date.UTC(2024, 2, 5, 10, 37, 16, 123), format);
  const problem = timestampFormProblem(forms, written);
  return problem === undefined ? undefined : { written, problem };
}
