import { randomUUID } from 'node:crypto';
import { type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '../../common/observability/index.js';
import { createNatsBus, type EventBus } from '../events/fanout.js';
import type { FinishDeps } from '../runs/finish.js';
import type { Limiter } from '../runs/limiter.js';
import type { JobQueue } from '../runs/queue.js';
import type { RunnerDeps } from '../runs/runner.js';
import type { NatsLinkConfig } from './connection-settings.js';
import { watchDeadLetters } from './dead-letter.js';
import { createNatsQueue, type NatsWorker, startNatsWorker } from './intake.js';
import { describeIdentity, natsConnectOptions } from './connection-settings.js';
import type { NatsNames } from '../../common/contracts/nats.js';
import { NatsRefusedError, refusalReason, refusedError, watchPermissionViolations } from './refusal.js';
import { setupJetStream } from './setup.js';
import { probeTls } from './tls-probe.js';

/** A connection to NATS with the engine's streams, consumer and subjects checked. */
export interface NatsLink {
  readonly bus: EventBus;
  readonly queue: JobQueue;
  /** For `/ready`. */
  status(): { ok: boolean; reason?: string };
  /** True when the execution stream holds a job for the thread (published, not yet acknowledged). */
  hasJob(threadId: string): Promise<boolean>;
  startWorker(deps: RunnerDeps, limiter: Limiter): Promise<NatsWorker>;
  /** Fails runs whose job ran out of deliveries (any replica may do it); returns a stop function. */
  watchDeadLetters(deps: FinishDeps): () => void;
  close(): Promise<void>;
}

/** NATS did not answer (down, unreachable, too slow): worth trying again, unlike a refusal. */
export class NatsUnreachableError extends Error {
  readonly code = 'nats_unreachable';
}

/**
 * Subscribes and publishes once on the subjects the engine uses at run time (a random thread's,
 * which nobody else uses), so that a missing permission stops start-up instead of failing runs.
 */
async function checkSubjects(nc: NatsConnection, names: NatsNames): Promise<void> {
  const probe = `permission-check-${randomUUID()}`;
  const subs = [
    nc.subscribe(names.events(probe)),
    nc.subscribe(names.deleted(probe)),
    nc.subscribe(names.deadLetterAdvisory, { queue: names.deadLetterQueue }),
  ];
  nc.publish(names.deleted(probe));
  // The server answers the PING after any -ERR; one more turn lets the status iterator see it.
  await nc.flush();
  await new Promise((resolve) => setTimeout(resolve, 0));
  for (const sub of subs) sub.unsubscribe();
}

/**
 * Connects to NATS once, creates the streams and consumer when asked to, checks the subjects and
 * wires the JetStream queue and event bus. Throws {@link NatsUnreachableError} when NATS does not
 * answer (the caller retries, see `retryNatsConnect`) and {@link NatsRefusedError} when it refuses
 * (credentials, certificate, permission): retrying would not help.
 */
export async function connectNats(config: NatsLinkConfig, logger: Logger): Promise<NatsLink> {
  const settings = config.natsConnection;
  if (!settings) throw new Error('connectNats needs NATS_URL');
  const servers = settings.servers.join(',');
  const options = await natsConnectOptions(settings);
  let nc: NatsConnection | undefined;
  let jsm: JetStreamManager;
  try {
    nc = await connect({ ...options, timeout: 2000, maxReconnectAttempts: -1, reconnectTimeWait: 1000 });
    const refusals = watchPermissionViolations(nc, (reason) =>
      logger.error({ servers, identity: describeIdentity(settings.auth) }, `NATS refused: ${reason}`),
    );
    jsm = await jetstreamManager(nc);
    if (config.natsSetup) {
      await setupJetStream(jsm, config.nats, {
        ackWaitMs: config.ackWaitMs,
        maxDeliver: config.maxDeliver,
        eventsMaxAgeMs: config.eventsMaxAgeMs,
      });
    }
    await checkSubjects(nc, config.nats);
    const [refused] = refusals.violations();
    if (refused) throw refusedError(settings, refused);
  } catch (error) {
    await nc?.close().catch(() => {});
    if (error instanceof NatsRefusedError) throw error;
    const refused =
      refusalReason(error) ??
      (settings.tls ? await probeTls(settings.servers[0]!, options.tls ?? {}) : undefined);
    if (refused) throw refusedError(settings, refused, error);
    throw new NatsUnreachableError(`NATS unreachable at ${servers} (${(error as Error).message})`, {
      cause: error,
    });
  }
  logger.info(
    {
      servers,
      identity: describeIdentity(settings.auth),
      tls: Boolean(settings.tls),
      clientCertificate: Boolean(options.tls?.cert),
      server: nc.info?.server_name,
    },
    'NATS connected',
  );
  return linkOf(nc, jsm, config, logger, servers);
}

function linkOf(
  nc: NatsConnection,
  jsm: JetStreamManager,
  config: NatsLinkConfig,
  logger: Logger,
  servers: string,
): NatsLink {
  const js = jetstream(nc);
  let isUp = true;
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect') isUp = false;
      if (s.type === 'reconnect') isUp = true;
    }
  })().catch(() => {});
  return {
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
          : { ok: false, reason: `NATS disconnected from ${servers}; reconnecting` },
    async hasJob(threadId) {
      const stored = await jsm.streams.getMessage(config.nats.executionStream, {
        last_by_subj: config.nats.execute(threadId),
      });
      return stored !== null;
    },
    async startWorker(deps, limiter) {
      const settings = config.natsConnection!;
      return startNatsWorker({
        js,
        names: config.nats,
        deps,
        limiter,
        logger,
        ackWaitMs: config.ackWaitMs,
      }).catch((error: unknown) => {
        const refused = refusalReason(error);
        throw refused ? refusedError(settings, refused, error) : error;
      });
    },
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
