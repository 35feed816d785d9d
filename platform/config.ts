import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

/** Where the Gateway API Gateway that public routes attach to lives, and its listener names. */
export interface GatewayConfig {
  /** Name of the shared Gateway. */
  readonly name: string;
  /** Namespace of the shared Gateway. */
  readonly namespace: string;
  /** Listener (`sectionName`) that terminates TLS. */
  readonly httpsListener: string;
  /** Plain HTTP listener; routes on it only redirect to HTTPS. */
  readonly httpListener: string;
}

/** NATS JetStream facts shared by the workers and KEDA. */
export interface NatsConfig {
  /** Client URL the workers connect to. */
  readonly url: string;
  /** `host:port` of the NATS monitoring endpoint KEDA's nats-jetstream scaler polls. */
  readonly monitoringEndpoint: string;
  /** JetStream account the streams live in (`$G` when accounts are not used). */
  readonly account: string;
  /** Namespace of the NACK streams and consumers. */
  readonly namespace: string;
  /** Hours SPEC_EVENTS keeps run events (they hold users' specification text). @default 24 */
  readonly eventsMaxAgeHours: number;
}

/** The shared PostgreSQL instance (a CNPG Cluster) and how provider-sql reaches it. */
export interface DatabaseConfig {
  /** CNPG `Cluster` name; its read-write Service is `<name>-rw`. */
  readonly instanceName: string;
  /** Namespace of the CNPG Cluster. */
  readonly namespace: string;
  /** provider-sql `ClusterProviderConfig` every composed Role and Database points at. */
  readonly clusterProviderConfigName: string;
  /** Secret (in `namespace`) holding the superuser credentials provider-sql connects with. */
  readonly adminSecretName: string;
  /** PostgreSQL major version image tag for CNPG. */
  readonly imageName: string;
  /** Number of CNPG instances. */
  readonly instances: number;
  /** Persistent volume size per instance. */
  readonly storageSize: string;
  /** `sslmode` provider-sql and the services use. */
  readonly sslMode: 'disable' | 'require' | 'verify-ca' | 'verify-full';
  readonly backup: BackupConfig;
}

/** How the shared PostgreSQL instance is backed up (a CNPG `ScheduledBackup`). */
export interface BackupConfig {
  /** When backups run: CNPG's six-field cron format, seconds first (`0 0 3 * * *` = 03:00 daily). */
  readonly schedule: string;
  /** `VolumeSnapshotClass` of volume snapshot backups; empty means the cluster's default class. */
  readonly volumeSnapshotClassName: string;
  /**
   * Name of a Barman Cloud plugin `ObjectStore` (barmancloud.cnpg.io/v1) in the database namespace.
   * When set, base backups and the WAL archive go there (point-in-time recovery, retention from the
   * ObjectStore's `retentionPolicy`) instead of volume snapshots. Empty means volume snapshots.
   */
  readonly barmanObjectStoreName: string;
}

/** A container image: repository under the registry plus tag. */
export interface ImageConfig {
  /** Repository path under the registry, e.g. `ide-orchestrator`. */
  readonly repository: string;
  /** Immutable tag. */
  readonly tag: string;
}

/** Crossplane package references installed by the platform-once chart. */
export interface PackagesConfig {
  readonly functionPatchAndTransform: string;
  readonly functionCelFilter: string;
  readonly functionAutoReady: string;
  readonly providerSql: string;
}

/** Where Prometheus and Grafana run (kube-prometheus-stack conventions) and how they find our objects. */
export interface MonitoringConfig {
  /** Namespace of Prometheus and Grafana: admitted to scrape the engine, home of the dashboard ConfigMaps. */
  readonly namespace: string;
  /** `app.kubernetes.io/name` of the Prometheus pods the engine's NetworkPolicy admits. */
  readonly prometheusName: string;
  /** Value of the `release` label the operator's serviceMonitorSelector and ruleSelector match. */
  readonly release: string;
  /** Scrape interval of the ServiceMonitors. */
  readonly scrapeInterval: string;
  /** Where `docs/runbooks.md` is published; every alert's `runbook_url` is `<this>#<alert name>`. */
  readonly runbookBaseUrl: string;
}

/** Every environment fact the platform code needs, in one place. */
export interface PlatformConfig {
  /** API group of the XRDs, e.g. `platform.zerotouch.dev`. */
  readonly apiGroup: string;
  /** Served and referenceable version of the XRDs. */
  readonly apiVersion: string;
  /** Environment name stamped into OTEL_RESOURCE_ATTRIBUTES (`deployment.environment`). */
  readonly environment: string;
  /** Public DNS domain; our hostnames are `<name>.<domain>`. */
  readonly domain: string;
  readonly gateway: GatewayConfig;
  readonly nats: NatsConfig;
  readonly database: DatabaseConfig;
  /** OTLP/HTTP collector endpoint for traces. */
  readonly otelEndpoint: string;
  /** Image registry host and path prefix, e.g. `ghcr.io/zerotouch`. */
  readonly imageRegistry: string;
  readonly images: { readonly orchestrator: ImageConfig; readonly specEngine: ImageConfig };
  /** Namespace our own services (the claims) run in. */
  readonly servicesNamespace: string;
  /** Public hostname of the IDE Orchestrator (HTTPS on the shared Gateway); empty means `ide.<domain>`. */
  readonly orchestratorHostname: string;
  /** `SPEC_ENGINE_MODEL` of the Spec Engine (`openai:<model>`, `anthropic:<model>` or `offline`). */
  readonly specEngineModel: string;
  /** `LOG_LEVEL` of our services. */
  readonly logLevel: string;
  /** Namespace Crossplane runs in. */
  readonly crossplaneNamespace: string;
  readonly packages: PackagesConfig;
  readonly monitoring: MonitoringConfig;
}

