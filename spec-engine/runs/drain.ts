/**
 * Draining on shutdown: a run in flight is stopped right after its next checkpoint is written, so the
 * worker that takes it over resumes from there instead of repeating the steps this process finished.
 * Runs that reach no checkpoint before the grace period ends are interrupted then (they resume from
 * their last one).
 */
import type { PostgresSaver } from '@langchain/langgraph-checkpoint-postgres';
import type { Logger } from '../../common/observability/index.js';
import { RunInterruptedError } from './interrupted.js';

/** How often a draining run checks for its next checkpoint. */
const POLL_MS = 100;

/** What {@link stopAtNextCheckpoint} watches. */
export interface CheckpointWatch {
  readonly checkpointer: PostgresSaver;
  readonly threadId: string;
  /** Aborted when the process starts draining. */
  readonly draining: AbortSignal;
  /** The run's own controller; aborted with a {@link RunInterruptedError} at the checkpoint. */
  readonly run: AbortController;
  readonly logger: Logger;
}

async function checkpointIdOf(w: CheckpointWatch): Promise<string | undefined> {
  const tuple = await w.checkpointer.getTuple({ configurable: { thread_id: w.threadId } });
  return tuple?.config.configurable?.checkpoint_id as string | undefined;
}

/**
 * Once `draining` fires, waits for the thread's checkpoint id to change (the step in progress
 * was written) and then interrupts the run. Returns a function that stops watching (call it when
 * the run ends by itself).
 */
export function stopAtNextCheckpoint(w: CheckpointWatch): () => void {
  let timer: NodeJS.Timeout | undefined;
  let isDone = false;
  const release = () => {
    isDone = true;
    clearTimeout(timer);
    w.draining.removeEventListener('abort', start);
  };
  async function start() {
    let baseline: string | undefined;
    try {
      baseline = await checkpointIdOf(w);
    } catch {
      // The database is going away too: the grace deadline interrupts the run instead.
      return;
    }
    const poll = async () => {
      if (isDone || w.run.signal.aborted) return;
      const current = await checkpointIdOf(w).catch(() => baseline);
      if (current !== baseline) {
        w.logger.info({ threadId: w.threadId }, 'run reached a checkpoint; stopping it for shutdown');
        w.run.abort(new RunInterruptedError('stopped at a checkpoint: the engine is shutting down'));
        release();
        return;
      }
      timer = setTimeout(() => void poll(), POLL_MS);
    };
    await poll();
  }
  if (w.draining.aborted) void start();
  else w.draining.addEventListener('abort', start, { once: true });
  return release;
}

/**
 * Waits up to `graceMs` for the runs of `pending` to end (each stops at its next checkpoint once
 * draining), then interrupts whatever still runs and waits for it to let go.
 */
export async function drainRuns(
  active: ReadonlyMap<string, AbortController>,
  pending: Iterable<Promise<unknown>>,
  graceMs: number,
): Promise<void> {
  const all = Promise.allSettled([...pending]);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, graceMs);
  });
  await Promise.race([all, deadline]);
  clearTimeout(timer);
  for (const controller of active.values())
    controller.abort(new RunInterruptedError('the engine is shutting down'));
  await all;
}
