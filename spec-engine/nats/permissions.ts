import type { NatsNames } from '../../common/contracts/nats.js';

/** The subjects a NATS user may publish and subscribe to (nats-server `permissions` allow lists). */
export interface NatsPermissions {
  readonly publish: readonly string[];
  readonly subscribe: readonly string[];
}

/** A subject of the JetStream API (nats-server 2.9 `server/jetstream_api.go`). */
function api(path: string): string {
  return `$JS.API.${path}`;
}

/**
 * The least privilege of the Spec Engine's NATS user, derived from the same names it uses
 * (DESIGN §5): its own subjects, the replies to its requests, and exactly the JetStream API calls
 * it makes. Stream and consumer creation is included only when `isSetup`
 * (`SPEC_ENGINE_NATS_SETUP`, off where NACK owns them).
 */
export function enginePermissions(names: NatsNames, isSetup: boolean): NatsPermissions {
  const streams = [names.executionStream, names.statusStream, names.eventsStream];
  const consumer = `${names.executionStream}.${names.consumer}`;
  const setup = isSetup
    ? [
        ...streams.flatMap((s) => [api(`STREAM.INFO.${s}`), api(`STREAM.CREATE.${s}`)]),
        // Servers from 2.9 on take `CONSUMER.CREATE.<stream>.<name>.<filter>` (nats.js jsmconsumer_api).
        api(`CONSUMER.CREATE.${consumer}.>`),
      ]
    : [];
  return {
    publish: [
      // Jobs (invoke), results, run events and thread deletions.
      names.executeWildcard,
      names.statusWildcard,
      names.eventsWildcard,
      names.deleted('*'),
      // jetstreamManager() checks the account once at connect.
      api('INFO'),
      ...setup,
      // The worker: look up its consumer, pull jobs, ack / nak / in-progress.
      api(`CONSUMER.INFO.${consumer}`),
      api(`CONSUMER.MSG.NEXT.${consumer}`),
      `$JS.ACK.${consumer}.>`,
      // Dead letters: read the job the advisory names, then remove it.
      api(`STREAM.MSG.GET.${names.executionStream}`),
      api(`STREAM.MSG.DELETE.${names.executionStream}`),
    ],
    subscribe: [
      // Replies to JetStream API requests, publish acks and pulled messages.
      '_INBOX.>',
      names.eventsWildcard,
      names.deleted('*'),
      names.deadLetterAdvisory,
    ],
  };
}
