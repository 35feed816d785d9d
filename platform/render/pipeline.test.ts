import { describe, expect, it } from 'vitest';
import type { JsonObject } from './go/values.js';
import type { Patch } from './core/input.js';
import { byName, cm, run, XR } from './pipeline-test-support.js';

// Behaviour of the whole pipeline (fn.go of function-patch-and-transform v0.10.8, function-cel-filter
// v0.2.0, function-auto-ready v0.7.0, Crossplane v2.3 composed-resource metadata).

describe('patch policies and error behaviour', () => {
  it('skips an Optional patch whose source is missing, silently', () => {
    const out = run([
      { name: 'c', base: cm(), patches: [{ fromFieldPath: 'spec.missing', toFieldPath: 'data.x' }] },
    ]);
    expect(out.ok).toBe(true);
    expect(out.results).toEqual([]);
    expect(byName(out)['c']!['data']).toEqual({});
  });

  it('does not create a new resource when a Required source is missing, warns, and makes the XR unready', () => {
    const out = run([
      {
        name: 'c',
        base: cm(),
        patches: [
          { fromFieldPath: 'spec.missing', toFieldPath: 'data.x', policy: { fromFieldPath: 'Required' } },
        ],
      },
    ]);
    expect(out.ok).toBe(true);
    expect(out.resources).toEqual([]);
    expect(out.results).toEqual([
      {
        severity: 'Warning',
        step: 'pt',
        message:
          'not adding new composed resource "c" to desired state because "FromCompositeFieldPath" patch at index 0 has \'policy.fromFieldPath: Required\': spec.missing: no such field',
      },
    ]);
    expect((out.xr['status'] as JsonObject)['conditions']).toEqual([
      { type: 'Ready', status: 'False', reason: 'Creating' },
    ]);
  });

  it('keeps an existing resource when a Required source is missing, with a warning', () => {
    const observed = {
      ...cm(),
      metadata: {
        name: 'app-c',
        namespace: 'team-a',
        annotations: { 'crossplane.io/composition-resource-name': 'c' },
      },
    };
    const out = run(
      [
        {
          name: 'c',
          base: cm(),
          patches: [
            { fromFieldPath: 'spec.missing', toFieldPath: 'data.x', policy: { fromFieldPath: 'Required' } },
          ],
        },
      ],
      { observed: [observed] },
    );
    expect(out.resources.map((r) => r.resource['metadata'])).toEqual([
      expect.objectContaining({ name: 'app-c' }),
    ]);
    expect(out.results[0]!.message).toContain(
      "ignoring 'policy.fromFieldPath: Required' because 'to' resource already exists",
    );
  });

  it('stops the pipeline with a fatal result naming resource, patch type and index when a transform fails', () => {
    const out = run([
      {
        name: 'c',
        base: cm(),
        patches: [
          {
            fromFieldPath: 'spec.size',
            toFieldPath: 'data.x',
            transforms: [{ type: 'map', map: { large: 'L' } }],
          },
        ],
      },
    ]);
    expect(out.ok).toBe(false);
    expect(out.resources).toEqual([]);
    expect(out.results).toEqual([
      {
        severity: 'Fatal',
        step: 'pt',
        message:
          'cannot render composed resource "c" "FromCompositeFieldPath" patch at index 0: transform at index 0 returned error: map transform could not resolve: key small is not found in map',
      },
    ]);
  });

  it('is fatal for a template without base that no previous function produced, and for invalid input', () => {
    expect(run([{ name: 'c' }]).results[0]!.message).toBe(
      'composed resource "c" has no base template, and was not produced by a previous Function in the pipeline',
    );
    expect(run([{ name: '', base: cm() }]).results[0]!.message).toBe(
      'invalid Function input: resources[0].name: Required value: name is required',
    );
  });

  it('formats combine variables with Go fmt, a number from the XR being a float64 as in the cluster', () => {
    const out = run([
      {
        name: 'c',
        base: cm(),
        patches: [
          {
            type: 'CombineFromComposite',
            combine: {
              strategy: 'string',
              variables: [{ fromFieldPath: 'metadata.name' }, { fromFieldPath: 'spec.replicas' }],
              string: { fmt: '%s=%d %s' },
            },
            toFieldPath: 'data.x',
          },
        ],
      },
    ]);
    // function-sdk-go hands the XR to P&T through structpb: spec.replicas 3 arrives as float64(3).
    expect(byName(out)['c']!['data']).toEqual({ x: 'app=%!d(float64=3) %!s(MISSING)' });
  });

  /** Renders one ConfigMap with one patch and returns its data. */
  const patched = (patch: Patch, xr?: JsonObject) => {
    const out = run([{ name: 'c', base: cm(), patches: [patch] }], xr ? { xr } : {});
    expect(out.results).toEqual([]);
    return byName(out)['c']!['data'];
  };

  it.each([
    { fmt: '%.2f', from: 'spec.replicas', want: '3.00' },
    { fmt: '%v', from: 'spec.big', want: '1.073741824e+09' },
    { fmt: '%d', from: 'spec.replicas', want: '%!d(float64=3)' },
  ])('formats $from with $fmt as the Go function does: $want', ({ fmt, from, want }) => {
    const patch = {
      fromFieldPath: from,
      toFieldPath: 'data.x',
      transforms: [{ type: 'string', string: { type: 'Format', fmt } }],
    };
    expect(patched(patch, { ...XR, spec: { replicas: 3, big: 1073741824 } })).toEqual({ x: want });
  });

  it('writes an int64 made by a combine or into a wildcard path as a plain number', () => {
    const toInt = [{ type: 'convert', convert: { toType: 'int64' } }];
    const combineOut = patched({
      type: 'CombineFromComposite',
      combine: { strategy: 'string', variables: [{ fromFieldPath: 'spec.replicas' }], string: { fmt: '%v' } },
      toFieldPath: 'data.n',
      transforms: toInt,
    });
    expect(combineOut).toEqual({ n: 3 });
    const out = run([
      {
        name: 'c',
        base: cm({ items: [{ n: 0 }, { n: 0 }] } as unknown as JsonObject),
        patches: [
          {
            fromFieldPath: 'spec.size',
            toFieldPath: 'data.items[*].n',
            transforms: [{ type: 'map', map: { small: '7' } }, ...toInt],
          },
        ],
      },
    ]);
    expect(byName(out)['c']!['data']).toEqual({ items: [{ n: 7 }, { n: 7 }] });
  });

  it('keeps an int64 a transform made as a whole number in the rendered output', () => {
    const transforms = [
      { type: 'map', map: { small: '2' } },
      { type: 'convert', convert: { toType: 'int64' } },
    ];
    expect(patched({ fromFieldPath: 'spec.size', toFieldPath: 'data.n', transforms })).toEqual({ n: 2 });
  });

  it('warns and leaves a resource unready when MatchInteger meets an observed number (a float64 there)', () => {
    const observed = {
      ...cm(),
      metadata: { name: 'app-c', annotations: { 'crossplane.io/composition-resource-name': 'c' } },
      status: { replicas: 5 },
    };
    const out = run(
      [
        {
          name: 'c',
          base: cm(),
          readinessChecks: [{ type: 'MatchInteger', fieldPath: 'status.replicas', matchInteger: 5 }],
        },
      ],
      { observed: [observed] },
    );
    expect(out.results).toContainEqual({
      severity: 'Warning',
      step: 'pt',
      message:
        'cannot check readiness of composed resource "c": cannot run readiness check at index 0: status.replicas: not a (int64) number',
    });
  });
});

