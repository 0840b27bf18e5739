/**
 * A run as evidence rows: one per exchange that was sent, grouped by provider and service family
 * (one sheet each), with the columns banks ask for — No | Service | Scenario | Expected Result |
 * Request | Response | Result | Notes. Pure: the writers only lay these out.
 */
import { createHash } from 'node:crypto';
import { serviceCodeOf } from '../../model/service-codes.ts';
import type { ExchangeResult, RunResult } from '../../model/results.ts';
import { exchangeRecord } from '../json.ts';
import { curlOf } from './curl.ts';

/** Headers the BRI SIT validator requires in every curl. */
export const REQUIRED_HEADERS = [
  'Content-Type',
  'Authorization',
  'X-SIGNATURE',
  'X-TIMESTAMP',
  'X-EXTERNAL-ID',
  'X-PARTNER-ID',
] as const;

export interface EvidenceRow {
  /** Number within its sheet, from 1. */
  no: number;
  provider: string;
  suite: string;
  sheet: string;
  service: string;
  scenario: string;
  expectedResult: string;
  request: string;
  response: string;
  result: 'Passed' | 'Not Passed';
  notes: string;
  /** The exchange as results.json records it, and its SHA-256. */
  record: string;
  sha256: string;
  /** For uniqueness within a sheet and for the DANA mapping. */
  timestamp?: string;
  signature?: string;
  exchange: ExchangeResult;
}

/** Service families by SNAP service code (ASPI SNAP service catalogue, https://apidevportal.aspi-indonesia.or.id); the sheet a row goes on. */
const FAMILIES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^7[34]$/, 'Access Token'],
  [/^1[1-4]$/, 'Balance and Statement'],
  [/^1[56]$/, 'Account Inquiry'],
  [/^(1[7-9]|2[0-3]|36|7[56])$/, 'Transfer'],
  [/^(2[4-9]|3[0-5])$/, 'Virtual Account'],
  [/^(3[7-9]|4[0-6])$/, 'E-Money'],
  [/^(4[7-9]|5[0-3]|59|6[0-2]|7[7-9]|80)$/, 'QRIS'],
  [/^(5[4-8]|7[0-2])$/, 'Direct Debit'],
  [/^(6[3-9])$/, 'Auth Payment'],
  [/^(0[1-9]|10|81)$/, 'Registration and Binding'],
];

export function familyOf(url: string, suite: string): string {
  let path = url;
  try {
    path = new URL(url).pathname;
  } catch {
    // a path already
  }
  const code = serviceCodeOf(path);
  const named = code && FAMILIES.find(([pattern]) => pattern.test(code))?.[1];
  if (named) return named;
  if (/oauth|token/i.test(path)) return 'Access Token';
  return suite.replace(/@.*$/, '');
}

/** A call to the embedded mock's own endpoints (src/mock/edge/control.ts), not to a bank's API. */
function isMockControl(url: string): boolean {
  let path = url;
  try {
    path = new URL(url).pathname;
  } catch {
    // a path already
  }
  return path.startsWith('/kontrak/');
}

/** `POST /v1.0/transfer-intrabank` as the Service column shows it. */
function serviceOf(x: ExchangeResult): string {
  let path = x.request.url;
  try {
    path = new URL(x.request.url).pathname;
  } catch {
    // a path already
  }
  return `${x.request.method} ${path}`;
}

function header(x: ExchangeResult, name: string): string | undefined {
  return x.request.headers.find((h) => h.key.toLowerCase() === name.toLowerCase())?.value;
}

function expectedResultOf(x: ExchangeResult): string {
  const e = x.expected;
  if (!e) return '';
  const kind = e.status < 300 ? 'Successful' : 'Rejected';
  return `HTTP ${e.status}${e.responseCode ? `, responseCode ${e.responseCode}` : ''} (${kind})`;
}

function responseOf(x: ExchangeResult): string {
  if (!x.response) return `No response: ${x.error ?? 'the request was not sent'}`;
  const r = x.response;
  const lines = [`HTTP/1.1 ${r.status}${r.statusText ? ` ${r.statusText}` : ''}`];
  for (const h of r.headers) lines.push(`${h.key}: ${h.value}`);
  return `${lines.join('\n')}\n\n${r.body}${r.truncated ? `\n… (${r.bodyBytes} bytes, cut at ${r.body.length})` : ''}`;
}

