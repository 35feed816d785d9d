/**
 * The optional HorizontalPodAutoscaler (autoscaling/v2, on CPU) and who owns the Deployment's replica
 * count. Crossplane applies the desired Deployment with server-side apply, so a `spec.replicas` in it
 * would be reset on every reconcile and fight the autoscaler. The count therefore reaches the
 * Deployment through the Composition environment: `spec.replicas` is written there first, and when
 * `spec.autoscaling` is set it is replaced by an empty object, so the Deployment carries no replicas.
 */
import {
  type ComposedTemplate,
  conditionTrue,
  convert,
  fromEnvironment,
  fromXr,
  matchRegexp,
  type Patch,
  toEnvironment,
  xrAtLeast,
  xrHas,
} from '../../../compositions/index.js';
import { COMMON_LABELS, nameAndLabelPatches } from '../../shared/labels.js';

/** Environment field holding the Deployment's scale fields (`{replicas}` or `{}`). */
const SCALE = 'zerotouchWebService.deploymentScale';

/** Environment patches deciding the Deployment's scale fields, before any resource is patched. */
export function replicaOwnershipPatches(): Patch[] {
  return [
    toEnvironment('spec.replicas', `${SCALE}.replicas`),
    // maxReplicas is required in autoscaling, so it is present exactly when autoscaling is.
    toEnvironment('spec.autoscaling.maxReplicas', SCALE, {
      transforms: [convert('string'), matchRegexp('.*', {})],
    }),
  ];
}

/** The Deployment patch that merges the decided scale fields into its spec. */
export function deploymentScalePatch(): Patch {
  return fromEnvironment(SCALE, 'spec', { merge: 'MergeObjects' });
}

/** The cel-filter condition of a WebService PodDisruptionBudget: it runs 2 or more pods. */
export function runsSeveralPods(): string {
  return `(${xrAtLeast('spec.autoscaling.minReplicas', 2)}) || (!(${xrHas('spec.autoscaling')}) && ${xrAtLeast('spec.replicas', 2)})`;
}

/** The HorizontalPodAutoscaler template, composed only with `spec.autoscaling`. */
export function autoscalerTemplate(): ComposedTemplate {
  return {
    name: 'autoscaler',
    when: xrHas('spec.autoscaling'),
    base: {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { labels: { ...COMMON_LABELS } },
      spec: {
        // name and the bounds are required by the schema; patches from the XR always replace them.
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'deployment' },
        minReplicas: 2,
        maxReplicas: 2,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
          },
        ],
      },
    },
    patches: [
      ...nameAndLabelPatches(),
      fromXr('metadata.name', 'spec.scaleTargetRef.name'),
      fromXr('spec.autoscaling.minReplicas', 'spec.minReplicas'),
      fromXr('spec.autoscaling.maxReplicas', 'spec.maxReplicas'),
      fromXr('spec.autoscaling.targetCPUUtilization', 'spec.metrics[0].resource.target.averageUtilization'),
    ],
    // AbleToScale: the controller can read and write the Deployment's scale (metrics may still warm up).
    readinessChecks: [conditionTrue('AbleToScale')],
  };
}
