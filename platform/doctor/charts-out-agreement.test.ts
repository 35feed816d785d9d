import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runDoctorCommand } from '../cli/commands/doctor.js';
import { defaultConfig } from '../config.js';
import { doctorExpectations } from './expectations.js';
import type { KubeObject } from './kube/kube-object.js';
import { healthyCluster, runAgainstCluster } from './testing/cluster-fixture.js';

const CHARTS_OUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'charts-out');

function chartsOut(): KubeObject[] {
  const files = readdirSync(CHARTS_OUT, { recursive: true, encoding: 'utf8' }).filter((f) =>
    f.endsWith('.yaml'),
  );
  return files.flatMap((file) =>
    parseAllDocuments(readFileSync(path.join(CHARTS_OUT, file), 'utf8'))
      .map((doc) => doc.toJS() as KubeObject | null)
      .filter((o): o is KubeObject => o !== null),
  );
}

/** Kinds charts-out/ creates that doctor judges by installing and reading them, not only by their CRD. */
const INSTALLED_BY_CHARTS = [
  'Function',
  'Provider',
  'ClusterRole',
  'ClusterProviderConfig',
  'CompositeResourceDefinition',
  'Composition',
];

const groupOf = (apiVersion: string) =>
  apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';

describe('doctor agrees with charts-out/', () => {
  it('passes every check on a cluster running exactly the synthesized platform objects', async () => {
    const synthesized = chartsOut().filter((o) => INSTALLED_BY_CHARTS.includes(o.kind ?? ''));
    expect(synthesized.length).toBeGreaterThanOrEqual(10);
    const recorded = healthyCluster();
    // Each synthesized object, with the status a healthy cluster records for its kind.
    const installed = synthesized.map((o) => ({
      ...o,
      status: recorded.find((r) => r.kind === o.kind)?.status,
    }));
    const objects = [...recorded.filter((o) => !INSTALLED_BY_CHARTS.includes(o.kind ?? '')), ...installed];
    const run = await runAgainstCluster(objects, (io) => runDoctorCommand({}, io));
    expect(run.stdout.split('\n').filter((l) => l.startsWith('✘'))).toEqual([]);
    expect(run.code).toBe(0);
  });

  it('checks a CRD for every kind charts-out/ creates that Kubernetes and Crossplane do not serve themselves', () => {
    const expectations = doctorExpectations(defaultConfig);
    const covered = new Set(expectations.requiredKinds.map((k) => `${k.apiVersion} ${k.kind}`));
    const builtin = new Set(['', 'apps', 'networking.k8s.io', 'rbac.authorization.k8s.io']);
    const crossplane = new Set(['apiextensions.crossplane.io', 'pkg.crossplane.io', defaultConfig.apiGroup]);
    const uncovered = chartsOut()
      .filter((o) => !builtin.has(groupOf(o.apiVersion!)) && !crossplane.has(groupOf(o.apiVersion!)))
      .filter((o) => !INSTALLED_BY_CHARTS.includes(o.kind!))
      .map((o) => `${o.apiVersion} ${o.kind}`)
      .filter((k) => !covered.has(k));
    expect([...new Set(uncovered)]).toEqual([]);
  });
});
