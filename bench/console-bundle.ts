/**
 * `npm run bench:console`: what a browser downloads on the console's first load (the
 * JavaScript the page references, raw and gzipped as the orchestrator serves it), beside the
 * budget of 300 KB, and the cost of reducing a 1,000-event run (the log's input) compared with
 * only collecting the same events.
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { EventEnvelope } from '../common/events/index.js';
import { reduceAll } from '../console/src/run/reducer.js';
import { CONSOLE_PAGE, ensureConsoleBuilt } from '../scripts/console-build.js';

/** The first load's budget of gzipped JavaScript. */
export const FIRST_LOAD_BUDGET_BYTES = 300 * 1024;

/** One JavaScript file of the first load. */
export interface LoadedScript {
  readonly file: string;
  readonly rawBytes: number;
  readonly gzipBytes: number;
}

/** The scripts `index.html` loads at once (entry + module preloads); lazy chunks are not among them. */
export async function measureFirstLoad(): Promise<{ scripts: LoadedScript[]; gzipBytes: number }> {
  const page = await readFile(CONSOLE_PAGE, 'utf8');
  const dist = path.dirname(CONSOLE_PAGE);
  const refs = [
    ...page.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="([^"]+\.js)"/g),
  ].map((m) => m[1]!);
  const scripts: LoadedScript[] = [];
  for (const ref of refs) {
    const bytes = await readFile(path.join(dist, ref));
    // Level 6 is zlib's default, as hono/compress (CompressionStream) sends it.
    scripts.push({ file: ref, rawBytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 6 }).length });
  }
  return { scripts, gzipBytes: scripts.reduce((sum, s) => sum + s.gzipBytes, 0) };
}

/** A run of `n` events shaped like the offline model's (tool calls, state updates with files). */
export function syntheticRun(n: number): EventEnvelope[] {
  const events: EventEnvelope[] = [];
  const messages: { type: string; content: string }[] = [];
  const files: Record<string, { content: string[]; created_at: string; modified_at: string }> = {};
  for (let seq = 1; seq < n; seq++) {
    const ts = new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString();
    if (seq % 3 === 0) {
      messages.push({ type: 'ai', content: `step ${seq} done` });
      files[`/THE_SPEC/part-${seq % 40}.md`] = {
        content: [`# part ${seq}`],
        created_at: ts,
        modified_at: ts,
      };
      events.push({
        seq,
        event_type: 'on_state_update',
        data: { messages: [...messages], files: { ...files } },
      });
    } else {
      const isStart = seq % 3 === 1;
      const data = { name: 'write_file', [isStart ? 'input' : 'output']: `file ${seq}` };
      events.push({ seq, event_type: isStart ? 'on_tool_start' : 'on_tool_end', data });
    }
  }
  events.push({ seq: n, event_type: 'end', data: {} });
  return events;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function timeIt(fn: () => unknown, rounds: number): number {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  return median(times);
}

async function main(): Promise<void> {
  await ensureConsoleBuilt();
  const load = await measureFirstLoad();
  console.log(
    `machine: ${os.cpus().length} cores, Node ${process.version}, load average ${os.loadavg()[0]!.toFixed(2)}`,
  );
  for (const s of load.scripts) console.log(`  ${s.file}: ${s.rawBytes} B raw, ${s.gzipBytes} B gzip`);
  const share = ((load.gzipBytes / FIRST_LOAD_BUDGET_BYTES) * 100).toFixed(0);
  console.log(
    `first load: ${(load.gzipBytes / 1024).toFixed(1)} KiB gzip of JavaScript (${share} % of the 300 KB budget)`,
  );
  const events = syntheticRun(1_000);
  const reduce = timeIt(() => reduceAll(events), 21);
  // The baseline copies the list per event as the reducer must (React state is immutable).
  // biome-ignore lint/performance/noAccumulatingSpread: the copy per event is what is measured
  const collect = timeIt(() => events.reduce<EventEnvelope[]>((all, e) => [...all, e], []), 21);
  const entries = reduceAll(events).entries.length;
  console.log(
    `1,000 events → ${entries} log entries: reduce ${reduce.toFixed(1)} ms (median of 21), baseline collecting them ${collect.toFixed(1)} ms, ratio ${(reduce / collect).toFixed(1)}x`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
