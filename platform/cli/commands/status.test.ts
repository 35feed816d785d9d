import { describe, expect, it } from 'vitest';
import { freePort } from '../../../common/db/index.js';
import type { KubeObject } from '../../doctor/kube/kube-object.js';
import type { CliRun } from '../../doctor/testing/cluster-fixture.js';
import {
  captureIo,
  changed,
  healthyCluster,
  runAgainstCluster,
  without,
} from '../../doctor/testing/cluster-fixture.js';
import { writeKubeconfig } from '../../doctor/testing/kubeconfig.js';
import type { StatusCommandOptions } from './status.js';
import { runStatusCommand } from './status.js';

function lines(run: CliRun): string[] {
  return run.stdout
    .replace(/http:\/\/127\.0\.0\.1:\d+/g, '<server>')
    .trimEnd()
    .split('\n');
}

function status(objects: KubeObject[], options: StatusCommandOptions = {}) {
  return runAgainstCluster(objects, (io) => runStatusCommand(options, io));
}

function conditions(object: KubeObject, list: Record<string, unknown>[]): void {
  object.status = { ...(object.status as object), conditions: list };
}

function event(
  name: string,
  involved: { kind: string; name: string },
  fields: Record<string, unknown>,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: 'intelligence' },
    involvedObject: { ...involved, namespace: 'intelligence' },
    type: 'Warning',
    count: 1,
    ...fields,
  };
}

const EDS_NOT_READY = [
  { type: 'Synced', status: 'True', reason: 'ReconcileSuccess' },
  {
    type: 'Ready',
    status: 'False',
    reason: 'Creating',
    message: 'Unready resources: database, database-role',
  },
];

/** deepagents-runtime's database role cannot reach PostgreSQL: the provider's error is on the Role. */
function unreachableDatabase(): KubeObject[] {
  let objects = changed(healthyCluster(), 'EventDrivenService', 'deepagents-runtime', (xr) =>
    conditions(xr, EDS_NOT_READY),
  );
  objects = changed(objects, 'Role', 'deepagents-runtime-db', (role) =>
    conditions(role, [
      {
        type: 'Synced',
        status: 'False',
        reason: 'ReconcileError',
        message: 'connect failed: dial tcp 10.96.0.12:5432: connect: connection refused',
      },
      { type: 'Ready', status: 'False', reason: 'Creating' },
    ]),
  );
  objects = changed(objects, 'Database', 'deepagents-runtime-db', (db) =>
    conditions(db, [
      { type: 'Synced', status: 'True', reason: 'ReconcileSuccess' },
      { type: 'Ready', status: 'False', reason: 'Creating', message: 'waiting for role deepagents_runtime' },
    ]),
  );
  const role = { kind: 'Role', name: 'deepagents-runtime-db' };
  return [
    ...objects,
    event('role.1', role, {
      reason: 'CannotConnectToProvider',
      message: 'connect failed: dial tcp 10.96.0.12:5432: connect: connection refused',
      lastTimestamp: '2026-11-25T01:00:00Z',
      count: 14,
    }),
    // Recorded through events.k8s.io/v1: no lastTimestamp or count, repeats in series.
    event('role.2', role, {
      reason: 'CannotObserveExternalResource',
      message: 'cannot select role: timeout',
      eventTime: '2026-11-25T00:30:00.000000Z',
      series: { count: 3, lastObservedTime: '2026-11-25T00:40:00.000000Z' },
      count: undefined,
    }),
    event('role.normal', role, {
      type: 'Normal',
      reason: 'CreatedExternalResource',
      message: 'ignored',
      lastTimestamp: '2026-11-25T01:01:00Z',
    }),
    event(
      'xr.1',
      { kind: 'EventDrivenService', name: 'deepagents-runtime' },
      {
        reason: 'ComposeResources',
        message: 'Unready resources: database, database-role',
        lastTimestamp: '2026-11-25T00:50:00Z',
      },
    ),
    event(
      'other',
      { kind: 'Role', name: 'someone-else' },
      { reason: 'Noise', message: 'not ours', lastTimestamp: '2026-11-25T01:02:00Z' },
    ),
  ];
}

const HEADER = 'Cluster: context fake, <server>; namespace intelligence';
const TABLE = 'NAMESPACE     KIND                NAME                SYNCED  READY  URL';

