/**
 * Platform benchmarks (npm run bench:platform), bounded to a few seconds each:
 * 1. validateXr (defaulting + schema + list keys + CEL) on the example claims, against a baseline of
 *    plain ajv validation of the same already-defaulted claims with the same compiled XRD schema.
 * 2. A full synth of charts-out into a temp folder, against a baseline of writing the same files.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { loadExampleClaims, platformApis } from '../platform/apis/index.js';
import { synthCharts } from '../platform/charts/synth.js';
import { defaultConfig } from '../platform/config.js';
import { checkXr, rejectUnknownFields, validateXr, xrSchema } from '../platform/validate/index.js';

function time(label: string, seconds: number, fn: () => void) {
  const end = performance.now() + seconds * 1000;
  let n = 0;
  const start = performance.now();
  while (performance.now() < end) {
    fn();
    n++;
  }
  const ms = performance.now() - start;
  return { label, n, perSecond: (n / ms) * 1000, msEach: ms / n };
}

const claims = [...loadExampleClaims('WebService'), ...loadExampleClaims('EventDrivenService')].map(
  (e) => e.claim,
);
const defaulted = claims.map((c) => checkXr(c, platformApis()).defaulted as Record<string, unknown>);
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
const compiled = new Map(
  [...platformApis(defaultConfig)].map(([key, api]) => [
    key,
    ajv.compile(rejectUnknownFields(xrSchema(api))),
  ]),
);

const ours = time('validateXr, all example claims', 3, () => {
  for (const c of claims) validateXr(c, platformApis());
});
const base = time('ajv only, same claims pre-defaulted', 3, () => {
  for (const c of defaulted) compiled.get(`${String(c.apiVersion)}/${String(c.kind)}`)!(c);
});

const dir = mkdtempSync(path.join(tmpdir(), 'zt-bench-'));
const synth = time('zt synth (build + write 20 files)', 5, () => {
  synthCharts(defaultConfig, dir);
});
const files = ['platform-once', 'apis', 'our-services'].flatMap((c) =>
  readdirSync(path.join(dir, c)).map((f) => [path.join(c, f), readFileSync(path.join(dir, c, f))] as const),
);
const copyDir = mkdtempSync(path.join(tmpdir(), 'zt-bench-copy-'));
const write = time('baseline: write the same 20 files', 5, () => {
  for (const [rel, content] of files) {
    mkdirSync(path.dirname(path.join(copyDir, rel)), { recursive: true });
    writeFileSync(path.join(copyDir, rel), content);
  }
});
rmSync(dir, { recursive: true, force: true });
rmSync(copyDir, { recursive: true, force: true });

const rows = [ours, base, synth, write];
for (const r of rows)
  console.log(`${r.label}: ${r.n} runs, ${r.msEach.toFixed(3)} ms each (${r.perSecond.toFixed(1)}/s)`);
console.log(`claims per run: ${claims.length}`);
console.log(`validateXr / ajv-only time ratio: ${(ours.msEach / base.msEach).toFixed(1)}x`);
console.log(`synth / write-only time ratio: ${(synth.msEach / write.msEach).toFixed(1)}x`);
