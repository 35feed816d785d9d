import { hostname } from 'node:os';

/** Tuning of the streaming half: WebSocket proxy limits, finalizer leases, sweeper and cleanup. */
export interface StreamingOptions {
  /** `ORCHESTRATOR_REPLICA_ID`: owner name written into leases. @default host-pid-random */
  readonly replicaId: string;
  /** Largest WebSocket frame either way (16 MiB; one byte more closes with 1009). */
  readonly maxFrameBytes: number;
  /** `WS_HEARTBEAT_SECONDS`: ping interval; a socket that missed one pong is dropped. @default 30 */
  readonly heartbeatMs: number;
  /** `WS_IDLE_TIMEOUT_SECONDS`: close a socket with no frame either way for this long. @default 600 */
  readonly idleTimeoutMs: number;
  /** `WS_MAX_SESSION_SECONDS`: close any socket after this long. @default 3600 */
  readonly maxSessionMs: number;
  /** `WS_MAX_BUFFERED_BYTES`: unsent bytes a slow client may pile up before 1013. @default 32 MiB */
  readonly maxBufferedBytes: number;
  /** `WS_REPLAY_BUFFER_BYTES`: frames a shared upstream keeps for late viewers. @default 8 MiB */
  readonly replayBufferBytes: number;
  /**
   * `WS_REPLAY_BUDGET_BYTES`: bytes of frames all shared upstreams of a replica keep together
   * (the finalizer keeps one open per running refinement). A newcomer an upstream can no longer
   * replay to gets an upstream of its own. @default 64 MiB
   */
  readonly replayBudgetBytes: number;
  /** `STREAM_RECONNECT_ATTEMPTS`: redials after an upstream is lost without `end`. @default 5 */
  readonly reconnectAttempts: number;
  /** `STREAM_RECONNECT_DELAY_MS`: first redial delay (doubles each time). @default 250 */
  readonly reconnectDelayMs: number;
  /** `FINALIZER_LEASE_SECONDS`: a finalizer lease lives this long unless renewed. @default 30 */
  readonly leaseMs: number;
  /** `FINALIZER_POLL_SECONDS`: how often free `processing` proposals are picked up. @default 5 */
  readonly pollMs: number;
  /** `FINALIZER_CLAIM_GRACE_SECONDS`: age before a never-leased proposal is swept (its invoke may still be running). @default 60 */
  readonly claimGraceMs: number;
  /** `FINALIZER_CONCURRENCY`: runs one replica finalizes at once. @default 500 */
  readonly maxFinalizers: number;
  /** `SWEEPER_STUCK_AFTER_SECONDS`: a proposal this old is reconciled from engine state first. @default 1800 */
  readonly stuckAfterMs: number;
  /**
   * `PROPOSAL_MAX_PROCESSING_SECONDS`: a proposal this old whose engine cannot be reached is
   * failed (`engine_unreachable`) instead of waiting forever for an engine that may never return.
   * A run the engine reports as still running is left alone. @default 7200
   */
  readonly maxProcessingMs: number;
  /** `CLEANUP_POLL_SECONDS`: how often the cleanup outbox is read. @default 5 */
  readonly cleanupPollMs: number;
  /** First cleanup retry delay (doubles per attempt). @default 1000 */
  readonly cleanupRetryMs: number;
  /** Longest cleanup retry delay. @default 600_000 */
  readonly cleanupMaxRetryMs: number;
}

/** A streaming setting that is not a positive number. */
export class StreamingConfigError extends Error {
  override readonly name = 'StreamingConfigError';
}

function seconds(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  return number(env, name, fallback / 1000) * 1000;
}

function number(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new StreamingConfigError(`${name} '${raw}' must be a positive number`);
  }
  return value;
}

/** The defaults, overridden by the environment variables named on {@link StreamingOptions}. */
export function loadStreamingOptions(env: NodeJS.ProcessEnv = process.env): StreamingOptions {
  const replicaId =
    env.ORCHESTRATOR_REPLICA_ID?.trim() ||
    `${hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  return {
    replicaId,
    maxFrameBytes: 16 * 1024 * 1024,
    heartbeatMs: seconds(env, 'WS_HEARTBEAT_SECONDS', 30_000),
    idleTimeoutMs: seconds(env, 'WS_IDLE_TIMEOUT_SECONDS', 600_000),
    maxSessionMs: seconds(env, 'WS_MAX_SESSION_SECONDS', 3_600_000),
    maxBufferedBytes: number(env, 'WS_MAX_BUFFERED_BYTES', 32 * 1024 * 1024),
    replayBufferBytes: number(env, 'WS_REPLAY_BUFFER_BYTES', 8 * 1024 * 1024),
    replayBudgetBytes: number(env, 'WS_REPLAY_BUDGET_BYTES', 64 * 1024 * 1024),
    reconnectAttempts: number(env, 'STREAM_RECONNECT_ATTEMPTS', 5),
    reconnectDelayMs: number(env, 'STREAM_RECONNECT_DELAY_MS', 250),
    leaseMs: seconds(env, 'FINALIZER_LEASE_SECONDS', 30_000),
    pollMs: seconds(env, 'FINALIZER_POLL_SECONDS', 5_000),
    claimGraceMs: seconds(env, 'FINALIZER_CLAIM_GRACE_SECONDS', 60_000),
    maxFinalizers: number(env, 'FINALIZER_CONCURRENCY', 500),
    stuckAfterMs: seconds(env, 'SWEEPER_STUCK_AFTER_SECONDS', 1_800_000),
    maxProcessingMs: seconds(env, 'PROPOSAL_MAX_PROCESSING_SECONDS', 7_200_000),
    cleanupPollMs: seconds(env, 'CLEANUP_POLL_SECONDS', 5_000),
    cleanupRetryMs: 1_000,
    cleanupMaxRetryMs: 600_000,
  };
}
