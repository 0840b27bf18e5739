import { readFileSync } from 'node:fs';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { error, type Diagnostic, type Outcome } from '../diagnostics/diagnostic.ts';
import type { KontrakFile } from '../model/types.ts';
import { closest } from '../diagnostics/suggest.ts';
import { createAjv } from '../schemas/ajv.ts';
import { packagePath } from '../project/assets.ts';
import { locate, pointerToPath, type ParsedFile } from './parse.ts';

const FORMAT_SCHEMA_FILE = packagePath('schemas', 'kontrak.schema.json');

let validator: ValidateFunction<KontrakFile> | undefined;

/**
 * The compiled schema of kontrak's own YAML format (compiled once per process). It fills in the
 * schema's defaults: they live there and nowhere else.
 */
function formatValidator(): ValidateFunction<KontrakFile> {
  validator ??= createAjv({ useDefaults: true }).compile<KontrakFile>(
    JSON.parse(readFileSync(FORMAT_SCHEMA_FILE, 'utf8')) as object,
  );
  return validator;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** The key a value sits under; an entry of a list is named by the list's key ("an entry of negatives"). */
function fieldLabel(path: ReadonlyArray<string | number>): string {
  const last = path[path.length - 1];
  if (last === undefined) return 'document';
  if (typeof last !== 'number') return last;
  const list = path[path.length - 2];
  return list === undefined || typeof list === 'number' ? String(last) : `an entry of "${list}"`;
}

const quoted = (field: string): string => (field.startsWith('an entry of') ? field : `"${field}"`);

function toDiagnostic(parsed: ParsedFile, e: ErrorObject): Diagnostic {
  const path = pointerToPath(e.instancePath);
  const field = fieldLabel(path);
  const at = locate(parsed, path);
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const suggestion = closest(key, known);
      return error('E_UNKNOWN_KEY', `unknown key "${key}"`, {
        ...locate(parsed, path, key),
        hint: suggestion ? `did you mean "${suggestion}"?` : `allowed keys here: ${known.join(', ')}`,
      });
    }
    case 'required': {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      return error('E_MISSING_KEY', `${quoted(field)} is missing the required key "${missing}"`, {
        ...at,
        hint: `add "${missing}:" to this mapping`,
      });
    }
    case 'type':
      return error(
        'E_TYPE',
        `${quoted(field)} must be ${(e.params as { type: string }).type}, found ${describe(e.data)}`,
        {
          ...at,
          hint: 'change the value to the expected type',
        },
      );
    case 'enum':
    case 'const': {
      const allowed = (
        e.keyword === 'enum'
          ? (e.params as { allowedValues: unknown[] }).allowedValues
          : [(e.params as { allowedValue: unknown }).allowedValue]
      ).map(String);
      const suggestion = typeof e.data === 'string' ? closest(e.data, allowed) : undefined;
      // signQuery used to be a boolean.
      const wasBoolean =
        field === 'signQuery' && typeof e.data === 'boolean'
          ? `signQuery is no longer a boolean: write ${e.data ? '"as-sent"' : '"excluded"'} (or "sorted")`
          : undefined;
      // An entry of a list names what entries may be: its key alone says nothing of them.
      const entry = field.startsWith('an entry of') ? ` (allowed: ${allowed.join(', ')})` : '';
      return error('E_INVALID_VALUE', `${quoted(field)} cannot be ${describe(e.data)}${entry}`, {
        ...at,
        hint:
          wasBoolean ?? (suggestion ? `did you mean "${suggestion}"?` : `use one of: ${allowed.join(', ')}`),
      });
    }
    case 'false schema':
      return error('E_CONFLICT', `${quoted(field)} cannot be used here`, {
        ...locate(parsed, path.slice(0, -1), field),
        hint: field === 'body' ? 'a request has either a JSON body or a form, not both' : 'remove it',
      });
    default:
      return error(
        'E_INVALID_VALUE',
        `${quoted(field)} ${e.message ?? 'is invalid'} (found ${describe(e.data)})`,
        {
          ...at,
          ...hintFor(e),
        },
      );
  }
}

/**
 * Check a parsed file against the format schema; every error is positioned. A valid file comes
 * back as `value` with the schema's defaults filled in: `parsed.data` itself gains them (positions
 * come from `parsed.document`, which keeps what was written).
 */
export function validateFormat(parsed: ParsedFile): Outcome<KontrakFile> {
  const data = parsed.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return {
      diagnostics: [
        error(
          'E_NOT_A_COLLECTION',
          'a kontrak file must be a mapping with "kontrak: 1" and one of provider, environment or suite',
          {
            ...locate(parsed, []),
          },
        ),
      ],
    };
  }
  const kinds = ['provider', 'environment', 'suite'].filter((k) => k in data);
  if (kinds.length !== 1) {
    return {
      diagnostics: [
        error(
          'E_FILE_KIND',
          kinds.length
            ? `one file holds one of ${kinds.join(' and ')}, not several`
            : 'no provider, environment or suite in this file',
          {
            ...locate(parsed, [], kinds[1]),
            hint: 'put each provider, environment and suite in a file of its own',
          },
        ),
      ],
    };
  }
  const validate = formatValidator();
  if (validate(data)) return { value: data, diagnostics: [] };
  return { diagnostics: schemaDiagnostics(parsed, validate.errors ?? []) };
}

/** ajv's errors for a parsed YAML file as positioned diagnostics (the format's, a bank profile's). */
export function schemaDiagnostics(parsed: ParsedFile, all: ErrorObject[]): Diagnostic[] {
  // A value that matches no alternative of a oneOf gets one error per alternative: an enum's
  // list of allowed values says more than "must be object", so the other alternatives go.
  const enumAt = new Set(all.filter((e) => e.keyword === 'enum').map((e) => e.instancePath));
  const errors = all.filter(
    (e) =>
      e.keyword !== 'oneOf' && e.keyword !== 'if' && !(e.keyword === 'type' && enumAt.has(e.instancePath)),
  );
  const seen = new Set<string>();
  return errors
    .map((e) => toDiagnostic(parsed, e))
    .filter((d) => {
      const key = `${d.line}:${d.column}:${d.code}:${d.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** A pattern names itself; a bound is explained by its key's description (why the limit is what it is). */
function hintFor(e: ErrorObject): { hint?: string } {
  if (e.keyword === 'pattern')
    return { hint: `the value must match ${(e.params as { pattern: string }).pattern}` };
  const description = (e.parentSchema as { description?: string } | undefined)?.description;
  return (e.keyword === 'minimum' || e.keyword === 'maximum') && description ? { hint: description } : {};
}
