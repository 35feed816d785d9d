import type { Sql } from '../../common/db/index.js';
import type { Logger } from '../../common/observability/index.js';
import {
  type CleanupJob,
  claimCleanups,
  markCleanupDone,
  scheduleCleanupRetry,
} from '../db/cleanup-outbox.js';
import type { SpecEngineClient } from '../engine/spec-engine-client.js';
import { purgeDeletedWorkflows } from '../services/workflows.js';
import type { StreamingOptions } from '../settings/streaming-options.js';
import type { OrchestratorMetrics } from '../observability/metrics.js';
import { type Periodic, runPeriodically } from './periodic.js';

/** How long a claimed cleanup is hidden from other replicas while its DELETE runs. */
const CLAIM_MS = 60_000;
const BATCH = 20;

/** A running cleanup worker: `runOnce` runs a pass now (it also wakes every `cleanupPollMs`). */
export type CleanupWorker = Periodic;

/**
 * Starts the cleanup outbox worker: each pending proposal's engine thread is deleted with
 * `DELETE {prefix}/threads/{thread_id}`, retried with exponential backoff until the engine
 * answers 2xx; a 404 means it was already gone (logged). The state is on the proposal
 * (`cleanup_state`, `cleanup_attempts`, `cleanup_error`). Nothing is claimed until the engine
 * answers `/ready`: an engine still starting (a restart, pods started out of order) is not a
 * failure to retry. Give it a client of its own, so its failures never open the breaker user
 * requests go through. Each pass then purges the deleted workflows whose threads are all gone.
 */
export function startCleanupWorker(
  sql: Sql,
  engine: SpecEngineClient,
  options: StreamingOptions,
  metrics: OrchestratorMetrics,
  logger: Logger,
): CleanupWorker {
  const handle = async (job: CleanupJob) => {
    const log = logger.child({ proposalId: job.id, workflowId: job.workflow_id, threadId: job.thread_id });
    try {
      const existed = await engine.deleteThread(job.thread_id);
      if (existed) {
        metrics.cleanup('deleted');
        log.info({ attempts: job.cleanup_attempts }, 'engine thread deleted');
        await markCleanupDone(sql, job.id, null);
      } else {
        metrics.cleanup('already_gone');
        log.info({ attempts: job.cleanup_attempts }, 'engine thread already gone (404)');
        await markCleanupDone(sql, job.id, 'already gone (engine answered 404)');
      }
    } catch (error) {
      const delay = Math.min(
        options.cleanupMaxRetryMs,
        options.cleanupRetryMs * 2 ** (job.cleanup_attempts - 1),
      );
      const message = error instanceof Error ? error.message : String(error);
      metrics.cleanup('retry');
      log.warn(
        { attempts: job.cleanup_attempts, retryInMs: delay, reason: message },
        'engine thread cleanup failed; will retry',
      );
      await scheduleCleanupRetry(sql, job.id, delay, message.slice(0, 500));
    }
  };
  let isWaitingLogged = false;
  const drain = async (): Promise<number> => {
    if (!(await engine.isReady())) {
      if (!isWaitingLogged) logger.info('cleanup waits for the Spec Engine to be ready');
      isWaitingLogged = true;
      return 0;
    }
    isWaitingLogged = false;
    let total = 0;
    for (;;) {
      const jobs = await claimCleanups(sql, BATCH, CLAIM_MS);
      await Promise.all(jobs.map(handle));
      total += jobs.length;
      if (jobs.length < BATCH) return total;
    }
  };
  // Deleted workflows go once their threads are cleaned up (one with none needs no engine).
  const purge = async (): Promise<void> => {
    for (;;) {
      const purged = await purgeDeletedWorkflows(sql);
      if (purged.length > 0) logger.info({ workflowIds: purged }, 'deleted workflows purged');
      if (purged.length === 0) return;
    }
  };
  const pass = async (): Promise<number> => {
    const total = await drain();
    await purge();
    return total;
  };
  return runPeriodically(pass, options.cleanupPollMs, logger, 'cleanup pass failed');
}
