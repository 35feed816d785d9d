import { type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '../../common/observability/index.js';
import type { SpecEngineConfig } from '../config.js';
import { createNatsBus, type EventBus } from '../events/fanout.js';
import type { FinishDeps } from '../runs/finish.js';
import type { Limiter } from '../runs/limiter.js';
import type { JobQueue } from '../runs/queue.js';
import type { RunnerDeps } from '../runs/runner.js';
import { watchDeadLetters } from './dead-letter.js';
import { createNatsQueue, type NatsWorker, startNatsWorker } from './intake.js';
import { setupJetStream } from './setup.js';

/** The engine's NATS side, or why it is missing. */
export interface NatsLink {
  /** False when NATS was unreachable at start: the engine then queues in process. */
  readonly isConnected: boolean;
  readonly bus?: EventBus;
  readonly queue: JobQueue;
  /** For `/ready`. */
  status(): { ok: boolean; reason?: string };
  startWorker(deps: RunnerDeps, limiter: Limiter): Promise<NatsWorker>;
  /** Fails runs whose job ran out of deliveries (any replica may do it); returns a stop function. */
  watchDeadLetters(deps: FinishDeps): () => void;
  close(): Promise<void>;
}

function unavailable(reason: string): NatsLink {
  return {
    isConnected: false,
    queue: {
      submit: async () => {
        throw new Error(reason);
      },
      close: async () => {},
    },
    status: () => ({ ok: false, reason }),
    startWorker: async () => {
      throw new Error(reason);
    },
    watchDeadLetters: () => () => {},
    close: async () => {},
  };
}

/**
 * Connects to NATS, creates the streams and consumer when asked to, and wires the JetStream
 * queue and event bus. When NATS is unreachable the engine still serves HTTP with the
 * in-process queue, and `/ready` answers 503 with the reason.
 */
export async function connectNats(config: SpecEngineConfig, logger: Logger): Promise<NatsLink> {
  const url = config.natsUrl ?? '';
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  try {
    nc = await connect({ servers: url, timeout: 2000, maxReconnectAttempts: -1, reconnectTimeWait: 1000 });
    jsm = await jetstreamManager(nc);
    if (config.natsSetup) {
      await setupJetStream(jsm, config.nats, {
        ackWaitMs: config.ackWaitMs,
        maxDeliver: config.maxDeliver,
      });
    }
  } catch (error) {
    const reason = `NATS unreachable at ${url} at start (${(error as Error).message}); jobs run in process`;
    logger.error({ err: error }, reason);
    return unavailable(reason);
  }
  const js = jetstream(nc);
  let isUp = true;
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect') isUp = false;
      if (s.type === 'reconnect') isUp = true;
    }
  })().catch(() => {});
  return {
    isConnected: true,
    bus: createNatsBus(
      nc,
      (threadId) => config.nats.events(threadId),
      (threadId) => config.nats.deleted(threadId),
    ),
    queue: createNatsQueue(js, config.nats),
    status: () =>
      nc.isClosed()
        ? { ok: false, reason: 'NATS connection closed' }
        : isUp
          ? { ok: true }
          : { ok: false, reason: `NATS disconnected from ${url}; reconnecting` },
    startWorker: (deps, limiter) =>
      startNatsWorker({ js, names: config.nats, deps, limiter, logger, ackWaitMs: config.ackWaitMs }),
    watchDeadLetters(deps) {
      const { maxDeliver } = config;
      const sub = watchDeadLetters({ nc, jsm, js, names: config.nats, deps, logger, maxDeliver });
      return () => sub.unsubscribe();
    },
    async close() {
      await nc.drain().catch(() => nc.close());
    },
  };
}
