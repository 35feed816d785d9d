import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { GoError } from './go/errors.js';
import type { JsonObject } from './go/values.js';
import type {
  ComposedTemplate,
  ConnectionDetail,
  ConvertTransform,
  Patch,
  PatchSet,
  ReadinessCheck,
} from './core/input.js';
import { applyCombineFromVariablesPatch, applyFromFieldPathPatch, composedTemplates } from './patches.js';
import { isReady } from './ready.js';
import { extractConnectionDetails, getConnectionSecretRef, supportsConnectionDetails } from './connection.js';
import {
  getConversionFunc,
  resolveConvert,
  resolveMap,
  resolveMatch,
  resolveMath,
  resolveString,
  resolveTransforms,
} from './transforms/index.js';
import {
  validateCombine,
  validateConnectionDetail,
  validatePatch,
  validateReadinessCheck,
  validateTransform,
} from './core/validate.js';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testdata', 'upstream');

interface Want {
  output?: unknown;
  to?: unknown;
  ready?: boolean;
  templates?: unknown;
  error?: string;
  fieldError?: { type: string; field: string };
  notFound?: boolean;
}
interface Case {
  reason?: string;
  args: Record<string, unknown>;
  want: Want;
}
interface Fixture {
  source: string;
  function: string;
  cases: Record<string, Case>;
}

/**
 * Upstream's unit tests feed Go values directly: a whole number is an `int`/`int64` there (bigint
 * here), `{$float: 3}` a whole float64, and `{$func: true}` a Go func() JSON cannot encode.
 */
function revive(v: unknown): unknown {
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (Array.isArray(v)) return v.map(revive);
  if (v !== null && typeof v === 'object') {
    if ((v as Record<string, unknown>)['$func'] === true) return () => undefined;
    if (typeof (v as Record<string, unknown>)['$float'] === 'number')
      return (v as Record<string, number>)['$float'];
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, revive(x)]));
  }
  return v;
}

/** Compares numbers by value: Go's `int64(2)` and `float64(2)` both stand as `2` in a fixture's want. */
function byValue(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(byValue);
  if (v !== null && typeof v === 'object' && typeof v !== 'function')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, byValue(x)]));
  return v;
}

type Run = (args: Record<string, unknown>) => Partial<Want>;

/** Upstream's Validate* return a *field.Error; here it is thrown so that `want.fieldError` compares it. */
function valid(err: GoError | undefined): Partial<Want> {
  if (err) throw err;
  return {};
}

const RUNNERS: Record<string, Run> = {
  resolveMap: (a) => ({ output: resolveMap(a['pairs'] as JsonObject, a['input']) }),
  resolveMatch: (a) => ({ output: resolveMatch(a['transform'] as never, a['input']) }),
  resolveMath: (a) => ({ output: resolveMath(a['transform'] as never, a['input']) }),
  resolveString: (a) => ({ output: resolveString(a['transform'] as never, a['input']) }),
  resolveConvert: (a) => ({ output: resolveConvert(a['transform'] as never, a['input']) }),
  getConversionFunc: (a) => {
    getConversionFunc(a['transform'] as ConvertTransform, a['from'] as string);
    return {};
  },
  resolveTransforms: (a) => ({ output: resolveTransforms(a['transforms'] as never, a['input']) }),
  applyFromFieldPathPatch: (a) => {
    applyFromFieldPathPatch(a['patch'] as Patch, a['from'] as JsonObject, a['to'] as JsonObject);
    return {};
  },
  applyCombineFromVariablesPatch: (a) => {
    applyCombineFromVariablesPatch(
      a['patch'] as Patch,
      a['from'] as JsonObject,
      (a['to'] ?? {}) as JsonObject,
    );
    return {};
  },
  composedTemplates: (a) => ({
    templates: composedTemplates(a['patchSets'] as PatchSet[], a['resources'] as ComposedTemplate[]),
  }),
  extractConnectionDetails: (a) => ({
    output: extractConnectionDetails(
      a['cd'] as JsonObject,
      a['data'] as Record<string, string>,
      a['cfg'] as ConnectionDetail[],
    ),
  }),
  getConnectionSecretRef: (a) => ({
    output: getConnectionSecretRef(a['xr'] as JsonObject, a['input'] as never),
  }),
  supportsConnectionDetails: (a) => ({ output: supportsConnectionDetails(a['xr'] as JsonObject) }),
  isReady: (a) => ({ ready: isReady(a['object'] as JsonObject, a['checks'] as ReadinessCheck[]) }),
  validateReadinessCheck: (a) => valid(validateReadinessCheck(a['check'] as ReadinessCheck)),
  validateConnectionDetail: (a) => valid(validateConnectionDetail(a['detail'] as ConnectionDetail)),
  validatePatch: (a) => valid(validatePatch(a['patch'] as Patch)),
  validateCombine: (a) => valid(validateCombine(a['combine'] as never)),
  validateTransform: (a) => valid(validateTransform(a['transform'] as never)),
};

const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml'));

describe('upstream table tests of function-patch-and-transform v0.10.8, as data', () => {
  for (const file of files) {
    const fixture = parseYaml(readFileSync(path.join(DIR, file), 'utf8')) as Fixture;
    describe(`${fixture.source} (${file})`, () => {
      for (const [name, tc] of Object.entries(fixture.cases)) {
        it(`${name}${tc.reason ? `: ${tc.reason}` : ''}`, () => {
          const run = RUNNERS[fixture.function];
          expect(run, `no runner for ${fixture.function}`).toBeDefined();
          const args = revive(tc.args) as Record<string, unknown>;
          let got: Partial<Want> = {};
          let err: unknown;
          try {
            got = run!(args);
          } catch (e) {
            err = e;
          }
          const want = tc.want;
          if (want.error !== undefined || want.fieldError !== undefined) {
            expect(err, 'expected an error').toBeInstanceOf(GoError);
            const goErr = err as GoError;
            if (want.error !== undefined) expect(goErr.message).toBe(want.error);
            if (want.fieldError !== undefined) expect(goErr.field).toEqual(want.fieldError);
            if (want.notFound !== undefined) expect(goErr.notFound).toBe(want.notFound);
          } else {
            expect(
              err,
              `unexpected error: ${err instanceof Error ? err.message : String(err)}`,
            ).toBeUndefined();
            if ('output' in want) expect(byValue(got.output)).toEqual(want.output);
            if (want.ready !== undefined) expect(got.ready).toBe(want.ready);
            if (want.templates !== undefined) expect(byValue(got.templates)).toEqual(want.templates);
          }
          // The "to" object is compared on success and on failure: a failed patch must not half-write.
          if (want.to !== undefined && want.to !== null) expect(byValue(args['to'])).toEqual(want.to);
        });
      }
    });
  }

  it('covers every upstream case (100 transforms, 13 patches, 21 readiness, 13 connection, 45 validate)', () => {
    const counts: Record<string, number> = {
      transforms: 0,
      patches: 0,
      ready: 0,
      connection: 0,
      validate: 0,
    };
    for (const file of files) {
      const fixture = parseYaml(readFileSync(path.join(DIR, file), 'utf8')) as Fixture;
      const key = file.split('-')[0]!.replace('.yaml', '');
      counts[key] = (counts[key] ?? 0) + Object.keys(fixture.cases).length;
    }
    expect(counts).toEqual({ transforms: 100, patches: 13, ready: 21, connection: 13, validate: 45 });
  });
});
