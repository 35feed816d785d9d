import {
  AckPolicy,
  DeliverPolicy,
  type JetStreamManager,
  RetentionPolicy,
  StorageType,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import type { NatsNames } from '../../common/contracts/nats.js';

/** Consumer and retention settings the engine relies on. */
export interface JetStreamSettings {
  readonly ackWaitMs: number;
  readonly maxDeliver: number;
  /** `max_age` of SPEC_EVENTS: how long users' specification text stays in NATS. */
  readonly eventsMaxAgeMs: number;
}

async function ensureStream(
  jsm: JetStreamManager,
  name: string,
  config: Record<string, unknown>,
): Promise<void> {
  try {
    await jsm.streams.info(name);
  } catch {
    await jsm.streams.add({ name, storage: StorageType.File, ...config });
  }
}

/**
 * Creates the streams of DESIGN §5 and the durable pull consumer when they are missing
 * (never changes existing ones: in clusters where NACK owns them, turn this off with
 * `SPEC_ENGINE_NATS_SETUP=false`).
 */
export async function setupJetStream(
  jsm: JetStreamManager,
  names: NatsNames,
  settings: JetStreamSettings,
): Promise<void> {
  await ensureStream(jsm, names.executionStream, {
    subjects: [names.executeWildcard],
    retention: RetentionPolicy.Workqueue,
  });
  await ensureStream(jsm, names.statusStream, {
    subjects: [names.statusWildcard],
    retention: RetentionPolicy.Limits,
  });
  await ensureStream(jsm, names.eventsStream, {
    subjects: [names.eventsWildcard],
    retention: RetentionPolicy.Limits,
    max_age: nanos(settings.eventsMaxAgeMs),
  });
  try {
    await jsm.consumers.info(names.executionStream, names.consumer);
  } catch {
    await jsm.consumers.add(names.executionStream, {
      durable_name: names.consumer,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(settings.ackWaitMs),
      max_deliver: settings.maxDeliver,
      // One unfiltered consumer per workqueue stream; server 2.9 knows only `filter_subject`.
      filter_subject: names.executeWildcard,
    });
  }
}

/** Deletes the engine's streams (tests clean up their prefixed names with it). */
export async function deleteJetStream(jsm: JetStreamManager, names: NatsNames): Promise<void> {
  for (const stream of [names.executionStream, names.statusStream, names.eventsStream]) {
    await jsm.streams.delete(stream).catch(() => false);
  }
}
