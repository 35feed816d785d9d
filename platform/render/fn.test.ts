import { describe, expect, it } from 'vitest';
import type { JsonObject } from './go/values.js';
import { runPatchAndTransform } from './fn.js';
import type { FunctionRequest } from './core/state.js';

// function-patch-and-transform v0.10.8 RunFunction (fn.go), called the way function-sdk-go calls it.

const XR: JsonObject = {
  apiVersion: 'example.org/v1',
  kind: 'XR',
  metadata: { name: 'cool-xr' },
  spec: { crossplane: {}, widgets: 'ten' },
};

function request(input: unknown, observed: Record<string, JsonObject> = {}): FunctionRequest {
  return {
    observed: {
      composite: { resource: XR },
      resources: Object.fromEntries(Object.entries(observed).map(([k, v]) => [k, { resource: v }])),
    },
    desired: { composite: { resource: {} }, resources: {} },
    input,
    context: {},
  };
}

const resources = (templates: JsonObject[]): JsonObject => ({
  apiVersion: 'pt.fn.crossplane.io/v1beta1',
  kind: 'Resources',
  resources: templates,
});

const CD: JsonObject = { apiVersion: 'example.org/v2', kind: 'CD' };

/** Runs P&T with one template named cool-resource (base CD plus `extra`) and optional observed state. */
function runTemplate(extra: JsonObject, observed?: JsonObject) {
  return runPatchAndTransform(
    request(
      resources([{ name: 'cool-resource', base: CD, ...extra }]),
      observed ? { 'cool-resource': observed } : {},
    ),
  );
}

describe('RunFunction of function-patch-and-transform', () => {
  it('adds no empty metadata to a resource whose template and observed resource have no identity', () => {
    // unstructured SetName("")/SetNamespace("") remove the keys; they never create metadata.
    const rsp = runTemplate({}, CD);
    expect(rsp.results).toEqual([]);
    expect(rsp.desired.resources['cool-resource']!.resource).toEqual(CD);
  });

  it('copies the observed name onto the desired resource', () => {
    const rsp = runTemplate({}, { ...CD, metadata: { name: 'cool-42' } });
    expect(rsp.desired.resources['cool-resource']!.resource).toEqual({
      ...CD,
      metadata: { name: 'cool-42' },
    });
  });

  it('leaves a resource unready when MatchInteger meets an observed number, which is a float64 there', () => {
    const rsp = runTemplate(
      { readinessChecks: [{ type: 'MatchInteger', fieldPath: 'status.replicas', matchInteger: 5 }] },
      { ...CD, status: { replicas: 5 } },
    );
    // crossplane-runtime fieldpath GetInteger accepts only int64; structpb made the 5 a float64.
    expect(rsp.results.map((r) => r.severity)).toEqual(['Warning']);
    expect(rsp.desired.resources['cool-resource']!.ready).toBe('Unspecified');
  });

  it('warns about a misspelt input field, which the function ignores, naming the field meant', () => {
    const rsp = runTemplate({ patches: [{ fromFieldPath: 'spec.widgets', toFieldpath: 'spec.size' }] });
    expect(rsp.results).toEqual([
      {
        severity: 'Warning',
        message:
          'resources[0].patches[0]: unknown field "toFieldpath" is ignored by the function; did you mean "toFieldPath"?',
      },
    ]);
    // As in the cluster, the patch writes to its fromFieldPath, the default toFieldPath.
    expect(rsp.desired.resources['cool-resource']!.resource['spec']).toEqual({ widgets: 'ten' });
  });
});