/** Recursive partial of T, used for overrides. */
export type DeepPartial<T> = { readonly [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** Overrides accepted by resolveConfig. */
export type ConfigOverrides = DeepPartial<PlatformConfig>;

/** The defaults for the production environment. */
export const defaultConfig: PlatformConfig = {
  apiGroup: 'platform.zerotouch.dev',
  apiVersion: 'v1alpha1',
  environment: 'production',
  domain: 'zerotouch.dev',
  gateway: {
    name: 'public-gateway',
    namespace: 'gateway-system',
    httpsListener: 'https',
    httpListener: 'http',
  },
  nats: {
    url: 'nats://nats.nats.svc.cluster.local:4222',
    monitoringEndpoint: 'nats.nats.svc.cluster.local:8222',
    account: '$G',
    namespace: 'nats',
    eventsMaxAgeHours: 24,
  },
  database: {
    instanceName: 'shared-postgres',
    namespace: 'databases',
    clusterProviderConfigName: 'shared-postgres',
    adminSecretName: 'shared-postgres-superuser',
    imageName: 'ghcr.io/cloudnative-pg/postgresql:16.4',
    instances: 2,
    storageSize: '20Gi',
    sslMode: 'require',
    backup: { schedule: '0 0 3 * * *', volumeSnapshotClassName: '', barmanObjectStoreName: '' },
  },
  otelEndpoint: 'http://otel-collector.observability.svc.cluster.local:4318',
  imageRegistry: 'ghcr.io/zerotouch',
  images: {
    orchestrator: { repository: 'ide-orchestrator', tag: '0.1.0' },
    specEngine: { repository: 'deepagents-runtime', tag: '0.1.0' },
  },
  servicesNamespace: 'intelligence',
  orchestratorHostname: '',
  specEngineModel: 'anthropic:claude-sonnet-4-5',
  logLevel: 'info',
  crossplaneNamespace: 'crossplane-system',
  packages: {
    functionPatchAndTransform: 'xpkg.crossplane.io/crossplane-contrib/function-patch-and-transform:v0.10.8',
    functionCelFilter: 'xpkg.crossplane.io/crossplane-contrib/function-cel-filter:v0.2.0',
    functionAutoReady: 'xpkg.crossplane.io/crossplane-contrib/function-auto-ready:v0.5.1',
    providerSql: 'xpkg.crossplane.io/crossplane-contrib/provider-sql:v0.16.0',
  },
  monitoring: {
    namespace: 'monitoring',
    prometheusName: 'prometheus',
    release: 'kube-prometheus-stack',
    scrapeInterval: '30s',
    runbookBaseUrl: 'https://github.com/zerotouch/zerotouch/blob/main/docs/runbooks.md',
  },
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mergeInto(base: Record<string, unknown>, overrides: Record<string, unknown>, at: string) {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const where = at ? `${at}.${key}` : key;
    if (!(key in base)) throw new Error(`config: unknown key '${where}'`);
    if (value === undefined) continue;
    const current = base[key];
    if (isPlainObject(current)) {
      if (!isPlainObject(value)) throw new Error(`config: '${where}' must be an object`);
      out[key] = mergeInto(current, value, where);
    } else {
      if (typeof value !== typeof current) {
        throw new Error(`config: '${where}' must be a ${typeof current}, got ${JSON.stringify(value)}`);
      }
      out[key] = value;
    }
  }
  return out;
}

/**
 * Resolves the platform configuration: defaults, then the file named by `ZT_CONFIG` (JSON or YAML),
 * then explicit overrides. Unknown keys and wrong types throw naming the key.
 * @example resolveConfig({ domain: 'staging.zerotouch.dev', environment: 'staging' })
 */
export function resolveConfig(
  overrides: ConfigOverrides = {},
  env: Record<string, string | undefined> = process.env,
): PlatformConfig {
  let merged = defaultConfig as unknown as Record<string, unknown>;
  const file = env.ZT_CONFIG;
  if (file) merged = mergeInto(merged, readConfigFile(file), '');
  return mergeInto(merged, overrides as Record<string, unknown>, '') as unknown as PlatformConfig;
}

/** Reads a JSON or YAML config override file, failing with the file name. */
export function readConfigFile(file: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`config: cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  if (parsed === null || parsed === undefined) return {};
  if (!isPlainObject(parsed)) throw new Error(`config: ${file} must contain a mapping`);
  return parsed;
}

/** Full image reference (`registry/repository:tag`) for one of our images. */
export function imageRef(config: PlatformConfig, image: ImageConfig): string {
  return `${config.imageRegistry}/${image.repository}:${image.tag}`;
}

/** The orchestrator's public hostname: the configured one, else `ide.<domain>`. */
export function orchestratorHostname(config: PlatformConfig): string {
  return config.orchestratorHostname || `ide.${config.domain}`;
}

/** The `apiVersion` string of our XRs, e.g. `platform.zerotouch.dev/v1alpha1`. */
export function xrApiVersion(config: PlatformConfig): string {
  return `${config.apiGroup}/${config.apiVersion}`;
}
