import { CODES, type Area, type CodeInfo } from './codes.ts';

const AREAS: readonly Area[] = [
  'YAML',
  'collections',
  'environment',
  'command line',
  'merge',
  'mock partners',
  'run',
  'import',
];

const cell = (text: string): string => text.replace(/\|/g, '\\|');

/** docs/diagnostics.md, generated from the table in codes.ts (`npm run gen:docs`). */
export function diagnosticsMarkdown(): string {
  const entries = Object.entries(CODES) as Array<[string, CodeInfo]>;
  const out = [
    '# Diagnostics',
    '',
    '<!-- Generated from src/diagnostics/codes.ts by `npm run gen:docs`; a test fails when it is stale. -->',
    '',
    'Every problem kontrak reports has a code. A diagnostic reads',
    '`file:line:column error[CODE] message — hint`, followed by the source line with a caret under',
    'the column when there is one. The exit code of the command is the highest of its diagnostics:',
    '0 passed · 1 a check failed · 2 invalid input · 3 infrastructure · 4 usage.',
    '',
  ];
  for (const area of AREAS) {
    out.push(`## ${area}`, '', '| Code | Title | What to do | Exit |', '| --- | --- | --- | --- |');
    for (const [code, info] of entries.filter(([, i]) => i.area === area))
      out.push(`| \`${code}\` | ${cell(info.title)} | ${cell(info.hint)} | ${info.exit} |`);
    out.push('');
  }
  return out.join('\n');
}
