import type { JetStreamClient } from '@nats-io/jetstream';
import type { RunOutcome } from '../runs/runner.js';
import { cloudEvent } from './cloud-event.js';
import type { NatsNames } from '../../common/contracts/nats.js';

/** CloudEvent types of run results. */
export const RESULT_TYPES = {
  completed: 'dev.zerotouch.spec.completed',
  failed: 'dev.zerotouch.spec.failed',
} as const;

/**
 * Publishes a run's outcome to `agent.status.completed|failed` as a CloudEvent. The message id
 * makes a second publish of the same outcome (a redelivered job) a no-op.
 */
export async function publishResult(
  js: JetStreamClient,
  names: NatsNames,
  threadId: string,
  outcome: RunOutcome,
): Promise<void> {
  const data =
    outcome.status === 'completed'
      ? { thread_id: threadId, job_id: threadId, status: outcome.status, result: outcome.result }
      : { thread_id: threadId, job_id: threadId, status: outcome.status, error: outcome.error };
  const event = cloudEvent(RESULT_TYPES[outcome.status], data, threadId);
  await js.publish(names.status(outcome.status), JSON.stringify(event), {
    msgID: `${threadId}:${outcome.status}`,
  });
}
