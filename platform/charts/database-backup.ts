/**
 * Backups and monitoring of the shared PostgreSQL instance (CNPG v1.30): a daily `ScheduledBackup`
 * by volume snapshot, or through the Barman Cloud plugin to an object store when one is configured
 * (which also archives WAL, so the database can be restored to any point in time), CNPG's own
 * PodDisruptionBudgets, and a PodMonitor for its metrics.
 */
import type { BackupConfig, DatabaseConfig } from '../config.js';

/** The name CNPG's Barman Cloud plugin registers under. */
export const BARMAN_CLOUD_PLUGIN = 'barman-cloud.cloudnative-pg.io';

/** The fields of the CNPG `Cluster` spec that backups and availability need. */
export function clusterProtectionSpec(backup: BackupConfig) {
  return {
    // CNPG's default, stated: a drain never takes the primary and a standby at once.
    enablePDB: true,
    ...(backup.barmanObjectStoreName
      ? {
          plugins: [
            {
              name: BARMAN_CLOUD_PLUGIN,
              enabled: true,
              isWALArchiver: true,
              parameters: { barmanObjectName: backup.barmanObjectStoreName },
            },
          ],
        }
      : {
          backup: {
            volumeSnapshot: {
              ...(backup.volumeSnapshotClassName ? { className: backup.volumeSnapshotClassName } : {}),
              online: true,
              // Deleting a Backup deletes its snapshots, so pruning Backups prunes storage.
              snapshotOwnerReference: 'backup',
            },
          },
        }),
  };
}

/** The `ScheduledBackup` of the instance. */
export function scheduledBackup(db: DatabaseConfig) {
  const { backup } = db;
  if (backup.schedule.trim().split(/\s+/).length !== 6) {
    throw new Error(
      `'database.backup.schedule' (${backup.schedule}) must have six fields, seconds first (CNPG's cron format, e.g. '0 0 3 * * *')`,
    );
  }
  const usesPlugin = Boolean(backup.barmanObjectStoreName);
  return {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'ScheduledBackup',
    metadata: { name: `${db.instanceName}-daily`, namespace: db.namespace },
    spec: {
      schedule: backup.schedule,
      cluster: { name: db.instanceName },
      method: usesPlugin ? 'plugin' : 'volumeSnapshot',
      ...(usesPlugin ? { pluginConfiguration: { name: BARMAN_CLOUD_PLUGIN } } : {}),
      // A first backup right away, so a new cluster is never without one until the next 03:00.
      immediate: true,
      // Backups belong to the schedule: deleting it removes them (and, for snapshots, the snapshots).
      backupOwnerReference: 'self',
    },
  };
}

/** A PodMonitor for the instance's metrics (CNPG deprecates its own `enablePodMonitor`). */
export function databasePodMonitor(db: DatabaseConfig) {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PodMonitor',
    metadata: { name: db.instanceName, namespace: db.namespace },
    spec: {
      selector: { matchLabels: { 'cnpg.io/cluster': db.instanceName, 'cnpg.io/podRole': 'instance' } },
      podMetricsEndpoints: [{ port: 'metrics' }],
    },
  };
}
