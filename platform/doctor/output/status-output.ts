import type { StatusReport, XrStatus } from '../status/collect-status.js';

function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd(),
  );
}

function details(item: XrStatus): string[] {
  if (item.synced === 'True' && item.ready === 'True') return [];
  const lines = [`${item.kind} ${item.namespace}/${item.name}:`];
  for (const problem of item.problems) lines.push(`  ${problem}`);
  for (const u of item.unready) {
    const named = u.resourceName ? ` (resource ${u.resourceName})` : '';
    lines.push(`  ✘ ${u.kind} ${u.name}${named} [${u.apiVersion}]: ${u.reason}`);
  }
  for (const e of item.events) {
    const times = e.count > 1 ? ` (x${e.count})` : '';
    lines.push(`  ⚠ ${e.time ?? 'unknown time'} ${e.object} ${e.reason}: ${e.message}${times}`);
  }
  return lines;
}

/** The text report: a table of XRs, then for each one not Synced or not Ready what is wrong and the latest warnings. */
export function formatStatusText(report: StatusReport): string {
  const where = report.namespace === null ? 'all namespaces' : `namespace ${report.namespace}`;
  const lines = [`Cluster: context ${report.context}, ${report.server}; ${where}`];
  for (const gap of report.unavailable) lines.push(`✘ ${gap.kind}: ${gap.reason} (run zt doctor)`);
  if (report.items.length === 0) {
    lines.push(`No WebService or EventDrivenService in ${where}.`);
    return `${lines.join('\n')}\n`;
  }
  const rows = [['NAMESPACE', 'KIND', 'NAME', 'SYNCED', 'READY', 'URL']];
  for (const item of report.items)
    rows.push([item.namespace, item.kind, item.name, item.synced, item.ready, item.url ?? '-']);
  lines.push(...table(rows));
  for (const item of report.items) {
    const more = details(item);
    if (more.length > 0) lines.push('', ...more);
  }
  return `${lines.join('\n')}\n`;
}

/** The JSON report. */
export function formatStatusJson(report: StatusReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** True when every listed XR is Synced and Ready and both kinds are served. */
export function isAllReady(report: StatusReport): boolean {
  return (
    report.unavailable.length === 0 && report.items.every((i) => i.synced === 'True' && i.ready === 'True')
  );
}
