/**
 * `kontrak probe --diff`: where the sandbox and the shipped profile disagree, knob by knob, with
 * the shipped value's source beside what the bank answered.
 */
import { isDeepStrictEqual } from 'node:util';
import type { BankProfile } from '../banks/profile.ts';
import type { ProbeResult } from './types.ts';

export function diffLines(profile: BankProfile, result: ProbeResult): string[] {
  const lines: string[] = [];
  for (const d of result.decisions) {
    const owner = (d.service ? profile.services[d.service] : profile) as Record<string, unknown> | undefined;
    const shipped = owner?.[d.knob] as { value?: unknown; source?: string; confidence?: string } | undefined;
    const name = d.service ? `${d.knob} (${d.service})` : d.knob;
    if (d.value === undefined) {
      lines.push(`  ?  ${name}: undecided, ${d.why}`);
      continue;
    }
    if (shipped !== undefined && isDeepStrictEqual(shipped.value, d.value)) {
      lines.push(`  =  ${name}: ${JSON.stringify(d.value)}`);
      continue;
    }
    lines.push(
      `  ≠  ${name}: the profile says ${shipped === undefined ? '(nothing)' : JSON.stringify(shipped.value)}, the bank answers ${JSON.stringify(d.value)}`,
    );
    if (shipped?.source) lines.push(`       profile (${shipped.confidence ?? ''}): ${shipped.source}`);
    lines.push(`       sandbox: ${d.why}`);
  }
  return lines;
}

/** The facts no knob holds, one `·` line each: what was varied and what it means. */
export function observationLines(result: ProbeResult): string[] {
  return result.observations.map(
    (o) =>
      `  ·  ${o.varied}: ${o.meaning} (accepted: ${o.accepted.join(', ') || 'none'}; refused: ${o.refused.join(', ') || 'none'})`,
  );
}