describe('zt status', () => {
  it('lists every XR with Synced, Ready and URL, in the context namespace, and exits 0 when all are Ready', async () => {
    const run = await status(healthyCluster());
    expect(run.stderr).toBe('');
    expect(lines(run)).toEqual([
      HEADER,
      TABLE,
      'intelligence  EventDrivenService  deepagents-runtime  True    True   -',
      'intelligence  WebService          ide-orchestrator    True    True   https://ide.zerotouch.dev',
    ]);
    expect(run.code).toBe(0);
  });

  it('names the composed resource that is not ready and the latest Warning events about it, and exits 1', async () => {
    const run = await status(unreachableDatabase());
    expect(lines(run)).toEqual([
      HEADER,
      TABLE,
      'intelligence  EventDrivenService  deepagents-runtime  True    False  -',
      'intelligence  WebService          ide-orchestrator    True    True   https://ide.zerotouch.dev',
      '',
      'EventDrivenService intelligence/deepagents-runtime:',
      '  Ready=False (Creating: Unready resources: database, database-role)',
      '  ✘ Role deepagents-runtime-db (resource database-role) [postgresql.sql.m.crossplane.io/v1alpha1]: ' +
        'Synced=False (ReconcileError: connect failed: dial tcp 10.96.0.12:5432: connect: connection refused); Ready=False (Creating)',
      '  ✘ Database deepagents-runtime-db (resource database) [postgresql.sql.m.crossplane.io/v1alpha1]: ' +
        'Ready=False (Creating: waiting for role deepagents_runtime)',
      '  ⚠ 2026-11-25T01:00:00Z Role/deepagents-runtime-db CannotConnectToProvider: connect failed: dial tcp 10.96.0.12:5432: connect: connection refused (x14)',
      '  ⚠ 2026-11-25T00:50:00Z EventDrivenService/deepagents-runtime ComposeResources: Unready resources: database, database-role',
      '  ⚠ 2026-11-25T00:40:00Z Role/deepagents-runtime-db CannotObserveExternalResource: cannot select role: timeout (x3)',
    ]);
    expect(run.code).toBe(1);
  });

  it('says a composed kind is not served when its CRD is missing', async () => {
    let objects = without(healthyCluster(), 'CustomResourceDefinition', 'scaledobjects.keda.sh');
    objects = without(objects, 'ScaledObject', 'deepagents-runtime');
    objects = changed(objects, 'EventDrivenService', 'deepagents-runtime', (xr) =>
      conditions(xr, [
        {
          type: 'Synced',
          status: 'False',
          reason: 'ReconcileError',
          message:
            'cannot compose resources: cannot apply composed resource "scaled-object": no matches for kind "ScaledObject" in version "keda.sh/v1alpha1"',
        },
        { type: 'Ready', status: 'False', reason: 'Creating' },
      ]),
    );
    const run = await status(objects);
    expect(lines(run).slice(4)).toEqual([
      '',
      'EventDrivenService intelligence/deepagents-runtime:',
      '  Synced=False (ReconcileError: cannot compose resources: cannot apply composed resource "scaled-object": no matches for kind "ScaledObject" in version "keda.sh/v1alpha1")',
      '  Ready=False (Creating)',
      '  ✘ ScaledObject deepagents-runtime [keda.sh/v1alpha1]: ScaledObject (keda.sh/v1alpha1) is not served: its CRD is missing, run zt doctor',
    ]);
    expect(lines(run)[2]).toBe('intelligence  EventDrivenService  deepagents-runtime  False   False  -');
    expect(run.code).toBe(1);
  });

  it('reports a missing composed resource and an unavailable Deployment', async () => {
    let objects = without(healthyCluster(), 'HTTPRoute', 'ide-orchestrator-https');
    objects = changed(objects, 'Deployment', 'ide-orchestrator', (d) => {
      d.status = {
        replicas: 2,
        readyReplicas: 0,
        conditions: [
          {
            type: 'Available',
            status: 'False',
            reason: 'MinimumReplicasUnavailable',
            message: 'Deployment does not have minimum availability.',
          },
          {
            type: 'Progressing',
            status: 'False',
            reason: 'ProgressDeadlineExceeded',
            message: 'ReplicaSet "ide-orchestrator-7d9" has timed out progressing.',
          },
        ],
      };
    });
    objects = changed(objects, 'WebService', 'ide-orchestrator', (xr) =>
      conditions(xr, [
        { type: 'Synced', status: 'True' },
        { type: 'Ready', status: 'False', reason: 'Creating' },
      ]),
    );
    const run = await status(objects);
    expect(lines(run).slice(3)).toEqual([
      'intelligence  WebService          ide-orchestrator    True    False  https://ide.zerotouch.dev',
      '',
      'WebService intelligence/ide-orchestrator:',
      '  Ready=False (Creating)',
      '  ✘ Deployment ide-orchestrator (resource deployment) [apps/v1]: Available=False (MinimumReplicasUnavailable: ' +
        'Deployment does not have minimum availability.), 0/2 replicas ready, Progressing=False (ProgressDeadlineExceeded: ' +
        'ReplicaSet "ide-orchestrator-7d9" has timed out progressing.)',
      '  ✘ HTTPRoute ide-orchestrator-https [gateway.networking.k8s.io/v1]: does not exist (yet)',
      '  ⚠ 2026-11-21T09:58:00Z WebService/ide-orchestrator ComposeResources: cannot compose resources: pipeline step "patch-and-transform" returned a fatal result',
    ]);
    expect(run.code).toBe(1);
  });

  it('lists all namespaces with -A and one namespace with -n', async () => {
    const other = changed(healthyCluster(), 'WebService', 'ide-orchestrator', (xr) => {
      xr.metadata!.namespace = 'team-a';
      delete (xr.status as Record<string, unknown>).url;
    });
    const objects = [...healthyCluster(), ...other.filter((o) => o.metadata?.namespace === 'team-a')];
    const all = await status(objects, { allNamespaces: true });
    expect(lines(all)).toEqual([
      'Cluster: context fake, <server>; all namespaces',
      TABLE,
      'intelligence  EventDrivenService  deepagents-runtime  True    True   -',
      'intelligence  WebService          ide-orchestrator    True    True   https://ide.zerotouch.dev',
      'team-a        WebService          ide-orchestrator    True    True   -',
    ]);
    const one = await status(objects, { namespace: 'team-a' });
    expect(lines(one).slice(2)).toEqual(['team-a     WebService  ide-orchestrator  True    True   -']);
    const none = await status(objects, { namespace: 'empty' });
    expect(lines(none)).toEqual([
      'Cluster: context fake, <server>; namespace empty',
      'No WebService or EventDrivenService in namespace empty.',
    ]);
    expect([all.code, one.code, none.code]).toEqual([0, 0, 0]);
  });

  it('exits 1 and points at doctor when an XR kind is not served', async () => {
    const run = await status(
      without(healthyCluster(), 'CustomResourceDefinition', 'webservices.platform.zerotouch.dev'),
    );
    expect(lines(run)).toEqual([
      HEADER,
      '✘ WebService: WebService (platform.zerotouch.dev/v1alpha1) is not served by the cluster (run zt doctor)',
      'NAMESPACE     KIND                NAME                SYNCED  READY  URL',
      'intelligence  EventDrivenService  deepagents-runtime  True    True   -',
    ]);
    expect(run.code).toBe(1);
  });

  it('prints JSON with --output json', async () => {
    const run = await status(unreachableDatabase(), { output: 'json' });
    const report = JSON.parse(run.stdout);
    expect(report.namespace).toBe('intelligence');
    expect(report.unavailable).toEqual([]);
    const eds = report.items.find((i: { kind: string }) => i.kind === 'EventDrivenService');
    expect(eds).toMatchObject({ name: 'deepagents-runtime', synced: 'True', ready: 'False' });
    expect(
      eds.unready.map((u: { kind: string; resourceName: string }) => `${u.kind}:${u.resourceName}`),
    ).toEqual(['Role:database-role', 'Database:database']);
    expect(eds.events[0]).toEqual({
      time: '2026-11-25T01:00:00Z',
      object: 'Role/deepagents-runtime-db',
      reason: 'CannotConnectToProvider',
      message: 'connect failed: dial tcp 10.96.0.12:5432: connect: connection refused',
      count: 14,
    });
    expect(run.code).toBe(1);
  });

  it('exits 2 with the reason when the cluster cannot be reached', async () => {
    const port = await freePort();
    const kubeconfig = writeKubeconfig([{ name: 'down', server: `http://127.0.0.1:${port}` }]);
    try {
      const io = captureIo({ KUBECONFIG: kubeconfig.file, HOME: '/nonexistent' });
      expect(await runStatusCommand({ allNamespaces: true }, io)).toBe(2);
      expect(io.out).toEqual([]);
      expect(io.err.join('')).toBe(
        `zt status: cannot reach the cluster at http://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}\n`,
      );
    } finally {
      kubeconfig.remove();
    }
  });

  it('rejects -n together with -A', async () => {
    const io = captureIo({ HOME: '/nonexistent' });
    expect(await runStatusCommand({ namespace: 'a', allNamespaces: true }, io)).toBe(2);
    expect(io.err.join('')).toBe('zt status: use either -n NAMESPACE or -A, not both\n');
  });
});
