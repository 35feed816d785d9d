import { inject } from 'vitest';

/** The NATS URL for tests, or '' when none is reachable (then {@link natsSkipReason} says why). */
export function testNatsUrl(): string {
  return inject('natsUrl');
}

/** Why NATS tests are skipped on this machine ('' when they run). */
export function natsSkipReason(): string {
  const reason = inject('natsSkipReason');
  if (reason) console.warn(`[skip] ${reason}`);
  return reason;
}
