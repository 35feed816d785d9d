import { describe, expect, it } from 'vitest';
import type { JsonObject } from './go/values.js';
import { runAutoReady } from './functions/auto-ready.js';
import { renderComposition } from './pipeline.js';
import { XR, byName, cm, run } from './pipeline-test-support.js';

// function-cel-filter v0.2.0, function-auto-ready v0.7.0 and the metadata Crossplane v2.3 adds.

describe('function-cel-filter and function-auto-ready', () => {
  const resources = [
    { name: 'always', base: cm() },
    { name: 'route', base: cm() },
  ];

  it('drops a resource whose filter expression is false and keeps it when true', () => {
    const filter = (expression: string) => [{ name: 'route', expression }];
    expect(
      byName(run(resources, { filters: filter('has(observed.composite.resource.spec.hostname)') })),
    ).not.toHaveProperty('route');
    expect(
      byName(run(resources, { filters: filter('has(observed.composite.resource.spec.size)') })),
    ).toHaveProperty('route');
  });

  it('is fatal when an expression does not parse or is not a boolean', () => {
    const bad = run(resources, {
      filters: [{ name: 'route', expression: 'observed.composite.resource.spec.size' }],
    });
    expect(bad.results[0]).toMatchObject({
      severity: 'Fatal',
      step: 'filter',
      message:
        'cannot evaluate CEL expression "observed.composite.resource.spec.size" for filter 0: expression "observed.composite.resource.spec.size" must return a boolean, but will return dyn instead',
    });
    const broken = run(resources, { filters: [{ name: 'route', expression: '1 +' }] });
    expect(broken.results[0]!.message).toMatch(
      /^cannot evaluate CEL expression "1 \+" for filter 0: cannot parse expression: /,
    );
  });

  // Both decode their input with function-sdk-go request.GetInput (RejectUnknownMembers), as P&T does.
  it('is fatal for an unknown field in a filter or in the auto-ready input, with the field meant as a hint', () => {
    const cel = run(resources, { filters: [{ name: 'route', expresion: 'true' }] });
    expect(cel.ok).toBe(false);
    expect(cel.results).toEqual([
      {
        severity: 'Fatal',
        step: 'filter',
        message:
          'cannot get filters from *v1.RunFunctionRequest: cannot get function input *v1beta1.Filters from ' +
          '*v1.RunFunctionRequest: cannot unmarshal JSON from *structpb.Struct into *v1beta1.Filters: ' +
          'json: cannot unmarshal Go value of type v1beta1.Filter: unknown name "expresion"',
        hint: 'filters[0]: unknown field "expresion"; did you mean "expression"?',
      },
    ]);
    const ready = runAutoReady({
      observed: { composite: { resource: XR }, resources: {} },
      desired: { composite: { resource: {} }, resources: {} },
      input: { apiVersion: 'autoready.fn.crossplane.io/v1beta1', kind: 'Input', tll: '5m' },
      context: {},
    });
    expect(ready.results.map((r) => [r.message.split(': json: ')[1], r.hint])).toEqual([
      [
        'cannot unmarshal Go value of type v1beta1.Input: unknown name "tll"',
        'input: unknown field "tll"; did you mean "ttl"?',
      ],
    ]);
  });

  it('is fatal for a ttl Go cannot parse (time.ParseDuration), as auto-ready fn.go RunFunction', () => {
    const request = (ttl: string) => ({
      observed: { composite: { resource: XR }, resources: {} },
      desired: { composite: { resource: {} }, resources: {} },
      input: { apiVersion: 'autoready.fn.crossplane.io/v1beta1', kind: 'Input', ttl },
      context: {},
    });
    expect(runAutoReady(request('5m')).results).toEqual([]);
    expect(runAutoReady(request('5 minutes')).results).toEqual([
      { severity: 'Fatal', message: 'cannot set ttl: time: unknown unit " minutes" in duration "5 minutes"' },
    ]);
  });

  it('marks observed resources ready by their kind (Deployment rollout, ServiceAccount) or Ready condition', () => {
    const ann = (name: string) => ({
      name: `app-${name}`,
      annotations: { 'crossplane.io/composition-resource-name': name },
    });
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', spec: { replicas: 2 } };
    const observed: JsonObject[] = [
      {
        ...deployment,
        metadata: ann('deploy'),
        status: {
          updatedReplicas: 2,
          availableReplicas: 2,
          conditions: [{ type: 'Available', status: 'True' }],
        },
      },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: ann('sa') },
      {
        apiVersion: 'example.org/v1',
        kind: 'Thing',
        metadata: ann('thing'),
        status: { conditions: [{ type: 'Ready', status: 'False' }] },
      },
    ];
    const out = run(
      [
        { name: 'deploy', base: deployment },
        { name: 'sa', base: { apiVersion: 'v1', kind: 'ServiceAccount' } },
        { name: 'thing', base: { apiVersion: 'example.org/v1', kind: 'Thing' } },
      ],
      { observed },
    );
    expect(Object.fromEntries(out.resources.map((r) => [r.name, r.ready]))).toEqual({
      deploy: true,
      sa: true,
      thing: false,
    });
    expect((out.xr['status'] as JsonObject)['conditions']).toEqual([
      { type: 'Ready', status: 'False', reason: 'Creating', message: 'Unready resources: thing' },
    ]);
  });
});

describe('metadata Crossplane adds', () => {
  it('generates a name, sets the XR namespace (warning when the base asked for another) and the owner reference', () => {
    const out = run([{ name: 'c', base: { ...cm(), metadata: { namespace: 'elsewhere' } } }]);
    const meta = byName(out)['c']!['metadata'] as JsonObject;
    expect(meta['namespace']).toBe('team-a');
    expect(meta['generateName']).toBe('app-');
    expect(meta['name']).toMatch(/^app-[a-z0-9]{5}$/);
    expect(out.results).toEqual([
      {
        severity: 'Warning',
        message:
          'cannot create composed resource "c" in namespace "elsewhere", using XR namespace "team-a" instead',
      },
    ]);
    expect(meta['ownerReferences']).toEqual([
      {
        apiVersion: 'example.org/v1',
        kind: 'XApp',
        name: 'app',
        uid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
  });

  it('refuses a composed resource whose name is not an RFC 1123 subdomain, like Crossplane', () => {
    const out = run([{ name: 'c', base: { ...cm(), metadata: { name: 'Bad_Name' } } }]);
    expect(out.ok).toBe(false);
    expect(out.results.at(-1)!.message).toBe(
      'cannot apply composed resource "c" because it has an invalid name "Bad_Name". Must be a valid RFC 1123 subdomain name.',
    );
  });

  it('never throws on garbage input', () => {
    for (const composition of [
      {},
      { spec: { mode: 'Pipeline', pipeline: [{ step: 'x', functionRef: { name: 'nope' } }] } },
      {
        spec: {
          mode: 'Pipeline',
          pipeline: [{ step: 'pt', functionRef: { name: 'function-patch-and-transform' }, input: 5 }],
        },
      },
    ]) {
      const out = renderComposition({ xr: XR, composition: composition as JsonObject });
      expect(out.ok).toBe(false);
      expect(out.results[0]!.severity).toBe('Fatal');
    }
  });
});
