import type { Consumer, JetStreamClient, JsMsg } from '@nats-io/jetstream';
import type { Logger } from '../../common/observability/index.js';
import type { InvokeRequest } from '../runs/invoke-request.js';
import { parseInvokeRequest } from '../runs/invoke-request.js';
import type { Limiter } from '../runs/limiter.js';
import type { JobQueue } from '../runs/queue.js';
import { createRun } from '../runs/registry.js';
import { drainRuns } from '../runs/drain.js';
import { executeRun, RunInterruptedError, type RunnerDeps, RunSupersededError } from '../runs/runner.js';
import { type CloudEvent, cloudEvent, traceHeaders } from './cloud-event.js';
import type { NatsNames } from '../../common/contracts/nats.js';
import { publishResult } from './results.js';

/** CloudEvent type of a job. */
export const EXECUTE_TYPE = 'dev.zerotouch.spec.execute';

/**
 * The JetStream queue: invoke publishes the job as a CloudEvent to `agent.execute.<thread_id>`
 * with `job_id` as the message id (JetStream drops a duplicate within its window) and W3C
 * trace context in the headers.
 */
export function createNatsQueue(js: JetStreamClient, names: NatsNames): JobQueue {
  return {
    async submit(request, traceparent) {
      const event = cloudEvent(EXECUTE_TYPE, request, request.job_id);
      await js.publish(names.execute(request.job_id), JSON.stringify(event), {
        msgID: request.job_id,
        headers: traceHeaders(request.trace_id, traceparent),
      });
    },
    async close() {},
  };
}

/** Options of {@link startNatsWorker}. */
export interface WorkerOptions {
  readonly js: JetStreamClient;
  readonly names: NatsNames;
  readonly deps: RunnerDeps;
  readonly limiter: Limiter;
  readonly logger: Logger;
  readonly ackWaitMs: number;
}

/** A running worker loop. */
export interface NatsWorker {
  /**
   * Stops taking jobs, gives the runs in flight up to `graceMs` to stop at their next checkpoint
   * (when draining), interrupts the rest and hands every unfinished job back to the stream.
   */
  stop(graceMs?: number): Promise<void>;
}

async function handle(msg: JsMsg, options: WorkerOptions, pullsClosed: Promise<void>): Promise<void> {
  const { deps, logger, limiter, ackWaitMs } = options;
  let request: InvokeRequest;
  try {
    const event = msg.json<CloudEvent<unknown>>();
    const parsed = parseInvokeRequest(event.data);
    if (!parsed.ok) throw new Error(`${parsed.field}: ${parsed.message}`);
    request = parsed.value;
  } catch (error) {
    logger.error({ err: error, subject: msg.subject }, 'dropping a malformed job');
    msg.term();
    return;
  }
  const threadId = request.job_id;
  // In-progress acks keep a long run from being redelivered while this worker lives.
  const heartbeat = setInterval(() => msg.working(), Math.max(250, Math.floor(ackWaitMs / 3)));
  try {
    // A job published by another producer has no run record yet. A deleted thread's job (its
    // worker died, and the thread was deleted before the redelivery) is dropped, not run again.
    if ((await createRun(deps.sql, threadId, request)) === 'deleted') {
      // A worker that ran it after the delete (paused, then killed) may have left a checkpoint.
      await deps.checkpointer.deleteThread(threadId);
      logger.info({ threadId }, 'dropping the job of a deleted thread');
      msg.ack();
      return;
    }
    const outcome = await limiter.run(() => executeRun(deps, threadId));
    if (outcome) await publishResult(options.js, options.names, threadId, outcome);
    msg.ack();
  } catch (error) {
    if (error instanceof RunInterruptedError) {
      // Shutting down: hand the job back now, another worker resumes it from the checkpoint.
      // Not before this worker's last pull has closed: a job handed back into an open pull comes
      // straight back here, and each round trip spends one of its max_deliver deliveries.
      await pullsClosed;
      logger.info({ threadId }, 'run handed back for shutdown; another worker resumes it');
      msg.nak();
      return;
    }
    if (error instanceof RunSupersededError) {
      // Paused past the ack wait: the job's current delivery is the newer attempt's, leave it be.
      logger.warn({ threadId }, 'run taken over by another worker; this attempt stops');
      return;
    }
    logger.error(
      { err: error, threadId, delivery: msg.info.deliveryCount },
      'job failed; it will be redelivered',
    );
    msg.nak(1000);
  } finally {
    clearInterval(heartbeat);
  }
}

/**
 * Pulls jobs from the durable consumer `deepagents-runtime-workers` with explicit acks, never
 * more than the concurrency limit has room for. A job whose worker died is redelivered after
 * `ack_wait` and resumes from its last checkpoint (see `executeRun`).
 */
export async function startNatsWorker(options: WorkerOptions): Promise<NatsWorker> {
  const { js, names, limiter, logger } = options;
  const consumer: Consumer = await js.consumers.get(names.executionStream, names.consumer);
  const inFlight = new Set<Promise<void>>();
  let isStopped = false;
  let closePulls = () => {};
  const pullsClosed = new Promise<void>((resolve) => {
    closePulls = resolve;
  });
  const loop = (async () => {
    while (!isStopped) {
      const room = limiter.free - inFlight.size + limiter.running;
      if (room <= 0) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      try {
        const batch = await consumer.fetch({ max_messages: room, expires: 1000 });
        for await (const msg of batch) {
          const job = handle(msg, options, pullsClosed);
          inFlight.add(job);
          void job.finally(() => inFlight.delete(job));
        }
      } catch (error) {
        if (isStopped) break;
        logger.warn({ err: error }, 'fetching jobs failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  })().finally(closePulls);
  return {
    async stop(graceMs = 0) {
      isStopped = true;
      await loop;
      await drainRuns(options.deps.active, inFlight, graceMs);
    },
  };
}
