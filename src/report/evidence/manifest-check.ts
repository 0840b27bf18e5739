/**
 * A pack's manifest.json read back for `evidence verify`: JSON text in, a `Manifest` or
 * diagnostics placed where the manifest goes wrong out. Checked before any file it names is
 * touched: the shape `verify` relies on, paths that stay inside the pack, no path twice, and at
 * least one row covered (a manifest that checks nothing proves nothing).
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { error, type Diagnostic, type Outcome } from '../../diagnostics/diagnostic.ts';
import { createAjv } from '../../schemas/ajv.ts';
import { jsonPosition } from '../results-file.ts';
import { MANIFEST_FILE, type Manifest } from './manifest.ts';
import { packPathProblem } from './pack-reader.ts';

const HINT = 'point evidence verify at a folder kontrak evidence wrote';
/** Past this many problems the file is plainly something else. */
const MAX_PROBLEMS = 10;

const HEX64 = { type: 'string', pattern: '^[0-9a-f]{64}$' } as const;
/** What `verify` reads of a manifest (manifest.ts has the whole shape). */
const MANIFEST_SCHEMA = {
  type: 'object',
  required: ['kontrakEvidence', 'files', 'sha256'],
  properties: {
    kontrakEvidence: { const: 1 },
    sha256: HEX64,
    files: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'sha256', 'rows'],
        properties: {
          path: { type: 'string' },
          sha256: HEX64,
          rows: {
            type: 'array',
            items: {
              type: 'object',
              required: ['id', 'label', 'sha256'],
              properties: { id: { type: 'string' }, label: { type: 'string' }, sha256: HEX64 },
            },
          },
        },
      },
    },
  },
} as const;

let validator: ValidateFunction<Manifest> | undefined;
const validate = (value: unknown): value is Manifest =>
  (validator ??= createAjv().compile<Manifest>(MANIFEST_SCHEMA))(value);

const TYPE_NAMES: Record<string, string> = {
  object: 'an object',
  array: 'a list',
  string: 'a string',
};

const found = (value: unknown): string =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'a list'
      : typeof value === 'object'
        ? 'an object'
        : JSON.stringify(value);

function problem(e: ErrorObject): string {
  const at = e.instancePath || 'the manifest';
  const params = e.params as { type?: string; missingProperty?: string };
  if (e.keyword === 'type')
    return `${at} must be ${TYPE_NAMES[params.type ?? ''] ?? params.type}, found ${found(e.data)}`;
  if (e.keyword === 'required') return `${at} is missing "${params.missingProperty}"`;
  if (e.keyword === 'pattern') return `${at} must be a SHA-256 in hex, found ${found(e.data)}`;
  return `${at} ${e.message ?? 'is invalid'}`;
}

/** The manifest of a pack, or why it cannot be verified, each diagnostic at its place in `text`. */
export function checkManifest(text: string, shown: string): Outcome<Manifest> {
  const at = (pointer: string, message: string): Diagnostic =>
    error('E_EVIDENCE', message, { file: shown, ...jsonPosition(text, pointer), hint: HINT });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return {
      diagnostics: [
        error('E_EVIDENCE', `${MANIFEST_FILE} is not JSON (${(e as Error).message})`, {
          file: shown,
          hint: HINT,
        }),
      ],
    };
  }
  const version = (value as { kontrakEvidence?: unknown } | null)?.kontrakEvidence;
  if (typeof value !== 'object' || value === null || Array.isArray(value) || version !== 1)
    return {
      diagnostics: [
        at('/kontrakEvidence', `${MANIFEST_FILE} is not a kontrak evidence manifest (version 1)`),
      ],
    };
  if (!validate(value))
    return {
      diagnostics: (validator?.errors ?? [])
        .slice(0, MAX_PROBLEMS)
        .map((e) => at(e.instancePath, problem(e))),
    };
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  value.files.forEach((file, i) => {
    const pathProblem = packPathProblem(file.path);
    if (pathProblem) diagnostics.push(at(`/files/${i}/path`, `${JSON.stringify(file.path)} ${pathProblem}`));
    else if (file.path === MANIFEST_FILE || seen.has(file.path))
      diagnostics.push(at(`/files/${i}/path`, `${file.path} is listed twice (or is the manifest itself)`));
    seen.add(file.path);
  });
  if (!value.files.some((f) => f.rows.length > 0))
    diagnostics.push(
      at(
        '/files',
        `the manifest covers no row (${value.files.length} file(s), no row in them): it checks nothing`,
      ),
    );
  return diagnostics.length ? { diagnostics } : { value, diagnostics };
}
