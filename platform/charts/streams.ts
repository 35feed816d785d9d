/**
 * NACK JetStream objects for our services (DESIGN §5): the work queue with its pull consumer, the
 * status stream and the event log, with the names and limits of common/contracts/nats.ts (the
 * engine's own).
 */
import { ACK_WAIT_MS, MAX_DELIVER, natsNames } from '../../common/contracts/nats.js';
import type { PlatformConfig } from '../config.js';

const names = natsNames();

/** The Stream and Consumer manifests. */
export function jetStreamManifests(config: PlatformConfig) {
  const hours = config.nats.eventsMaxAgeHours;
  if (!Number.isInteger(hours) || hours < 1) {
    throw new Error(`config: 'nats.eventsMaxAgeHours' (${hours}) must be an integer >= 1`);
  }
  const metadata = (name: string) => ({ name, namespace: config.nats.namespace });
  const stream = (name: string, subjects: string[], retention: 'workqueue' | 'limits', maxAge?: string) => ({
    apiVersion: 'jetstream.nats.io/v1beta2',
    kind: 'Stream',
    metadata: metadata(name.toLowerCase().replace(/_/g, '-')),
    spec: {
      name,
      subjects,
      retention,
      storage: 'file',
      replicas: 1,
      servers: [config.nats.url],
      ...(maxAge ? { maxAge } : {}),
    },
  });
  return [
    stream(names.executionStream, [names.executeWildcard], 'workqueue'),
    stream(names.statusStream, [names.statusWildcard], 'limits'),
    // Every run's events, users' specification text included: kept only as long as configured.
    stream(names.eventsStream, [names.eventsWildcard], 'limits', `${hours}h`),
    {
      apiVersion: 'jetstream.nats.io/v1beta2',
      kind: 'Consumer',
      metadata: metadata(names.consumer),
      spec: {
        streamName: names.executionStream,
        durableName: names.consumer,
        // Pull consumer: no deliverSubject. Workqueue streams allow one unfiltered-or-filtered consumer.
        filterSubject: names.executeWildcard,
        ackPolicy: 'explicit',
        ackWait: `${ACK_WAIT_MS / 1000}s`,
        maxDeliver: MAX_DELIVER,
        deliverPolicy: 'all',
        servers: [config.nats.url],
      },
    },
  ];
}
