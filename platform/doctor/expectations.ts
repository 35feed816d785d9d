import { composedKinds, eventDrivenServiceApi, groupOf, webServiceApi } from '../apis/index.js';
import { COMPOSED_KINDS_ROLE } from '../charts/index.js';
import { FUNCTION_NAMES } from '../compositions/index.js';
import type { PlatformConfig } from '../config.js';
import type { DoctorExpectations, RequiredKind } from './checks/check.js';

/** API groups built into Kubernetes: their kinds need no CRD. */
const BUILTIN_GROUPS = new Set([
  '',
  'apps',
  'batch',
  'policy',
  'autoscaling',
  'networking.k8s.io',
  'rbac.authorization.k8s.io',
]);

/**
 * Kinds the platform-once chart creates from CRDs: the NACK streams and consumer, the shared CNPG
 * Cluster with its ScheduledBackup, and the PodMonitor for its metrics.
 */
const PLATFORM_ONCE_KINDS: readonly RequiredKind[] = [
  { apiVersion: 'jetstream.nats.io/v1beta2', kind: 'Stream' },
  { apiVersion: 'jetstream.nats.io/v1beta2', kind: 'Consumer' },
  { apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster' },
  { apiVersion: 'postgresql.cnpg.io/v1', kind: 'ScheduledBackup' },
  { apiVersion: 'monitoring.coreos.com/v1', kind: 'PodMonitor' },
];

/** Kinds the observability chart creates; kube-prometheus-stack (prometheus-operator) installs their CRDs. */
const OBSERVABILITY_KINDS: readonly RequiredKind[] = [
  { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor' },
  { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule' },
];

/**
 * Kinds from CRDs that charts-out/ creates: what the Compositions compose (HTTPRoute, ScaledObject,
 * provider-sql Role/Database, from `composedKinds()`), what the platform-once chart creates and the
 * monitoring objects of the observability chart.
 * Built-in kinds (Deployment, Service…) are always served and not listed.
 */
export function requiredKinds(): RequiredKind[] {
  const composed = composedKinds()
    .filter((k) => !BUILTIN_GROUPS.has(groupOf(k.apiVersion)))
    .map(({ apiVersion, kind }) => ({ apiVersion, kind }));
  return [...composed, ...PLATFORM_ONCE_KINDS, ...OBSERVABILITY_KINDS];
}

/** Kinds composed by our Compositions that Crossplane's own ClusterRole does not cover. */
export function kindsNeedingRbac(): { group: string; plural: string; kind: string }[] {
  return composedKinds()
    .filter((k) => k.needsRbac)
    .map((k) => ({ group: groupOf(k.apiVersion), plural: k.plural, kind: k.kind }));
}

/** What doctor expects of a cluster that runs `charts-out/` generated with `config`. */
export function doctorExpectations(config: PlatformConfig): DoctorExpectations {
  const { packages } = config;
  return {
    config,
    functions: [
      { name: FUNCTION_NAMES.patchAndTransform, package: packages.functionPatchAndTransform },
      { name: FUNCTION_NAMES.celFilter, package: packages.functionCelFilter },
      { name: FUNCTION_NAMES.autoReady, package: packages.functionAutoReady },
    ],
    providerSql: { name: 'provider-sql', package: packages.providerSql },
    requiredKinds: requiredKinds(),
    rbacKinds: kindsNeedingRbac(),
    xrdKinds: [webServiceApi.kind, eventDrivenServiceApi.kind],
    clusterRoleName: COMPOSED_KINDS_ROLE,
  };
}
