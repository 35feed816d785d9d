/**
 * What keeps a workload available while Kubernetes moves it: rollouts that never drop below the
 * desired count, pods spread across nodes and zones, a pause before SIGTERM and a grace period after
 * it, and a PodDisruptionBudget so a node drain takes one pod at a time.
 */
import { type ComposedTemplate, existsIsReady, fromXr, type Patch } from '../../compositions/index.js';
import { COMMON_LABELS, labelPath, NAME_LABEL, nameAndLabelPatches } from './labels.js';

const POD = 'spec.template.spec';

/** The topology keys pods spread over, in order: nodes, then zones. */
export const SPREAD_TOPOLOGY_KEYS = ['kubernetes.io/hostname', 'topology.kubernetes.io/zone'] as const;

/** A rolling update that adds pods before it removes any (`maxUnavailable: 0`). */
export const ROLLING_UPDATE = {
  type: 'RollingUpdate',
  rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' },
} as const;

/** The pod spec fields of the base; the patches below fill in names and the XR's choices. */
export function availabilityPodBase() {
  return {
    // Replaced from spec.shutdown; a value is required for the patch targets to be typed.
    terminationGracePeriodSeconds: 30,
    topologySpreadConstraints: SPREAD_TOPOLOGY_KEYS.map((topologyKey) => ({
      maxSkew: 1,
      topologyKey,
      whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector: { matchLabels: {} },
      // Counts only the pods of the same ReplicaSet, so a rollout spreads the new pods too.
      matchLabelKeys: ['pod-template-hash'],
    })),
  };
}

/** The main container's `lifecycle`: a preStop sleep (no shell or binary needed in the image). */
export function preStopPause() {
  return { preStop: { sleep: { seconds: 5 } } };
}

/** Patches of the pod template: spread labels and policy, grace period and preStop pause. */
export function availabilityPatches(containerPath: string): Patch[] {
  return [
    ...SPREAD_TOPOLOGY_KEYS.flatMap((_key, i) => [
      fromXr(
        'metadata.name',
        labelPath(`${POD}.topologySpreadConstraints[${i}].labelSelector.matchLabels`, NAME_LABEL),
      ),
      fromXr('spec.topologySpread', `${POD}.topologySpreadConstraints[${i}].whenUnsatisfiable`),
    ]),
    fromXr('spec.shutdown.gracePeriodSeconds', `${POD}.terminationGracePeriodSeconds`),
    fromXr('spec.shutdown.preStopPauseSeconds', `${containerPath}.lifecycle.preStop.sleep.seconds`),
  ];
}

/**
 * The PodDisruptionBudget (`maxUnavailable: 1`), composed when `when` holds (the workload can run two
 * or more pods; with one, a budget would either block every drain or protect nothing).
 */
export function podDisruptionBudgetTemplate(when: string): ComposedTemplate {
  return {
    name: 'pod-disruption-budget',
    when,
    base: {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { labels: { ...COMMON_LABELS } },
      spec: {
        maxUnavailable: 1,
        selector: { matchLabels: {} },
        // A pod that is not ready serves nothing: a drain may evict it even when the budget is spent.
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    },
    patches: [
      ...nameAndLabelPatches(),
      fromXr('metadata.name', labelPath('spec.selector.matchLabels', NAME_LABEL)),
    ],
    readinessChecks: [existsIsReady()],
  };
}
