import { FAULT_KINDS } from './faults.js';
import { isClean, summaryLine } from './invariants.js';
import type { ChaosResult } from './run.js';

/** The per-kind table, the refinement outcomes and the closing line of a run. */
export function formatReport(result: ChaosResult): string[] {
  const faults = Object.values(result.injected).reduce((a, b) => a + b, 0);
  const count = (f: (r: ChaosResult['runs'][number]) => boolean) => result.runs.filter(f).length;
  const lines = ['| fault | injected |', '|---|---:|'];
  for (const kind of FAULT_KINDS) lines.push(`| ${kind} | ${result.injected[kind]} |`);
  lines.push(
    '',
    `refinements: ${result.runs.length} (completed ${count((r) => r.settled === 'completed')}, failed ${count((r) => r.settled === 'failed')}); ` +
      `approved ${count((r) => r.action === 'approve')}, rejected ${count((r) => r.action === 'reject')}, approve/reject races ${count((r) => r.action === 'race')}; ` +
      `viewers ${count((r) => r.viewer !== undefined)} (${result.runs.reduce((n, r) => n + (r.viewer?.record.connections ?? 0), 0)} connections)`,
    `redrawn faults (no target at the time): ${result.skipped}; processes left behind: ${result.leftBehind}; crashes: ${result.crashes.length}`,
    ...result.crashes.map((c) => `crash of ${c.name} (${c.exit}):\n${c.output}`),
    `duration ${result.seconds.toFixed(0)} s: stack ready at ${result.timings.ready.toFixed(0)} s, faults healed at ${result.timings.faulted.toFixed(0)} s, drained at ${result.timings.drained.toFixed(0)} s`,
    summaryLine(faults, result.runs.length, result.violations),
  );
  return lines;
}

/** True when the run found nothing: every count 0, no crash and no process left behind. */
export function isPassing(result: ChaosResult): boolean {
  return isClean(result.violations) && result.leftBehind === 0 && result.crashes.length === 0;
}
