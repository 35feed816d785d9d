import { ExponentialBackoff, handleWhen, retry } from 'cockatiel';
import { ENV } from '../contracts/env.js';
import type { Logger } from '../observability/index.js';
import { isDatabaseUnavailable } from './unavailable.js';

const DEFAULT_SECONDS = 30;

/**
 * `DATABASE_STARTUP_RETRY_SECONDS` in ms (default 30 s; 0 fails at the first error). Throws an
 * error naming the variable when it is not a number >= 0.
 */
export function databaseStartupRetryMs(env: NodeJS.ProcessEnv): number {
  const raw = env[ENV.databaseStartupRetrySeconds]?.trim();
  if (raw === undefined || raw === '') return DEFAULT_SECONDS * 1000;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0)
    throw new Error(`${ENV.databaseStartupRetrySeconds} '${raw}' must be a number of seconds >= 0`);
  return seconds * 1000;
}

/** One retry of a start-up step: what failed and when the next try is. */
export interface StartupRetry {
  readonly step: string;
  readonly attempt: number;
  readonly code: string | undefined;
  readonly delayMs: number;
}

/**
 * Runs a start-up step (migrations, schema set-up) again while the database is unavailable
 * (refused, restarting, its connections terminated), with exponential backoff, for at most
 * `windowMs`. A pod whose database is briefly away then starts instead of exiting into a
 * crash-loop back-off; any other error, or one after the window, is thrown at once.
 */
export async function retryWhileDatabaseUnavailable<T>(
  step: string,
  fn: () => Promise<T>,
  options: {
    readonly windowMs: number;
    /** Gets one warn line per retry. */
    readonly logger?: Pick<Logger, 'warn'>;
    readonly onRetry?: (retry: StartupRetry) => void;
  },
): Promise<T> {
  const deadline = Date.now() + options.windowMs;
  const policy = retry(
    handleWhen((error) => isDatabaseUnavailable(error) && Date.now() < deadline),
    {
      maxAttempts: Number.MAX_SAFE_INTEGER,
      backoff: new ExponentialBackoff({ initialDelay: 250, maxDelay: 4000 }),
    },
  );
  const listener = policy.onRetry((event) => {
    const error = 'error' in event ? event.error : undefined;
    const retry: StartupRetry = {
      step,
      attempt: event.attempt,
      code: (error as { code?: string } | undefined)?.code,
      delayMs: event.delay,
    };
    options.logger?.warn(retry, 'database unavailable at start-up; retrying');
    options.onRetry?.(retry);
  });
  try {
    return await policy.execute(fn);
  } finally {
    listener.dispose();
  }
}
