import type { Logger } from '../../common/observability/index.js';
import type { InvokeRequest } from './invoke-request.js';
import { drainRuns } from './drain.js';
import type { Limiter } from './limiter.js';
import { executeRun, RunInterruptedError, type RunnerDeps, RunSupersededError } from './runner.js';

/** Where invoke puts a job: in process, or NATS JetStream. */
export interface JobQueue {
  /** Hands the job over; it runs later (a rejection means it was not queued). */
  submit(request: InvokeRequest, traceparent?: string): Promise<void>;
  /**
   * Stops taking jobs and waits for the runs of this process: up to `graceMs` for each to stop at
   * its next checkpoint (when draining), then they are interrupted.
   */
  close(graceMs?: number): Promise<void>;
}

/**
 * The in-process queue (no NATS): runs start under the concurrency limit, in order. Runs left
 * unfinished by a previous process are resumed with {@link JobQueue.submit} at start.
 */
export function createLocalQueue(deps: RunnerDeps, limiter: Limiter, logger: Logger): JobQueue {
  const pending = new Set<Promise<unknown>>();
  let isClosed = false;
  return {
    async submit(request) {
      if (isClosed) throw new Error('the engine is shutting down');
      const run = limiter
        .run(() => (isClosed ? Promise.resolve(undefined) : executeRun(deps, request.job_id)))
        .catch((error: unknown) => {
          if (error instanceof RunInterruptedError) {
            logger.info(
              { threadId: request.job_id },
              'run interrupted by shutdown; it resumes at the next start',
            );
          } else if (error instanceof RunSupersededError) {
            logger.warn({ threadId: request.job_id }, 'run taken over by a newer attempt');
          } else {
            logger.error({ err: error, threadId: request.job_id }, 'run failed to record');
          }
        });
      pending.add(run);
      void run.finally(() => pending.delete(run));
    },
    async close(graceMs = 0) {
      isClosed = true;
      await drainRuns(deps.active, pending, graceMs);
    },
  };
}
