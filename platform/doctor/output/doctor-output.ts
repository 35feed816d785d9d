import type { DoctorReport } from '../checks/doctor.js';

/** Counts of passed and failed checks. */
export function doctorSummary(report: DoctorReport): { passed: number; failed: number } {
  const failed = report.checks.filter((c) => !c.ok).length;
  return { passed: report.checks.length - failed, failed };
}

/** The text report: a header, one ✔/✘ line per check with an indented fix hint under each ✘, a summary. */
export function formatDoctorText(report: DoctorReport): string {
  const lines = [
    `Cluster: context ${report.context}, ${report.server} (Kubernetes ${report.kubernetesVersion})`,
  ];
  for (const check of report.checks) {
    lines.push(`${check.ok ? '✔' : '✘'} ${check.message}`);
    if (check.hint) lines.push(`    fix: ${check.hint}`);
  }
  const { passed, failed } = doctorSummary(report);
  lines.push(
    failed === 0 ? `All ${passed} checks passed.` : `${failed} of ${passed + failed} checks failed.`,
  );
  return `${lines.join('\n')}\n`;
}

/** The JSON report: the same facts, machine-readable. */
export function formatDoctorJson(report: DoctorReport): string {
  return `${JSON.stringify({ ...report, summary: doctorSummary(report) }, null, 2)}\n`;
}
