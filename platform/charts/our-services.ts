/**
 * The claims for our own services: the IDE Orchestrator (WebService) and the Spec Engine worker
 * `deepagents-runtime` (EventDrivenService), both on the shared PostgreSQL instance. Secrets are
 * referenced by name only; their values live in the cluster.
 */
import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { ENV } from '../../common/contracts/env.js';
import { ORCHESTRATOR_DATABASE, SPEC_ENGINE_DATABASE } from '../../common/contracts/databases.js';
import { natsNames } from '../../common/contracts/nats.js';
import { orchestratorCatalog } from '../../orchestrator/observability/index.js';
import { specEngineCatalog } from '../../spec-engine/observability/index.js';
import { EventDrivenService } from '../apis/claims/event-driven-service.js';
import { WebService } from '../apis/claims/webservice.js';
import { imageRef, orchestratorHostname, type PlatformConfig } from '../config.js';
import { syncWaveAnnotations } from './defaulted.js';

/** Secret names the claims reference (created in the services namespace by the operators). */
export const SERVICE_SECRETS = {
  /** AUTH_JWKS_URL, AUTH_ISSUER, AUTH_AUDIENCE (or AUTH_JWT_SECRET). */
  orchestratorAuth: 'ide-orchestrator-auth',
  /** SPEC_ENGINE_TOKEN, shared by both services. */
  specEngineToken: 'spec-engine-token',
  /** OPENAI_API_KEY and/or ANTHROPIC_API_KEY. */
  modelKeys: 'deepagents-runtime-model-keys',
  /** `nats.creds`: the engine's NATS user (JWT + NKey seed), with the permissions of docs/nats-authorization.md. */
  engineNatsCredentials: 'deepagents-runtime-nats-credentials',
  /** `ca.crt` of the NATS server certificate, optionally `tls.crt`/`tls.key` (e.g. from cert-manager). */
  engineNatsTls: 'deepagents-runtime-nats-tls',
} as const;

// The claim names are the Services the ServiceMonitors select, so they are the catalogs' scrape jobs.
const ENGINE_NAME = specEngineCatalog.job;
const ORCHESTRATOR_NAME = orchestratorCatalog.job;
const ENGINE_PORT = 8000;
/** The engine's JetStream names, unprefixed as in production. */
const nats = natsNames();
/** The engine pod's shutdown budget: a preStop pause, then SIGTERM and the grace period. */
const ENGINE_SHUTDOWN = { gracePeriodSeconds: 120, preStopPauseSeconds: 5 };
/** Seconds the engine gives runs to reach a checkpoint: the grace left after the pause, less a margin to exit. */
const ENGINE_DRAIN_SECONDS = ENGINE_SHUTDOWN.gracePeriodSeconds - ENGINE_SHUTDOWN.preStopPauseSeconds - 15;

/** The chart with our two claims. */
export class OurServicesChart extends Chart {
  constructor(scope: Construct, id: string, config: PlatformConfig) {
    super(scope, id);
    const namespace = config.servicesNamespace;
    const hostname = orchestratorHostname(config);
    const annotations = syncWaveAnnotations('claims');
    const otel = [
      { name: ENV.logLevel, value: config.logLevel },
      { name: 'OTEL_TRACES_SAMPLER', value: 'parentbased_always_on' },
    ];
    new WebService(this, ORCHESTRATOR_NAME, {
      name: ORCHESTRATOR_NAME,
      namespace,
      config,
      annotations,
      spec: {
        image: imageRef(config, config.images.orchestrator),
        port: 8080,
        size: 'small',
        // Scale-in closes its sockets with 1001; browsers resume with after_seq on another replica.
        autoscaling: { minReplicas: 2, maxReplicas: 6, targetCPUUtilization: 70 },
        hostname,
        healthPath: '/health',
        readyPath: '/ready',
        database: { name: ORCHESTRATOR_DATABASE },
        initContainer: { command: ['node', 'dist/orchestrator/migrate.js'] },
        secret1Name: SERVICE_SECRETS.orchestratorAuth,
        secret2Name: SERVICE_SECRETS.specEngineToken,
        env: [
          {
            name: ENV.specEngineUrl,
            value: `http://${ENGINE_NAME}.${namespace}.svc.cluster.local:${ENGINE_PORT}`,
          },
          { name: 'SPEC_ENGINE_PATH_PREFIX', value: '/spec-engine' },
          { name: 'CORS_ALLOWED_ORIGINS', value: `https://${hostname}` },
          ...otel,
        ],
      },
    });
    new EventDrivenService(this, ENGINE_NAME, {
      name: ENGINE_NAME,
      namespace,
      config,
      annotations,
      spec: {
        image: imageRef(config, config.images.specEngine),
        size: 'medium',
        nats: {
          url: config.nats.url,
          stream: nats.executionStream,
          consumer: nats.consumer,
          credentialsSecretName: SERVICE_SECRETS.engineNatsCredentials,
          tlsSecretName: SERVICE_SECRETS.engineNatsTls,
        },
        httpPort: ENGINE_PORT,
        healthPath: '/health',
        readyPath: '/ready',
        database: { name: SPEC_ENGINE_DATABASE },
        initContainer: { command: ['node', 'dist/spec-engine/migrate.js'] },
        secret1Name: SERVICE_SECRETS.modelKeys,
        secret2Name: SERVICE_SECRETS.specEngineToken,
        allowedCallers: [{ name: ORCHESTRATOR_NAME }],
        shutdown: ENGINE_SHUTDOWN,
        metricsScraper: { namespace: config.monitoring.namespace, name: config.monitoring.prometheusName },
        env: [
          { name: 'SPEC_ENGINE_MODEL', value: config.specEngineModel },
          { name: 'SPEC_ENGINE_DRAIN_SECONDS', value: String(ENGINE_DRAIN_SECONDS) },
          // NACK owns the streams and the consumer in the cluster.
          { name: 'SPEC_ENGINE_NATS_SETUP', value: 'false' },
          ...otel,
        ],
      },
    });
  }
}
