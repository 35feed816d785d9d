import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedDir } from '../testing/shared-dir.js';
import { crdValidators, loadCoreKindValidators, loadPinnedCrdValidators, readCrds } from './crds.js';
import { formatFieldError } from './field-error.js';

const shared = sharedDir();

describe.skipIf(!shared)('pinned CRD validators', () => {
  const crds = loadPinnedCrdValidators(path.join(shared!, 'crds'));
  const core = loadCoreKindValidators(
    path.join(shared!, 'crds', 'k8s', 'kubernetes-v1.34.0--definitions.jsonschema.json'),
  );

  it('know every served version of the pinned CRDs', () => {
    expect(crds.kinds).toContain('apiextensions.crossplane.io/v2/CompositeResourceDefinition');
    expect(crds.kinds).toContain('postgresql.sql.m.crossplane.io/v1alpha1/Role');
    expect(crds.has('jetstream.nats.io/v1beta2', 'Stream')).toBe(true);
  });

  it('reject a field Kubernetes would prune, and pass a correct object', () => {
    const role = {
      apiVersion: 'postgresql.sql.m.crossplane.io/v1alpha1',
      kind: 'Role',
      metadata: { name: 'r', namespace: 'n' },
      spec: {
        forProvider: { privileges: { login: true } },
        providerConfigRef: { kind: 'ClusterProviderConfig', name: 'pg' },
      },
    };
    expect(crds.validate(role)).toEqual([]);
    const typo = { ...role, spec: { ...role.spec, forProvider: { privileges: { logon: true } } } };
    expect(crds.validate(typo).map(formatFieldError)).toEqual([
      'spec.forProvider.privileges.logon: Unknown field',
    ]);
  });

  it('evaluate the CRD CEL rules', () => {
    const composition = {
      apiVersion: 'apiextensions.crossplane.io/v1',
      kind: 'Composition',
      metadata: { name: 'c' },
      spec: { compositeTypeRef: { apiVersion: 'x/v1', kind: 'X' }, mode: 'Pipeline' },
    };
    expect(crds.validate(composition).map(formatFieldError)).toEqual([
      'spec: Invalid value: "object": an array of pipeline steps is required in Pipeline mode',
    ]);
  });

  it('answer an unknown kind with an error, never a pass', () => {
    expect(crds.validate({ apiVersion: 'x/v1', kind: 'Y' }).map(formatFieldError)).toEqual([
      'kind: Unsupported value: no pinned schema for x/v1 Y',
    ]);
  });

  it('validate core kinds with unknown fields rejected', () => {
    const sa = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 's' }, automountToken: false };
    expect(core.validate(sa).map(formatFieldError)).toEqual(['automountToken: Unknown field']);
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: { selector: { matchLabels: { a: 'b' } }, template: { spec: { containers: [{ image: 'i' }] } } },
    };
    expect(core.validate(deployment).map(formatFieldError)).toEqual([
      'spec.template.spec.containers[0].name: Required value',
    ]);
  });
});

describe.skipIf(!shared)('crdValidators', () => {
  it('builds validators from parsed CRD objects, ignoring other documents', () => {
    const crds = readCrds(path.join(shared!, 'crds')).filter(
      (c) => (c.spec as { group: string }).group === 'keda.sh',
    );
    const validators = crdValidators([{ kind: 'ConfigMap' }, ...crds]);
    expect(validators.kinds).toEqual([
      'keda.sh/v1alpha1/ScaledObject',
      'keda.sh/v1alpha1/TriggerAuthentication',
    ]);
    const bad = {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: 'w' },
      spec: { scaleTargetRef: { name: 'w' }, triggers: [{ type: 'cpu', metadata: {} }], triggerz: [] },
    };
    expect(validators.validate(bad).map(formatFieldError)).toEqual(['spec.triggerz: Unknown field']);
  });

  it('reads a directory once while its files are unchanged', () => {
    const dir = path.join(shared!, 'crds');
    expect(readCrds(dir)).toBe(readCrds(dir));
  });
});
