/**
 * What a cluster needs once for the platform APIs: the composition Functions (named as the
 * Compositions reference them), provider-sql, RBAC for the composed kinds, the shared PostgreSQL
 * instance with its provider config, backups and monitoring, and the NATS JetStream streams of our services. No Secret
 * values: CNPG generates the superuser Secret, provider-sql the role Secrets.
 */
import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { composedKinds, groupOf } from '../apis/composed-kinds.js';
import { FUNCTION_NAMES } from '../compositions/pipeline.js';
import type { PlatformConfig } from '../config.js';
import { clusterProtectionSpec, databasePodMonitor, scheduledBackup } from './database-backup.js';
import { emit } from './defaulted.js';
import { jetStreamManifests } from './streams.js';

/** Name of the aggregated ClusterRole for the composed kinds. */
export const COMPOSED_KINDS_ROLE = 'zerotouch-crossplane-composed-kinds';

function pkg(kind: 'Function' | 'Provider', name: string, packageRef: string) {
  return { apiVersion: 'pkg.crossplane.io/v1', kind, metadata: { name }, spec: { package: packageRef } };
}

/** The platform-once chart (cluster-scoped objects keep no namespace). */
export class PlatformOnceChart extends Chart {
  constructor(scope: Construct, id: string, config: PlatformConfig) {
    super(scope, id);
    const p = config.packages;
    emit(
      this,
      'fn-pt',
      pkg('Function', FUNCTION_NAMES.patchAndTransform, p.functionPatchAndTransform),
      'packages',
    );
    emit(this, 'fn-cel', pkg('Function', FUNCTION_NAMES.celFilter, p.functionCelFilter), 'packages');
    emit(this, 'fn-ready', pkg('Function', FUNCTION_NAMES.autoReady, p.functionAutoReady), 'packages');
    emit(this, 'provider-sql', pkg('Provider', 'provider-sql', p.providerSql), 'packages');
    emit(this, 'rbac', composedKindsRole(), 'packages');
    for (const ns of [...new Set([config.database.namespace, config.servicesNamespace])].sort()) {
      emit(this, `ns-${ns}`, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }, 'packages');
    }
    this.#database(config);
    jetStreamManifests(config).forEach((m, i) => {
      emit(this, `jetstream-${i}`, m, 'dependents');
    });
  }

  #database(config: PlatformConfig) {
    const db = config.database;
    const expectedSecret = `${db.instanceName}-superuser`;
    if (db.adminSecretName !== expectedSecret) {
      throw new Error(
        `'database.adminSecretName' (${db.adminSecretName}) must be '${expectedSecret}': CNPG generates the superuser Secret under that name`,
      );
    }
    emit(
      this,
      'postgres',
      {
        apiVersion: 'postgresql.cnpg.io/v1',
        kind: 'Cluster',
        metadata: { name: db.instanceName, namespace: db.namespace },
        spec: {
          instances: db.instances,
          imageName: db.imageName,
          enableSuperuserAccess: true,
          storage: { size: db.storageSize },
          ...clusterProtectionSpec(db.backup),
        },
      },
      'dependents',
    );
    emit(this, 'postgres-backup', scheduledBackup(db), 'dependents');
    emit(this, 'postgres-monitor', databasePodMonitor(db), 'dependents');
    // provider-sql connects with the host CNPG writes into the Secret (`<cluster>-rw`, a short name):
    // this ExternalName Service makes that name resolve in the provider's namespace too.
    emit(
      this,
      'postgres-alias',
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: `${db.instanceName}-rw`, namespace: config.crossplaneNamespace },
        spec: {
          type: 'ExternalName',
          externalName: `${db.instanceName}-rw.${db.namespace}.svc.cluster.local`,
        },
      },
      'packages',
    );
    emit(
      this,
      'sql-config',
      {
        apiVersion: 'postgresql.sql.m.crossplane.io/v1alpha1',
        kind: 'ClusterProviderConfig',
        metadata: { name: db.clusterProviderConfigName },
        spec: {
          credentials: {
            source: 'PostgreSQLConnectionSecret',
            connectionSecretRef: { name: db.adminSecretName, namespace: db.namespace },
            secretKeyMapping: { endpoint: 'host', port: 'port', username: 'username', password: 'password' },
          },
          defaultDatabase: 'postgres',
          sslMode: db.sslMode,
        },
      },
      'dependents',
    );
  }
}

/** The ClusterRole aggregated into Crossplane's role for the composed kinds it does not cover. */
function composedKindsRole() {
  const byGroup = new Map<string, string[]>();
  for (const k of composedKinds().filter((c) => c.needsRbac)) {
    const group = groupOf(k.apiVersion);
    byGroup.set(group, [...(byGroup.get(group) ?? []), k.plural]);
  }
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: COMPOSED_KINDS_ROLE, labels: { 'rbac.crossplane.io/aggregate-to-crossplane': 'true' } },
    rules: [...byGroup.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([group, resources]) => ({
        apiGroups: [group],
        resources: [...resources].sort(),
        verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
      })),
  };
}
