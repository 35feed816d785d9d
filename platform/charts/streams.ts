/**
 * NACK JetStream objects for our services (DESIGN §5): the work queue with its pull consumer, the
 * status stream and the event log. Names and subjects match spec-engine/nats/names.ts.
 */
import type { PlatformConfig } from '../config.js';

/** Seconds a delivered job may stay unacknowledged (the worker extends it with in-progress acks). */
export const ACK_WAIT = '30s';
/** Deliveries before a job is given up (the worker's default SPEC_ENGINE_MAX_DELIVER). */
export const MAX_DELIVER = 5;

/** The Stream and Consumer manifests. */
export function jetStreamManifests(config: PlatformConfig) {
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
    stream('AGENT_EXECUTION', ['agent.execute.*'], 'workqueue'),
    stream('AGENT_STATUS', ['agent.status.*'], 'limits'),
    stream('SPEC_EVENTS', ['spec.events.>'], 'limits', '24h'),
    {
      apiVersion: 'jetstream.nats.io/v1beta2',
      kind: 'Consumer',
      metadata: metadata('deepagents-runtime-workers'),
      spec: {
        streamName: 'AGENT_EXECUTION',
        durableName: 'deepagents-runtime-workers',
        // Pull consumer: no deliverSubject. Workqueue streams allow one unfiltered-or-filtered consumer.
        filterSubject: 'agent.execute.*',
        ackPolicy: 'explicit',
        ackWait: ACK_WAIT,
        maxDeliver: MAX_DELIVER,
        deliverPolicy: 'all',
        servers: [config.nats.url],
      },
    },
  ];
}
