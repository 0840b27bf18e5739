/**
 * DANA scores its mandatory scenarios by name (dana-id/uat-script `resource/mandatory-tests.json`,
 * https://github.com/dana-id/uat-script). This maps kontrak's cases onto those names, per service family, with
 * pass/fail — and says plainly which mandatory scenarios this run did not cover.
 */
import type { ExchangeResult, RunResult } from '../../model/results.ts';
import { escapeHtml, page, ROW_END, rowStart } from './html.ts';
import { partnerLabel, testDate, type EvidenceMeta } from './meta.ts';
import type { EvidenceRow } from './rows.ts';

interface DanaScenario {
  name: string;
  /** Expected response code pattern (xx = the service code). */
  code: string;
  /** Whether DANA lists it as mandatory for every product (else recommended). */
  mandatory: boolean;
  covers: (x: ExchangeResult) => boolean;
}

const kind = (k: string) => (x: ExchangeResult) => x.negativeCase?.kind === k;

export const DANA_SCENARIOS: readonly DanaScenario[] = [
  {
    name: 'Success',
    code: '200xx00',
    mandatory: true,
    covers: (x) => !x.negative && (x.expected?.status ?? 0) < 300,
  },
  { name: 'Invalid Field Format', code: '400xx01', mandatory: true, covers: kind('field-format') },
  { name: 'Invalid Mandatory Field', code: '400xx02', mandatory: true, covers: kind('mandatory-field') },
  { name: 'Unauthorized. Invalid Signature', code: '401xx00', mandatory: true, covers: kind('signature') },
  { name: 'Inconsistent Request', code: '404xx18', mandatory: true, covers: kind('inconsistent-request') },
  { name: 'Internal Server Error', code: '500xx01', mandatory: true, covers: () => false },
  { name: 'General Error', code: '500xx00', mandatory: true, covers: () => false },
  { name: 'Invalid Token', code: '401xx01', mandatory: false, covers: kind('token') },
  { name: 'Token Not Found', code: '401xx03', mandatory: false, covers: kind('missing-token') },
  { name: 'Duplicate Request', code: '409xx01', mandatory: false, covers: kind('duplicate-reference') },
  {
    name: 'Conflict (X-EXTERNAL-ID reused)',
    code: '409xx00',
    mandatory: false,
    covers: kind('external-id-reuse'),
  },
];

export interface DanaLine {
  family: string;
  scenario: string;
  code: string;
  mandatory: boolean;
  cases: string[];
  result: 'Passed' | 'Not Passed' | 'Not covered';
}

export function danaMapping(rows: readonly EvidenceRow[]): DanaLine[] {
  const families = [...new Set(rows.map((r) => r.sheet))];
  return families.flatMap((family) => {
    const inFamily = rows.filter((r) => r.sheet === family);
    return DANA_SCENARIOS.map((s): DanaLine => {
      const matched = inFamily.filter((r) => s.covers(r.exchange));
      return {
        family,
        scenario: s.name,
        code: s.code,
        mandatory: s.mandatory,
        cases: matched.map((r) => `${r.suite} #${r.no} ${r.scenario}`),
        result:
          matched.length === 0
            ? 'Not covered'
            : matched.every((r) => r.result === 'Passed')
              ? 'Passed'
              : 'Not Passed',
      };
    });
  });
}

const STYLE = `body{font:13px system-ui,sans-serif;margin:1.5em}table{border-collapse:collapse}
th,td{border:1px solid #999;padding:4px 8px;vertical-align:top;text-align:left}th{background:#eee}
.Passed{background:#c6efce}.Not-Passed{background:#ffc7ce}.Not-covered{color:#777}`;

export function danaHtml(run: RunResult, lines: readonly DanaLine[], meta: EvidenceMeta): string {
  const body = lines
    .map(
      (l, i) =>
        `${rowStart(String(i + 1))}<tr><td>${escapeHtml(l.family)}</td><td>${escapeHtml(l.scenario)}</td><td>${l.code}</td><td>${l.mandatory ? 'mandatory' : 'recommended'}</td><td>${l.cases.map(escapeHtml).join('<br>') || '—'}</td><td class="${l.result.replace(' ', '-')}">${l.result}</td></tr>${ROW_END}`,
    )
    .join('\n');
  return page(
    'DANA mandatory scenarios',
    STYLE,
    `<h1>DANA mandatory scenarios ← kontrak cases</h1>
<p>Partner: ${escapeHtml(partnerLabel(meta))} · Test date: ${testDate(run)} · Environment: ${escapeHtml(run.environment)}</p>
<table><thead><tr><th>Service family</th><th>DANA scenario</th><th>Expected code</th><th>Kind</th><th>kontrak cases</th><th>Result</th></tr></thead><tbody>
${body}
</tbody></table>`,
  );
}
