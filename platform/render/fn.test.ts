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

  // function-sdk-go v0.5.0 request.GetInput -> resource.AsObject decodes with
  // json.RejectUnknownMembers(true); P&T v0.10.8 fn.go RunFunction returns that error as Fatal.
  it('is fatal for a misspelt input field, as request.GetInput (RejectUnknownMembers) in fn.go RunFunction, with a hint', () => {
    const rsp = runTemplate({ patches: [{ fromFieldPath: 'spec.widgets', toFieldpath: 'spec.size' }] });
    expect(rsp.results).toEqual([
      {
        severity: 'Fatal',
        message:
          'cannot get Function input: cannot get function input *v1beta1.Resources from *v1.RunFunctionRequest: ' +
          'cannot unmarshal JSON from *structpb.Struct into *v1beta1.Resources: ' +
          'json: cannot unmarshal Go value of type v1beta1.ComposedPatch: unknown name "toFieldpath"',
        hint: 'resources[0].patches[0]: unknown field "toFieldpath"; did you mean "toFieldPath"?',
      },
    ]);
    expect(rsp.desired.resources).toEqual({});
  });

  it('reports the first unknown member in the order Go decodes it (keys sorted, depth first)', () => {
    const rsp = runPatchAndTransform(
      request({
        ...resources([{ name: 'a', base: CD, readinessChecks: [{ type: 'None', fieldpath: 'x' }] }]),
        environment: { patches: [{ type: 'FromCompositeFieldPath', patchSetName: 'x' }] },
        zzz: true,
      }),
    );
    // "environment" sorts before "resources" and "zzz"; patchSetName is a field of ComposedPatch only.
    expect(rsp.results.map((r) => [r.message.split(': json: ')[1], r.hint])).toEqual([
      [
        'cannot unmarshal Go value of type v1beta1.EnvironmentPatch: unknown name "patchSetName"',
        'environment.patches[0]: unknown field "patchSetName"',
      ],
    ]);
  });

  it('accepts any key in a map transform, a base and labels, and checks metadata as ObjectMeta', () => {
    const ok = runTemplate({
      base: { ...CD, anything: { goes: 1 } },
      patches: [
        {
          fromFieldPath: 'spec.widgets',
          toFieldPath: 'spec.size',
          transforms: [{ type: 'map', map: { ten: '10' } }],
        },
      ],
    });
    expect(ok.results).toEqual([]);
    const bad = runPatchAndTransform(request({ ...resources([]), metadata: { name: 'x', lables: {} } }));
    expect(bad.results[0]!.message).toMatch(/Go value of type v1\.ObjectMeta: unknown name "lables"$/);
    expect(bad.results[0]!.hint).toBe('metadata: unknown field "lables"; did you mean "labels"?');
  });

  // go-json-experiment stops at a value of the wrong JSON kind too (arshal_default.go, int and
  // string arshalers), in the same sorted depth-first order.
  it.each([
    [
      { type: 'math', math: { type: 'Multiply', multiply: '3' } },
      'json: cannot unmarshal JSON string into Go value of type int64',
      'resources[0].patches[0].transforms[0].math.multiply: a JSON string where a whole number is expected',
    ],
    [
      { type: 'math', math: { type: 'Multiply', multiply: 2.5 } },
      'json: cannot unmarshal JSON number into Go value of type int64: cannot parse "2.5" as signed integer: invalid syntax',
      'resources[0].patches[0].transforms[0].math.multiply: 2.5 is not a whole number within int64',
    ],
    [
      { type: 5 },
      'json: cannot unmarshal JSON number into Go value of type v1beta1.TransformType',
      'resources[0].patches[0].transforms[0].type: a JSON number where a string is expected',
    ],
    [
      { type: 'string', string: { type: 'Format', fmt: ['%s'] } },
      'json: cannot unmarshal JSON array into Go value of type string',
      'resources[0].patches[0].transforms[0].string.fmt: a JSON array where a string is expected',
    ],
    [
      { type: 'map', map: 'ten' },
      'json: cannot unmarshal JSON string into Go value of type v1beta1.MapTransform',
      'resources[0].patches[0].transforms[0].map: a JSON string where an object is expected',
    ],
  ])(
    'is fatal for a transform value of the wrong JSON kind, as request.GetInput: %j',
    (transform, error, hint) => {
      const rsp = runTemplate({
        patches: [{ fromFieldPath: 'spec.widgets', toFieldPath: 'spec.size', transforms: [transform] }],
      });
      expect(rsp.results.map((r) => [r.severity, r.message.split(': json: ')[1], r.hint])).toEqual([
        ['Fatal', error.slice('json: '.length), hint],
      ]);
    },
  );

  it('takes null for any field, as Go takes it for a zero value', () => {
    const rsp = runTemplate({
      patches: [{ fromFieldPath: 'spec.widgets', toFieldPath: 'spec.size', policy: null }],
    });
    expect(rsp.results).toEqual([]);
    expect(rsp.desired.resources['cool-resource']!.resource['spec']).toEqual({ size: 'ten' });
    // A null list element is a zero ComposedPatch: ValidateResources, not a crash, answers.
    const zero = runTemplate({ patches: [null] });
    expect(zero.results.map((r) => r.message)).toEqual([
      expect.stringMatching(
        /^invalid Function input: resources\[0\]\.patches\[0\]\.fromFieldPath: Required value/,
      ),
    ]);
  });
});
