import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { Logger } from '../../common/observability/index.js';
import { type FinishDeps, failLostRun } from '../runs/finish.js';
import type { NatsNames } from '../../common/contracts/nats.js';
import { publishResult } from './results.js';

/** Options of {@link watchDeadLetters}. */
export interface DeadLetterOptions {
  readonly nc: NatsConnection;
  readonly jsm: JetStreamManager;
  readonly js: JetStreamClient;
  readonly names: NatsNames;
  readonly deps: FinishDeps;
  readonly logger: Logger;
  readonly maxDeliver: number;
}

/**
 * Fails the runs whose job ran out of deliveries (every worker died on it). JetStream keeps
 * such a message in the workqueue undelivered and only says so in the MAX_DELIVERIES advisory:
 * the run is failed (`error`, `end`, result CloudEvent) and the message removed.
 */
export function watchDeadLetters(options: DeadLetterOptions): Subscription {
  const { nc, jsm, names, logger } = options;
  // A queue group: one replica handles each advisory.
  return nc.subscribe(names.deadLetterAdvisory, {
    queue: names.deadLetterQueue,
    callback: (error, msg) => {
      if (error) return;
      void (async () => {
        const advisory = msg.json<{ stream_seq: number }>();
        const stored = await jsm.streams.getMessage(names.executionStream, { seq: advisory.stream_seq });
        if (!stored) return;
        const threadId = stored.subject.split('.').at(-1) ?? '';
        const reason = `the job was delivered ${options.maxDeliver} times and no worker finished it`;
        const outcome = await failLostRun(options.deps, threadId, reason);
        if (outcome) await publishResult(options.js, names, threadId, outcome);
        await jsm.streams.deleteMessage(names.executionStream, advisory.stream_seq);
        logger.warn({ threadId }, reason);
      })().catch((e: unknown) => logger.error({ err: e }, 'could not handle a dead job'));
    },
  });
}
