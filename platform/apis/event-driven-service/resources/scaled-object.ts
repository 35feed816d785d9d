/**
 * The KEDA ScaledObject: scales the Deployment on the JetStream consumer lag (nats-jetstream
 * trigger, monitoring endpoint and account from the configuration).
 */
import type { PlatformConfig } from '../../../config.js';
import { type ComposedTemplate, conditionTrue, convert, fromXr, mapTo } from '../../../compositions/index.js';
import { COMMON_LABELS, nameAndLabelPatches } from '../../shared/labels.js';

const TRIGGER = 'spec.triggers[0].metadata';

/** The ScaledObject template. */
export function scaledObjectTemplate(config: PlatformConfig): ComposedTemplate {
  return {
    name: 'scaled-object',
    base: {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { labels: { ...COMMON_LABELS } },
      spec: {
        // name is required by the schema; the patch from the XR always replaces it.
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'deployment' },
        triggers: [
          {
            type: 'nats-jetstream',
            metadata: {
              natsServerMonitoringEndpoint: config.nats.monitoringEndpoint,
              account: config.nats.account,
            },
          },
        ],
      },
    },
    patches: [
      ...nameAndLabelPatches(),
      fromXr('metadata.name', 'spec.scaleTargetRef.name'),
      fromXr('spec.scaling.minReplicas', 'spec.minReplicaCount'),
      fromXr('spec.scaling.maxReplicas', 'spec.maxReplicaCount'),
      fromXr('spec.scaling.pollingInterval', 'spec.pollingInterval'),
      fromXr('spec.scaling.cooldownPeriod', 'spec.cooldownPeriod'),
      // Scale to zero: KEDA goes to idleReplicaCount (0) without work and to min..max with work.
      fromXr('spec.scaling.scaleToZero', 'spec', {
        transforms: [convert('string'), mapTo({ true: { idleReplicaCount: 0 }, false: {} })],
        merge: 'MergeObjects',
      }),
      fromXr('spec.nats.stream', `${TRIGGER}.stream`),
      fromXr('spec.nats.consumer', `${TRIGGER}.consumer`),
      fromXr('spec.scaling.lagThreshold', `${TRIGGER}.lagThreshold`, { transforms: [convert('string')] }),
      fromXr('spec.scaling.activationLagThreshold', `${TRIGGER}.activationLagThreshold`, {
        transforms: [convert('string')],
      }),
    ],
    // KEDA sets Ready=True once the trigger works, independent of the replica count.
    readinessChecks: [conditionTrue('Ready')],
  };
}
