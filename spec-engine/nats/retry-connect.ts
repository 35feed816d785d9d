import { setTimeout as sleep } from 'node:timers/promises';
import { ExponentialBackoff, handleType, noJitterGenerator, retry } from 'cockatiel';
import type { Logger } from '../../common/observability/index.js';
import { connectNats, type NatsLink, NatsUnreachableError } from './connect.js';
import type { NatsLinkConfig } from './connection-settings.js';

/** Delays between connection attempts: a second, doubling, never above 30 s. */
const NATS_RETRY_DELAYS = { initialDelay: 1000, maxDelay: 30_000 } as const;

/** Connecting to NATS in the background. */
export interface NatsRetry {
  /** Why the engine is not ready: the servers, the last error and how many attempts failed. */
  reason(): string;
  /**
   * Resolves with the link once NATS answers, or with undefined after {@link NatsRetry.stop};
   * rejects when NATS refuses (`NatsRefusedError`) or anything but unreachability goes wrong.
   */
  readonly connected: Promise<NatsLink | undefined>;
  /** Stops retrying at once (a connection made meanwhile is closed). */
  stop(): void;
}

/**
 * Tries {@link connectNats} again, with exponential backoff, for as long as NATS is unreachable
 * (`first` is the failure of the attempt at start). Each failure is one warn line without a stack;
 * a refusal is not retried: it rejects `connected`, since no number of tries fixes credentials.
 */
export function retryNatsConnect(
  config: NatsLinkConfig,
  logger: Logger,
  first: NatsUnreachableError,
): NatsRetry {
  let attempts = 1;
  let lastError = first.message;
  const servers = config.natsConnection?.servers.join(',');
  const stopping = new AbortController();
  const policy = retry(handleType(NatsUnreachableError), {
    maxAttempts: Number.MAX_SAFE_INTEGER,
    backoff: new ExponentialBackoff({ ...NATS_RETRY_DELAYS, generator: noJitterGenerator }),
    // A pending delay must not keep a stopping process alive.
  }).dangerouslyUnref();
  const warn = (delayMs: number) =>
    logger.warn(
      { servers, attempt: attempts, retryInMs: Math.round(delayMs), reason: lastError },
      'NATS unreachable; retrying',
    );
  const listeners = [
    policy.onFailure(({ reason }) => {
      if ('error' in reason && reason.error instanceof NatsUnreachableError) {
        attempts++;
        lastError = reason.error.message;
      }
    }),
    policy.onRetry((event) => warn(event.delay)),
  ];
  warn(NATS_RETRY_DELAYS.initialDelay);
  const attempt = policy.execute(async ({ signal, attempt: retries }) => {
    // The attempt at start failed just now: the first retry waits like the later ones.
    if (retries === 0) await sleep(NATS_RETRY_DELAYS.initialDelay, undefined, { signal, ref: false });
    const link = await connectNats(config, logger);
    if (signal.aborted) {
      await link.close();
      return undefined;
    }
    return link;
  }, stopping.signal);
  const stopped = new Promise<undefined>((resolve) => {
    stopping.signal.addEventListener('abort', () => resolve(undefined), { once: true });
  });
  // After a stop, whatever the pending attempt ends with is of no interest.
  attempt
    .catch(() => {})
    .finally(() => {
      for (const listener of listeners) listener.dispose();
    });
  return {
    reason: () =>
      `${lastError}; ${attempts} attempt${attempts === 1 ? '' : 's'} failed, retrying (jobs wait queued until NATS answers)`,
    connected: Promise.race([attempt, stopped]).catch((error: unknown) => {
      if (stopping.signal.aborted) return undefined;
      throw error;
    }),
    stop: () => stopping.abort(),
  };
}