describe('merge policies and field paths', () => {
  const base = cm({ keep: 'yes' });
  const patch = (policy?: string): Patch => ({
    fromFieldPath: 'spec.tags',
    toFieldPath: 'data',
    ...(policy ? { policy: { toFieldPath: policy } } : {}),
  });

  it('replaces by default, merges with MergeObjects (keeping existing keys) and ForceMergeObjects', () => {
    expect(byName(run([{ name: 'c', base, patches: [patch()] }]))['c']!['data']).toEqual({ a: '1' });
    const keep = { ...cm({ a: 'old', keep: 'yes' }) };
    expect(byName(run([{ name: 'c', base: keep, patches: [patch('MergeObjects')] }]))['c']!['data']).toEqual({
      a: 'old',
      keep: 'yes',
    });
    expect(
      byName(run([{ name: 'c', base: keep, patches: [patch('ForceMergeObjects')] }]))['c']!['data'],
    ).toEqual({ a: '1', keep: 'yes' });
  });

  it('appends arrays without duplicates and patches every element of a [*] path', () => {
    const base = {
      apiVersion: 'v1',
      kind: 'X',
      spec: { list: ['x', 'y'], owners: [{ name: 'a' }, { name: 'b' }] },
    };
    const out = byName(
      run([
        {
          name: 'c',
          base,
          patches: [
            { fromFieldPath: 'spec.list', toFieldPath: 'spec.list', policy: { toFieldPath: 'AppendArray' } },
            { fromFieldPath: 'metadata.name', toFieldPath: 'spec.owners[*].name' },
            { fromFieldPath: 'metadata.name', toFieldPath: 'metadata.labels[app.kubernetes.io/name]' },
          ],
        },
      ]),
    )['c']!;
    expect(out['spec']).toEqual({ list: ['x', 'y'], owners: [{ name: 'app' }, { name: 'app' }] });
    expect((out['metadata'] as JsonObject)['labels']).toMatchObject({ 'app.kubernetes.io/name': 'app' });
  });

  it('reports a malformed field path with its position', () => {
    const out = run([
      { name: 'c', base: cm(), patches: [{ fromFieldPath: 'spec.a[', toFieldPath: 'data.x' }] },
    ]);
    expect(out.results[0]!.message).toBe(
      'cannot render composed resource "c" "FromCompositeFieldPath" patch at index 0: cannot parse path "spec.a[": unterminated \'[\' at position 6',
    );
  });
});

