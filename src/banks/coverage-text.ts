/**
 * The coverage matrix of the bank profiles (src/banks/basis.ts) as text for the console
 * (`kontrak coverage`) and as Markdown (docs/coverage.md, `npm run gen:docs`).
 */
import { basisText, type BasisKind } from '../model/basis.ts';
import { basisCounts, type BankCoverage, type BasisRow } from './basis.ts';

/** A kind in a cell of the matrix. */
const SHORT: Record<BasisKind, string> = {
  'documented sample': 'sample',
  'SDK model': 'SDK',
  'ASPI only': 'ASPI',
  assumed: 'assumed',
};
const NOT_STATED = '?';
const NOT_NAMED = '·';

const LEGEND = `${Object.entries(SHORT)
  .map(([kind, short]) => `${short}: ${kind}`)
  .join(', ')}; ${NOT_STATED}: not stated; ${NOT_NAMED}: the bank does not name the service`;

const cell = (row: BasisRow | undefined): string =>
  row === undefined ? NOT_NAMED : row.basis ? SHORT[row.basis.kind] : NOT_STATED;

/** Every service any bank names, as [code, service, name], in catalogue order. */
function allServices(matrix: readonly BankCoverage[]): Array<[string, string, string]> {
  const seen = new Map<string, [string, string, string]>();
  for (const bank of matrix)
    for (const row of bank.rows) seen.set(row.service, [row.code, row.service, row.name]);
  return [...seen.values()].sort(([a, s], [b, t]) => a.localeCompare(b) || s.localeCompare(t));
}

const rowOf = (bank: BankCoverage, service: string): BasisRow | undefined =>
  bank.rows.find((r) => r.service === service);

const summary = (matrix: readonly BankCoverage[]): string =>
  basisCounts(matrix)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ');

/** The matrix: one line per service, one column per bank. */
export function coverageMatrixText(matrix: readonly BankCoverage[]): string[] {
  const width = Math.max(8, ...matrix.map((b) => b.bank.length + 1));
  const head = `${'code'.padEnd(5)}${'service'.padEnd(30)}${matrix.map((b) => b.bank.padEnd(width)).join('')}`;
  const lines = allServices(matrix).map(([code, service]) =>
    `${code.padEnd(5)}${service.padEnd(30)}${matrix.map((b) => cell(rowOf(b, service)).padEnd(width)).join('')}`.trimEnd(),
  );
  return [
    `What each bank's contracts rest on (${summary(matrix)}):`,
    head.trimEnd(),
    ...lines,
    LEGEND,
    'kontrak coverage <bank> lists the sources.',
  ];
}

/** One bank's services with their basis and its source. */
export function bankCoverageText(bank: BankCoverage): string[] {
  return [
    `${bank.bank}  ${bank.title}  (${summary([bank])})`,
    ...bank.rows.flatMap((r) => [
      `  ${r.code.padEnd(3)}${r.service.padEnd(30)}${r.basis ? basisText(r.basis) : 'not stated'}${r.offered ? '' : '  [not emulated by the mock]'}`,
      ...(r.basis?.note ? [`${' '.repeat(35)}${r.basis.note}`] : []),
    ]),
  ];
}

const escape = (text: string): string => text.replace(/\|/g, '\\|');

/** docs/coverage.md. */
export function coverageMarkdown(matrix: readonly BankCoverage[]): string {
  const banks = matrix.map((b) => b.bank);
  const table = [
    `| code | service | ${banks.join(' | ')} |`,
    `|---|---|${banks.map(() => '---').join('|')}|`,
    ...allServices(matrix).map(
      ([code, service]) =>
        `| ${code} | ${service} | ${matrix.map((b) => cell(rowOf(b, service))).join(' | ')} |`,
    ),
  ];
  const sections = matrix.flatMap((bank) => [
    '',
    `## ${bank.bank}: ${bank.title}`,
    '',
    '| code | service | basis | source | note |',
    '|---|---|---|---|---|',
    ...bank.rows
      .map((r) =>
        [
          r.code,
          `${r.service}${r.offered ? '' : ' (not emulated by the mock)'}`,
          r.basis?.kind ?? 'not stated',
          r.basis ? escape(`${r.basis.source}${r.basis.version ? ` @ ${r.basis.version}` : ''}`) : '',
          escape(r.basis?.note ?? ''),
        ].join(' | '),
      )
      .map((line) => `| ${line} |`),
  ]);
  return [
    '# What each bank contract rests on',
    '',
    '<!-- Generated from banks/*.yaml (basis:) by `npm run gen:docs`: do not edit. -->',
    '',
    'For each bank profile and each service it offers, overlays or states a basis for: what the contract',
    'kontrak holds the service to at that bank rests on. `kontrak coverage` prints the same for a',
    "project's own profiles too, and `kontrak explain` and the reports name it for each request.",
    '',
    '- **documented sample**: the bank publishes a request or answer of the service; kontrak keeps it in',
    '  its corpus of bank samples and replays it through its checks and mock (a test holds each such',
    '  line to the corpus).',
    "- **SDK model**: the bank's official SDK builds or models the service's messages (package or",
    '  repository, and the version or commit read).',
    "- **ASPI only**: the messages are held to ASPI's SNAP field tables; nothing of the bank's own was compared.",
    "- **assumed**: neither; the bank's paths or fields for the service are a reasoned guess.",
    '',
    `${summary(matrix)}.`,
    '',
    `${LEGEND}.`,
    '',
    ...table,
    ...sections,
    '',
  ].join('\n');
}
