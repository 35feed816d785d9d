/**
 * NACK JetStream objects for our services (DESIGN §5): the work queue with its pull consumer, the
 * status stream and the event log, named by spec-engine/nats/names.ts (the engine's own names).
 */
import { natsNames } from '../../spec-engine/nats/names.js';
import type { PlatformConfig } from '../config.js';

const names = natsNames();

/** Seconds a delivered job may stay unacknowledged (the worker extends it with in-progress acks). */
export const ACK_WAIT = '30s';
/** Deliveries before a job is given up (the worker's default SPEC_ENGINE_MAX_DELIVER). */
export const MAX_DELIVER = 5;

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
        ackWait: ACK_WAIT,
        maxDeliver: MAX_DELIVER,
        deliverPolicy: 'all',
        servers: [config.nats.url],
      },
    },
  ];
}
