import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { JsonObject } from './go/values.js';
import { BUILTIN_FUNCTIONS } from './pipeline.js';
import type { FunctionRequest, FunctionResponse, ResourceState, State } from './core/state.js';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testdata', 'upstream', 'run-function');

type StateData = { composite?: Partial<ResourceState>; resources?: Record<string, Partial<ResourceState>> };
interface Case {
  reason?: string;
  skip?: string;
  request: { input?: unknown; observed?: StateData; desired?: StateData; context?: JsonObject };
  want: { desired?: StateData; results?: { severity: string; message: string }[]; context?: JsonObject };
}
interface Fixture {
  source: string;
  function: string;
  cases: Record<string, Case>;
}

function resourceState(r: Partial<ResourceState> | undefined): ResourceState {
  return { ...r, resource: r?.resource ?? {} };
}

/** A request as function-sdk-go hands it over: YAML numbers are float64, as structpb makes them. */
function state(s: StateData | undefined): State {
  return {
    composite: resourceState(s?.composite),
    resources: Object.fromEntries(Object.entries(s?.resources ?? {}).map(([k, v]) => [k, resourceState(v)])),
  };
}

/** As protocmp compares: fields at their zero value (empty struct, Unspecified, no details) are absent. */
function proto(r: Partial<ResourceState> | undefined): Partial<ResourceState> | undefined {
  if (r === undefined) return undefined;
  const out: Partial<ResourceState> = {};
  if (r.resource && Object.keys(r.resource).length > 0) out.resource = r.resource;
  if (r.connectionDetails && Object.keys(r.connectionDetails).length > 0)
    out.connectionDetails = r.connectionDetails;
  if (r.ready && r.ready !== 'Unspecified') out.ready = r.ready;
  return out;
}

function protoState(s: StateData | undefined): StateData {
  const out: StateData = {};
  const c = proto(s?.composite);
  if (c && Object.keys(c).length > 0) out.composite = c;
  const rs = Object.entries(s?.resources ?? {});
  if (rs.length > 0) out.resources = Object.fromEntries(rs.map(([k, v]) => [k, proto(v)!]));
  return out;
}

function run(fixture: Fixture, tc: Case): FunctionResponse {
  const fn = BUILTIN_FUNCTIONS[fixture.function];
  expect(fn, `no function ${fixture.function}`).toBeDefined();
  const req: FunctionRequest = {
    observed: state(tc.request.observed),
    desired: state(tc.request.desired),
    input: tc.request.input,
    context: tc.request.context ?? {},
  };
  return fn!(req);
}

const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml'));
const fixtures = files.map(
  (f) => [f, parseYaml(readFileSync(path.join(DIR, f), 'utf8')) as Fixture] as const,
);

describe('upstream RunFunction table tests, as data', () => {
  for (const [file, fixture] of fixtures) {
    describe(`${fixture.source} (${file})`, () => {
      for (const [name, tc] of Object.entries(fixture.cases)) {
        const title = `${name}${tc.reason ? `: ${tc.reason}` : ''}`;
        // Listed with their reason in 'names the cases that cannot apply offline' below.
        if (tc.skip) continue;
        it(title, () => {
          const rsp = run(fixture, tc);
          const results = rsp.results.map((r) => ({ severity: r.severity, message: r.message }));
          expect(results).toEqual(tc.want.results ?? []);
          expect(protoState(rsp.desired)).toEqual(protoState(tc.want.desired));
          expect(rsp.context).toEqual(tc.want.context ?? {});
        });
      }
    });
  }

  it('names the cases that cannot apply offline, each with its reason', () => {
    const offline = fixtures.flatMap(([file, x]) =>
      Object.entries(x.cases)
        .filter(([, tc]) => tc.skip !== undefined)
        .map(([name, tc]) => ({ file, name, hasReason: (tc.skip ?? '').trim().length > 10 })),
    );
    expect(offline.every((c) => c.hasReason)).toBe(true);
    expect(offline.map((c) => `${c.file}: ${c.name}`)).toEqual([
      'auto-ready.yaml: InputTTL',
      'auto-ready.yaml: CELHealthCheckFromContext',
      'auto-ready.yaml: CELHealthCheckFromInput',
      'auto-ready.yaml: CELHealthCheckInlineShouldOverrideHealthCheckFromContext',
    ]);
  });

  it('covers every upstream case', () => {
    const counts = Object.fromEntries(fixtures.map(([f, x]) => [f, Object.keys(x.cases).length]));
    expect(counts).toEqual({ 'auto-ready.yaml': 9, 'cel-filter.yaml': 2, 'patch-and-transform.yaml': 24 });
  });
});
