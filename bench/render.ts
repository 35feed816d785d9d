/**
 * Throughput of `zt render` and `zt validate` in-process at 1,000 and 10,000 XRs, with a baseline
 * measured side by side in the same run: a plain deep clone + JSON serialisation of the same XRs.
 * Run: `npm run bench:render` (prints a Markdown table for BENCHMARKS.md). Each figure is the median
 * of 3 rounds. Bounded: about a minute on 2 idle cores, a few minutes on a loaded machine.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { loadExampleClaims, platformApis } from '../platform/apis/index.js';
import { compositionFor } from '../platform/cli/catalog/composition-catalog.js';
import { defaultConfig } from '../platform/config.js';
import { renderComposition } from '../platform/render/index.js';
import type { JsonObject } from '../platform/render/go/values.js';
import { checkXr } from '../platform/validate/index.js';

const SIZES = [1_000, 10_000];

/** N distinct XRs cycling through every valid example claim of both APIs. */
function makeXrs(n: number): JsonObject[] {
  const examples = [...loadExampleClaims('WebService'), ...loadExampleClaims('EventDrivenService')].filter(
    (e) => e.isValid,
  );
  return Array.from({ length: n }, (_, i) => {
    const xr = structuredClone(examples[i % examples.length]!.claim) as JsonObject;
    (xr['metadata'] as JsonObject)['name'] = `svc-${i}`;
    return xr;
  });
}

const ROUNDS = 3;

/**
 * Wall time and CPU time (user + system) of fn in ms, the median of ROUNDS rounds: the machine is
 * shared, so CPU time is the steadier figure, and a round that a major GC lands in is not the median.
 */
function time(fn: () => void): { ms: number; cpuMs: number } {
  const rounds: { ms: number; cpuMs: number }[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    fn();
    const used = process.cpuUsage(cpu);
    rounds.push({ ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000 });
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { ms: median(rounds.map((r) => r.ms)), cpuMs: median(rounds.map((r) => r.cpuMs)) };
}

interface Row {
  readonly what: string;
  readonly n: number;
  readonly ms: number;
  readonly cpuMs: number;
  readonly baselineMs: number;
}

function run(): Row[] {
  const compositions = {
    WebService: compositionFor('WebService', defaultConfig)!,
    EventDrivenService: compositionFor('EventDrivenService', defaultConfig)!,
  };
  const rows: Row[] = [];
  // Warm up the JIT and the caches (field paths, regexps, CEL) once, like a long-lived CLI would not.
  for (const xr of makeXrs(200))
    renderComposition({
      xr: checkXr(xr, platformApis()).defaulted as JsonObject,
      composition: compositions.WebService,
    });
  for (const n of SIZES) {
    const xrs = makeXrs(n);
    let sink = 0;
    const baseline = time(() => {
      for (const xr of xrs) sink += JSON.stringify(structuredClone(xr)).length;
    });
    let defaulted: JsonObject[] = [];
    const validate = time(() => {
      defaulted = xrs.map((xr) => {
        const { defaulted: d, errors } = checkXr(xr, platformApis());
        if (errors.length) throw new Error(`bench XR invalid: ${JSON.stringify(errors)}`);
        return d as JsonObject;
      });
    });
    const render = time(() => {
      for (const xr of defaulted) {
        const out = renderComposition({ xr, composition: compositions[xr['kind'] as 'WebService'] });
        if (!out.ok) throw new Error(out.results.map((r) => r.message).join('; '));
        sink += out.resources.length;
      }
    });
    if (sink === 0) throw new Error('nothing rendered');
    rows.push({ what: 'validate (defaults + schema + CEL)', n, ...validate, baselineMs: baseline.ms });
    rows.push({ what: 'render (3-step pipeline + metadata)', n, ...render, baselineMs: baseline.ms });
  }
  return rows;
}

const rows = run();
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const load = os.loadavg()[0]!.toFixed(1);
console.log(`Node ${process.version}, ${os.cpus().length} cores (${cpu}), load average ${load} at the end\n`);
console.log(
  '| operation | XRs | wall ms | XRs/s (wall) | CPU ms | XRs/s (CPU) | baseline clone+JSON ms | ratio to baseline | time growth for ×10 XRs |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
const perSecond = (n: number, ms: number) => Math.round((n / ms) * 1000).toLocaleString('en');
for (const r of rows) {
  const small = rows.find((x) => x.what === r.what && x.n === SIZES[0]);
  const growth =
    r.n === SIZES[0] || !small
      ? ''
      : `${(r.ms / small.ms).toFixed(1)}× wall, ${(r.cpuMs / small.cpuMs).toFixed(1)}× CPU`;
  console.log(
    `| ${r.what} | ${r.n.toLocaleString('en')} | ${r.ms.toFixed(0)} | ${perSecond(r.n, r.ms)} | ${r.cpuMs.toFixed(0)} | ${perSecond(r.n, r.cpuMs)} | ${r.baselineMs.toFixed(1)} | ${(r.ms / r.baselineMs).toFixed(0)}× | ${growth} |`,
  );
}
