/**
 * Environment variables that more than one product sets or reads: the platform's compositions and
 * the local stack set them, the services read them. Settings only one service reads are named
 * where that service reads them.
 */
export const ENV = {
  /** The HTTP port the service listens on (the platform sets it from `spec.port`). */
  port: 'PORT',
  /** The address the service binds; unset binds every interface. */
  host: 'HOST',
  /** pino level of the service's log. */
  logLevel: 'LOG_LEVEL',
  /** The service's own database; unset starts an embedded PostgreSQL server. */
  databaseUrl: 'DATABASE_URL',
  /** Seconds start-up waits for an unavailable database (both services). */
  databaseStartupRetrySeconds: 'DATABASE_STARTUP_RETRY_SECONDS',
  /** The bearer token the Spec Engine requires and the orchestrator sends. */
  specEngineToken: 'SPEC_ENGINE_TOKEN',
  /** The Spec Engine's base URL, for the orchestrator. */
  specEngineUrl: 'SPEC_ENGINE_URL',
  /** NATS servers of the job queue; unset queues jobs in process. */
  natsUrl: 'NATS_URL',
  /** The engine's NATS user (JWT + NKey seed), mounted from a Secret. */
  natsCredsFile: 'NATS_CREDS_FILE',
  natsTlsCaFile: 'NATS_TLS_CA_FILE',
  natsTlsCertFile: 'NATS_TLS_CERT_FILE',
  natsTlsKeyFile: 'NATS_TLS_KEY_FILE',
  /** Client certificate files that are both absent mean "no client certificate". */
  natsTlsCertOptional: 'NATS_TLS_CERT_OPTIONAL',
} as const;
