import type { PlatformConfig } from '../config.js';
import type { DoctorExpectations, RequiredKind } from './checks/check.js';

/**
 * Kinds from CRDs that charts-out/ creates: composed by the Compositions (HTTPRoute, ScaledObject,
 * provider-sql Role/Database) or created once by the platform-once chart (NACK Stream/Consumer, the
 * CNPG Cluster). Built-in kinds (Deployment, Service…) are always served and not listed.
 */
export const REQUIRED_KINDS: readonly RequiredKind[] = [
  { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute' },
  { apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject' },
  { apiVersion: 'jetstream.nats.io/v1beta2', kind: 'Stream' },
  { apiVersion: 'jetstream.nats.io/v1beta2', kind: 'Consumer' },
  { apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster' },
  { apiVersion: 'postgresql.sql.m.crossplane.io/v1alpha1', kind: 'Role' },
  { apiVersion: 'postgresql.sql.m.crossplane.io/v1alpha1', kind: 'Database' },
];

/** What doctor expects of a cluster that runs `charts-out/` generated with `config`. */
export function doctorExpectations(config: PlatformConfig): DoctorExpectations {
  const { packages } = config;
  return {
    config,
    functions: [
      { name: 'function-patch-and-transform', package: packages.functionPatchAndTransform },
      { name: 'function-cel-filter', package: packages.functionCelFilter },
      { name: 'function-auto-ready', package: packages.functionAutoReady },
    ],
    providerSql: { name: 'provider-sql', package: packages.providerSql },
    requiredKinds: REQUIRED_KINDS,
    xrdKinds: ['WebService', 'EventDrivenService'],
    clusterRoleName: 'crossplane-zerotouch-composed',
  };
}
