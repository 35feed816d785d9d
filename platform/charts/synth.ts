/** Synthesizes the charts into a directory, replacing what was there. */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { PlatformConfig } from '../config.js';
import { buildApp, CHART_IDS } from './app.js';

/** Writes the charts to `outdir` (removing stale files of our charts first) and lists the files written. */
export function synthCharts(config: PlatformConfig, outdir: string): string[] {
  // Build first: a synth-time error leaves the previous output untouched.
  const app = buildApp(config, outdir);
  for (const chart of CHART_IDS) rmSync(path.join(outdir, chart), { recursive: true, force: true });
  app.synth();
  return CHART_IDS.flatMap((chart) => {
    const dir = path.join(outdir, chart);
    return existsSync(dir)
      ? readdirSync(dir)
          .sort()
          .map((f) => path.join(chart, f))
      : [];
  });
}