/** Notes: kontrak's own explanation of a failure; on a pass, what a reviewer should know. */
function notesOf(x: ExchangeResult): string {
  const notes: string[] = [];
  if (!x.passed) {
    if (x.failureClass) notes.push(`Failure class: ${x.failureClass}.`);
    for (const c of x.checks.filter((check) => !check.passed)) {
      notes.push(`${c.name}: ${c.message}`);
      for (const v of c.violations ?? []) notes.push(`  ${v.pointer || '/'} ${v.rule}: ${v.message}`);
    }
    const error = x.error;
    if (error && !notes.some((n) => n.includes(error))) notes.push(`Error: ${error}`);
    if (notes.length === 0) notes.push('Not passed (no failed check recorded).');
  }
  if (x.flaky)
    notes.push(
      `Flaky: passed on attempt ${(x.attempts?.length ?? 0) + 1} after a retry with the same external id.`,
    );
  const missing = REQUIRED_HEADERS.filter((h) => header(x, h) === undefined);
  if (x.response && missing.length)
    notes.push(
      `Not sent by this call: ${missing.join(', ')}${x.negativeCase?.kind === 'missing-token' ? ' (the case leaves the token out)' : x.expected && /token/i.test(x.request.url) ? ' (an access-token call carries none)' : ''}.`,
    );
  if (x.request.truncated)
    notes.push(
      `The request body was cut at ${x.request.body.length} of ${x.request.bodyBytes} bytes in the record.`,
    );
  return notes.join('\n');
}

/** Rows of every sent exchange of the run, numbered per sheet; duplicates of X-TIMESTAMP/X-SIGNATURE noted. */
export function evidenceRows(run: RunResult): EvidenceRow[] {
  const rows: EvidenceRow[] = [];
  const counters = new Map<string, number>();
  for (const suite of run.suites) {
    for (const x of suite.exchanges) {
      // A token request skipped because an earlier token was reused sent nothing to show.
      if (!x.response && x.passed) continue;
      // The mock's own control calls (/kontrak/auth-code…) are no bank's API: never evidence.
      if (isMockControl(x.request.url)) continue;
      const sheet = familyOf(x.request.url, suite.name);
      const key = `${suite.provider}\u0000${sheet}`;
      const no = (counters.get(key) ?? 0) + 1;
      counters.set(key, no);
      const record = exchangeRecord(x);
      const timestamp = header(x, 'X-TIMESTAMP') ?? header(x, 'BRI-Timestamp');
      const signature = header(x, 'X-SIGNATURE') ?? header(x, 'BRI-Signature');
      rows.push({
        no,
        provider: suite.provider,
        suite: suite.name,
        sheet,
        service: serviceOf(x),
        scenario: x.scenario ?? x.name,
        expectedResult: expectedResultOf(x),
        request: curlOf(x.request),
        response: responseOf(x),
        result: x.passed ? 'Passed' : 'Not Passed',
        notes: notesOf(x),
        record,
        sha256: createHash('sha256').update(record).digest('hex'),
        ...(timestamp ? { timestamp } : {}),
        ...(signature ? { signature } : {}),
        exchange: x,
      });
    }
  }
  noteRepeats(rows);
  return rows;
}

/** BRI rejects a sheet where two rows share an X-SIGNATURE or X-TIMESTAMP: say so on the row. */
function noteRepeats(rows: EvidenceRow[]): void {
  const seen = new Map<string, number>();
  for (const row of rows) {
    for (const [name, value] of [
      ['X-TIMESTAMP', row.timestamp],
      ['X-SIGNATURE', row.signature],
    ] as const) {
      if (!value) continue;
      const key = `${row.provider}\u0000${row.sheet}\u0000${name}\u0000${value}`;
      const first = seen.get(key);
      if (first === undefined) seen.set(key, row.no);
      else
        row.notes = [
          row.notes,
          `${name} repeats row ${first} of this sheet: a SIT validator rejects repeated values.`,
        ]
          .filter(Boolean)
          .join('\n');
    }
  }
}

/** Rows grouped by provider, then by sheet, in first-seen order. */
export function bySheet(rows: readonly EvidenceRow[]): Map<string, Map<string, EvidenceRow[]>> {
  const providers = new Map<string, Map<string, EvidenceRow[]>>();
  for (const row of rows) {
    const sheets = providers.get(row.provider) ?? new Map<string, EvidenceRow[]>();
    providers.set(row.provider, sheets);
    sheets.set(row.sheet, [...(sheets.get(row.sheet) ?? []), row]);
  }
  return providers;
}
