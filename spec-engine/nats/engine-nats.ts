import type { Sql } from '../../common/db/index.js';
import type { Logger } from '../../common/observability/index.js';
import { createLocalBus, createSwitchableBus, type EventBus } from '../events/fanout.js';
import type { Limiter } from '../runs/limiter.js';
import type { JobQueue } from '../runs/queue.js';
import { queuedRuns } from '../runs/registry.js';
import type { RunnerDeps } from '../runs/runner.js';
import { connectNats, type NatsLink, NatsUnreachableError } from './connect.js';
import type { NatsLinkConfig } from './connection-settings.js';
import type { NatsWorker } from './intake.js';
import { type NatsRetry, retryNatsConnect } from './retry-connect.js';

/** What the NATS side needs to take work (see {@link EngineNats.start}). */
export interface NatsWiring {
  readonly deps: RunnerDeps;
  readonly limiter: Limiter;
  /**
   * Gets the error when NATS, reached in the background, refuses the engine (credentials,
   * certificate, permission) or its worker cannot start: the process must stop, as at start.
   */
  readonly onFatal: (error: Error) => void;
}

/** The engine's NATS side: connected at start, or connecting in the background. */
export interface EngineNats {
  /** In process until NATS connects, then NATS. */
  readonly bus: EventBus;
  /** Publishes jobs to JetStream; until NATS connects, a job waits as its `queued` run record. */
  readonly queue: JobQueue;
  /** For `/ready`. */
  status(): { ok: boolean; reason?: string };
  /**
   * Starts the worker and the dead-letter watch and publishes the jobs of `queued` runs that have
   * none: now when connected (errors are thrown), else once NATS answers (errors go to `onFatal`).
   */
  start(wiring: NatsWiring): Promise<void>;
  /** Stops connecting, the dead-letter watch and the worker (its runs get up to `graceMs`). */
  stop(graceMs: number): Promise<void>;
  /** Closes the connection. */
  close(): Promise<void>;
}

/**
 * Publishes a job for every `queued` run whose job is not in the execution stream: those accepted
 * while NATS was unreachable, here or on a replica that stopped before NATS came back. The job id
 * is the message id, so replicas doing this at once publish each job once (JetStream drops the
 * duplicate), and a worker never starts a run that is not `queued` or `running`.
 */
async function publishQueuedJobs(sql: Sql, link: NatsLink, logger: Logger): Promise<void> {
  let published = 0;
  for (const run of await queuedRuns(sql)) {
    if (await link.hasJob(run.threadId)) continue;
    await link.queue.submit(run.request);
    published++;
  }
  if (published > 0) logger.info({ jobs: published }, 'published the jobs of runs waiting for NATS');
}

/**
 * The queue while NATS is unreachable. An accepted job is its run record alone (`queued` in
 * `spec_runs`, the database the engine needs anyway), published once NATS answers. It does not
 * run in process: such a run would have no job in JetStream, so nothing would resume it after a
 * crash, and its job published later would run it a second time.
 */
function waitingQueue(logger: Logger): JobQueue & { switchTo(next: JobQueue): void } {
  let target: JobQueue | undefined;
  let isClosed = false;
  return {
    async submit(request, traceparent) {
      if (target) return target.submit(request, traceparent);
      if (isClosed) throw new Error('the engine is shutting down');
      logger.info({ threadId: request.job_id }, 'NATS unreachable: the job waits queued until it answers');
    },
    async close(graceMs) {
      isClosed = true;
      await target?.close(graceMs);
    },
    switchTo(next) {
      target = next;
    },
  };
}

/**
 * Connects to NATS. A refusal is thrown (start-up stops); when NATS is unreachable the engine
 * starts anyway, keeps trying in the background and is not ready until NATS answers.
 */
export async function openEngineNats(
  config: NatsLinkConfig & { readonly isWorker: boolean },
  logger: Logger,
): Promise<EngineNats> {
  let link: NatsLink | undefined;
  let retry: NatsRetry | undefined;
  try {
    link = await connectNats(config, logger);
  } catch (error) {
    if (!(error instanceof NatsUnreachableError)) throw error;
    retry = retryNatsConnect(config, logger, error);
  }
  const bus = createSwitchableBus(link?.bus ?? createLocalBus());
  const queue = waitingQueue(logger);
  if (link) queue.switchTo(link.queue);
  let isWired = false;
  let worker: NatsWorker | undefined;
  let stopDeadLetters = () => {};
  let pending: Promise<void> = Promise.resolve();

  const wire = async (connected: NatsLink, wiring: NatsWiring) => {
    link = connected;
    // Queue first: a job accepted from now on is published, one accepted before is in the scan below.
    queue.switchTo(connected.queue);
    bus.switchTo(connected.bus);
    if (config.isWorker) worker = await connected.startWorker(wiring.deps, wiring.limiter);
    stopDeadLetters = connected.watchDeadLetters(wiring.deps);
    await publishQueuedJobs(wiring.deps.sql, connected, logger).catch((error: unknown) =>
      logger.warn(
        { reason: (error as Error).message },
        'could not publish the jobs of runs waiting for NATS; the next engine start publishes them',
      ),
    );
    isWired = true;
  };

  return {
    bus,
    queue,
    status() {
      if (!link) return { ok: false, reason: retry?.reason() ?? 'NATS not connected' };
      if (!isWired) return { ok: false, reason: 'NATS connected; starting the worker' };
      return link.status();
    },
    async start(wiring) {
      if (link) return wire(link, wiring);
      pending = retry!.connected
        .then(async (connected) => {
          if (connected) await wire(connected, wiring);
        })
        .catch((error: unknown) => wiring.onFatal(error instanceof Error ? error : new Error(String(error))));
    },
    async stop(graceMs) {
      retry?.stop();
      await pending;
      stopDeadLetters();
      await worker?.stop(graceMs);
    },
    async close() {
      await link?.close();
    },
  };
}
