import type { Logger } from '../../common/observability/index.js';

/** A pass that runs now, then every interval. */
export interface Periodic {
  /** Runs a pass now, or joins the one running; resolves with what it counted (0 when it failed). */
  runOnce(): Promise<number>;
  /** Stops the timer; resolves once a pass in progress has finished. */
  stop(): Promise<void>;
}

/**
 * Runs `pass` now and every `intervalMs`, never two at once; a failed pass is logged as
 * `failure` and counts 0, and the next tick tries again. The timer keeps no process alive.
 */
export function runPeriodically(
  pass: () => Promise<number>,
  intervalMs: number,
  logger: Logger,
  failure: string,
): Periodic {
  let running: Promise<number> | undefined;
  const runOnce = () => {
    running ??= pass()
      .catch((error: unknown) => {
        logger.error({ err: error }, failure);
        return 0;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = setInterval(() => void runOnce(), intervalMs);
  timer.unref();
  void runOnce();
  return {
    runOnce,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
