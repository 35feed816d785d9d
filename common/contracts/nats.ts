/**
 * The JetStream contract between the Spec Engine and the platform's NACK objects (DESIGN §5): the
 * stream, consumer and subject names, and the consumer's redelivery limits. The engine creates or
 * expects these; platform/charts/streams.ts renders them for the cluster.
 */

/** Milliseconds a delivered job may stay unacknowledged (the worker extends it with in-progress acks). */
export const ACK_WAIT_MS = 30_000;

/** Deliveries before a job is given up. */
export const MAX_DELIVER = 5;

/** JetStream stream, consumer and subject names of the engine. */
export interface NatsNames {
  readonly executionStream: string;
  readonly statusStream: string;
  readonly eventsStream: string;
  readonly consumer: string;
  /** `agent.execute.<thread_id>` */
  execute(threadId: string): string;
  readonly executeWildcard: string;
  /** `agent.status.completed|failed` */
  status(outcome: 'completed' | 'failed'): string;
  readonly statusWildcard: string;
  /** `spec.events.<thread_id>` */
  events(threadId: string): string;
  readonly eventsWildcard: string;
  /** `spec.deleted.<thread_id>`: core NATS only (no stream), closes streams of a deleted thread. */
  deleted(threadId: string): string;
  /** The JetStream advisory for a job out of deliveries on the engine's consumer. */
  readonly deadLetterAdvisory: string;
  /** Queue group of the advisory subscription: one replica handles each dead job. */
  readonly deadLetterQueue: string;
}

/**
 * The names, optionally under a prefix (`SPEC_ENGINE_NATS_PREFIX`, e.g. `t1`) so that test runs
 * and environments sharing one server never consume each other's jobs. No prefix gives exactly
 * the names of DESIGN §5.
 */
export function natsNames(prefix = ''): NatsNames {
  if (prefix && !/^[A-Za-z0-9_-]+$/.test(prefix)) {
    throw new Error(`SPEC_ENGINE_NATS_PREFIX '${prefix}' may contain only letters, digits, - and _`);
  }
  const s = prefix ? `${prefix}.` : '';
  const consumer = `${prefix ? `${prefix}-` : ''}deepagents-runtime-workers`;
  const S = prefix ? `${prefix.toUpperCase().replace(/-/g, '_')}_` : '';
  return {
    executionStream: `${S}AGENT_EXECUTION`,
    statusStream: `${S}AGENT_STATUS`,
    eventsStream: `${S}SPEC_EVENTS`,
    consumer,
    execute: (threadId) => `${s}agent.execute.${threadId}`,
    executeWildcard: `${s}agent.execute.*`,
    status: (outcome) => `${s}agent.status.${outcome}`,
    statusWildcard: `${s}agent.status.*`,
    events: (threadId) => `${s}spec.events.${threadId}`,
    eventsWildcard: `${s}spec.events.>`,
    deleted: (threadId) => `${s}spec.deleted.${threadId}`,
    deadLetterAdvisory: `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${S}AGENT_EXECUTION.${consumer}`,
    deadLetterQueue: `${consumer}-dead-letters`,
  };
}
