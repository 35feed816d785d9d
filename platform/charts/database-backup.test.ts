/** The shared PostgreSQL's backups and monitoring, as synthesized, against the pinned CNPG CRDs. */
import { App } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { defaultConfig, type PlatformConfig } from '../config.js';
import { pinnedValidators } from '../testing/pinned-validators.js';
import { formatFieldError } from '../validate/index.js';
import { PlatformOnceChart } from './platform-once.js';

// biome-ignore lint/suspicious/noExplicitAny: manifests are read with deep paths
type Obj = Record<string, any>;

function synth(backup: Partial<PlatformConfig['database']['backup']> = {}): Obj[] {
  const config = {
    ...defaultConfig,
    database: { ...defaultConfig.database, backup: { ...defaultConfig.database.backup, ...backup } },
  };
  return new PlatformOnceChart(new App(), 'p', config).toJson() as Obj[];
}

const one = (objects: Obj[], kind: string) => objects.find((o) => o.kind === kind)!;
const validators = pinnedValidators();

/** The Backup CNPG creates on each schedule: the ScheduledBackup's method and plugin settings. */
function backupOf(scheduled: Obj): Obj {
  const { cluster, method, pluginConfiguration, online, target } = scheduled.spec;
  return {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'Backup',
    metadata: { name: `${scheduled.metadata.name}-20260101030000`, namespace: scheduled.metadata.namespace },
    spec: Object.fromEntries(
      Object.entries({ cluster, method, pluginConfiguration, online, target }).filter(
        ([, v]) => v !== undefined,
      ),
    ),
  };
}

describe('the shared PostgreSQL instance', () => {
  it('is backed up daily by volume snapshot by default, a first backup right away', () => {
    const objects = synth();
    const scheduled = one(objects, 'ScheduledBackup');
    expect(scheduled.metadata).toMatchObject({ name: 'shared-postgres-daily', namespace: 'databases' });
    expect(scheduled.spec).toMatchObject({
      schedule: '0 0 3 * * *',
      cluster: { name: 'shared-postgres' },
      method: 'volumeSnapshot',
      immediate: true,
      backupOwnerReference: 'self',
    });
    expect(scheduled.spec).not.toHaveProperty('pluginConfiguration');
    const cluster = one(objects, 'Cluster');
    expect(cluster.spec.backup.volumeSnapshot).toMatchObject({
      online: true,
      snapshotOwnerReference: 'backup',
    });
    expect(cluster.spec.backup.volumeSnapshot).not.toHaveProperty('className');
    expect(cluster.spec).not.toHaveProperty('plugins');
  });

  it('uses the configured VolumeSnapshotClass', () => {
    const cluster = one(synth({ volumeSnapshotClassName: 'csi-snapclass' }), 'Cluster');
    expect(cluster.spec.backup.volumeSnapshot.className).toBe('csi-snapclass');
  });

  it('backs up and archives WAL through the Barman Cloud plugin when an object store is configured', () => {
    const objects = synth({ barmanObjectStoreName: 'pg-backups' });
    expect(one(objects, 'ScheduledBackup').spec).toMatchObject({
      method: 'plugin',
      pluginConfiguration: { name: 'barman-cloud.cloudnative-pg.io' },
    });
    const cluster = one(objects, 'Cluster');
    expect(cluster.spec.plugins).toEqual([
      {
        name: 'barman-cloud.cloudnative-pg.io',
        enabled: true,
        isWALArchiver: true,
        parameters: { barmanObjectName: 'pg-backups' },
      },
    ]);
    // CNPG refuses a WAL-archiving plugin next to an in-tree barmanObjectStore.
    expect(cluster.spec.backup?.barmanObjectStore).toBeUndefined();
  });

  it('keeps CNPG’s disruption budgets and is scraped by a PodMonitor', () => {
    const objects = synth();
    expect(one(objects, 'Cluster').spec.enablePDB).toBe(true);
    expect(one(objects, 'PodMonitor')).toMatchObject({
      metadata: { name: 'shared-postgres', namespace: 'databases' },
      spec: {
        selector: { matchLabels: { 'cnpg.io/cluster': 'shared-postgres', 'cnpg.io/podRole': 'instance' } },
        podMetricsEndpoints: [{ port: 'metrics' }],
      },
    });
  });

  it('refuses a five-field (Kubernetes CronJob) schedule, naming the setting', () => {
    expect(() => synth({ schedule: '0 3 * * *' })).toThrow(
      "'database.backup.schedule' (0 3 * * *) must have six fields, seconds first (CNPG's cron format, e.g. '0 0 3 * * *')",
    );
  });

  describe.skipIf(!validators)('against the pinned CNPG v1.30 CRDs', () => {
    it.each([
      ['volume snapshots', {}],
      ['the Barman Cloud plugin', { barmanObjectStoreName: 'pg-backups', volumeSnapshotClassName: 'x' }],
    ])(
      'with %s, the Cluster, ScheduledBackup, the Backups it creates and the PodMonitor validate',
      (_n, backup) => {
        const objects = synth(backup);
        const scheduled = one(objects, 'ScheduledBackup');
        for (const object of [
          one(objects, 'Cluster'),
          scheduled,
          backupOf(scheduled),
          one(objects, 'PodMonitor'),
        ]) {
          expect(validators!.validate(object).map(formatFieldError), object.kind).toEqual([]);
        }
      },
    );
  });
});
