/**
 * Environment shared by the main and the init container: OTEL identity, variables a kind adds
 * (PORT, NATS_*), secret slots, the database URL and the user's env.
 */
import { ENV } from '../../../common/contracts/env.js';
import type { PlatformConfig } from '../../config.js';
import { SECRET_SLOT_COUNT } from './common-fields.js';

/** One variable the composition sets from an XR field (or a constant). */
export interface ComposedEnv {
  readonly name: string;
  /** XR field path the value comes from; numbers are formatted as decimal strings. */
  readonly from?: string;
  /** A constant value. */
  readonly value?: string;
  /** The XR field is an integer: convert it to a string for the env value. */
  readonly isNumber?: boolean;
}

/** The OTEL variables every workload gets: the real service name and environment. */
export function otelEnv(config: PlatformConfig): ComposedEnv[] {
  return [
    { name: 'OTEL_SERVICE_NAME', from: 'metadata.name' },
    { name: 'OTEL_RESOURCE_ATTRIBUTES', from: 'metadata.namespace' },
    { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: config.otelEndpoint },
  ];
}

/** `service.namespace=<ns>,deployment.environment=<env>`: the OTEL_RESOURCE_ATTRIBUTES format. */
export function otelAttributesFormat(config: PlatformConfig): string {
  return `service.namespace=%s,deployment.environment=${config.environment}`;
}

/** Field paths of the secret slots, `spec.secret1Name` … */
export function secretSlotPaths(): string[] {
  return Array.from({ length: SECRET_SLOT_COUNT }, (_, i) => `spec.secret${i + 1}Name`);
}

/** Name of the Secret provider-sql writes the role's credentials to. */
export const DB_SECRET_SUFFIX = '-db-credentials';

/** Host:port of the shared PostgreSQL read-write service. */
function databaseHost(config: PlatformConfig): string {
  return `${config.database.instanceName}-rw.${config.database.namespace}.svc.cluster.local:5432`;
}

/**
 * The database variables as a JSON env list template with `%[x]s` = XR name and `%[d]s` = database
 * name: DB_USER and DB_PASSWORD from the role's connection Secret, then DATABASE_URL built from them
 * by Kubernetes `$(VAR)` expansion (so no secret value is ever in a manifest).
 */
export function databaseEnv(config: PlatformConfig, xrNameVar: number, dbNameVar: number) {
  const secret = `@@%[${xrNameVar}]s@@${DB_SECRET_SUFFIX}`;
  return [
    { name: 'DB_USER', valueFrom: { secretKeyRef: { name: secret, key: 'username' } } },
    { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: secret, key: 'password' } } },
    {
      name: ENV.databaseUrl,
      value: `postgres://$(DB_USER):$(DB_PASSWORD)@${databaseHost(config)}/@@%[${dbNameVar}]s@@?sslmode=${config.database.sslMode}`,
    },
  ];
}