describe('environment and connection details', () => {
  it('patches the observed XR into the environment and the environment into a resource', () => {
    const out = run(
      [
        {
          name: 'c',
          base: cm(),
          patches: [{ type: 'FromEnvironmentFieldPath', fromFieldPath: 'size', toFieldPath: 'data.size' }],
        },
      ],
      {
        environment: {
          patches: [{ type: 'FromCompositeFieldPath', fromFieldPath: 'spec.size', toFieldPath: 'size' }],
        },
      },
    );
    expect(byName(out)['c']!['data']).toEqual({ size: 'small' });
  });

  it('composes a connection Secret for a v2 XR from the connection details of observed resources', () => {
    const observed = {
      ...cm(),
      metadata: { name: 'app-c', annotations: { 'crossplane.io/composition-resource-name': 'c' } },
    };
    const out = run(
      [{ name: 'c', base: cm(), connectionDetails: [{ name: 'url', type: 'FromValue', value: 'http://x' }] }],
      { observed: [observed] },
    );
    const secret = byName(out)['app-connection-secret']!;
    expect(secret).toMatchObject({
      kind: 'Secret',
      type: 'connection.crossplane.io/v1alpha1',
      data: { url: Buffer.from('http://x').toString('base64') },
    });
    expect((secret['metadata'] as JsonObject)['name']).toBe('app-connection');
  });

  it("names the connection Secret after the XR's own spec.writeConnectionSecretToRef, as in the cluster", () => {
    const observed = {
      ...cm(),
      metadata: { name: 'app-c', annotations: { 'crossplane.io/composition-resource-name': 'c' } },
    };
    const out = run(
      [{ name: 'c', base: cm(), connectionDetails: [{ name: 'url', type: 'FromValue', value: 'http://x' }] }],
      {
        observed: [observed],
        xr: {
          apiVersion: 'example.org/v1',
          kind: 'XApp',
          metadata: { name: 'app', namespace: 'team-a' },
          spec: { writeConnectionSecretToRef: { name: 'shop-db-creds' } },
        },
      },
    );
    // function-sdk-go's composite accessor reads the XR's field for v2 XRs too (connection.go v0.10.8).
    expect(byName(out)['app-connection-secret']!['metadata']).toMatchObject({ name: 'shop-db-creds' });
  });
});
