import type { Patch } from './core/input.js';
import type { JsonObject } from './go/values.js';
import { renderComposition } from './pipeline.js';

// Test support for the pipeline tests: a three-step Composition around P&T templates.

/** The XR the pipeline tests render. */
export const XR: JsonObject = {
  apiVersion: 'example.org/v1',
  kind: 'XApp',
  metadata: { name: 'app', namespace: 'team-a' },
  spec: { size: 'small', replicas: 3, tags: { a: '1' }, list: ['x'], owners: [{ name: '' }, { name: '' }] },
};

/** A P&T resource template. */
export interface Template {
  name: string;
  base?: JsonObject;
  patches?: Patch[];
  readinessChecks?: JsonObject[];
  connectionDetails?: JsonObject[];
}

/** A Pipeline Composition: P&T, then cel-filter when filters are given, then auto-ready. */
export function composition(
  resources: Template[],
  filters?: JsonObject[],
  environment?: JsonObject,
): JsonObject {
  const pipeline: JsonObject[] = [
    {
      step: 'pt',
      functionRef: { name: 'function-patch-and-transform' },
      input: {
        apiVersion: 'pt.fn.crossplane.io/v1beta1',
        kind: 'Resources',
        resources: resources as unknown as JsonObject[],
        ...(environment ? { environment } : {}),
      },
    },
  ];
  if (filters) {
    pipeline.push({
      step: 'filter',
      functionRef: { name: 'function-cel-filter' },
      input: { apiVersion: 'cel.fn.crossplane.io/v1beta1', kind: 'Filters', filters },
    });
  }
  pipeline.push({ step: 'ready', functionRef: { name: 'function-auto-ready' } });
  return {
    apiVersion: 'apiextensions.crossplane.io/v1',
    kind: 'Composition',
    metadata: { name: 'xapp' },
    spec: { mode: 'Pipeline', pipeline },
  };
}

/** A ConfigMap base. */
export const cm = (data: JsonObject = {}): JsonObject => ({ apiVersion: 'v1', kind: 'ConfigMap', data });

/** Renders XR (or opts.xr) through the templates. */
export function run(
  resources: Template[],
  opts: { observed?: JsonObject[]; filters?: JsonObject[]; environment?: JsonObject; xr?: JsonObject } = {},
) {
  return renderComposition({
    xr: opts.xr ?? XR,
    composition: composition(resources, opts.filters, opts.environment),
    ...(opts.observed ? { observed: opts.observed } : {}),
  });
}

/** The rendered resources by composition resource name. */
export function byName(out: ReturnType<typeof run>): Record<string, JsonObject> {
  return Object.fromEntries(out.resources.map((r) => [r.name, r.resource]));
}
