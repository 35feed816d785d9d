/**
 * Rendered (offline renderer, as Crossplane composes) availability resources of both APIs: the
 * autoscaler and who owns the replica count, the disruption budget, spread, rollout and shutdown.
 */
import { describe, expect, it } from 'vitest';
import { claim, compose as composeJson, example } from '../testing/compositions.js';

// biome-ignore lint/suspicious/noExplicitAny: rendered manifests are read with deep paths
type Obj = Record<string, any>;
const IMAGE = 'ghcr.io/acme/shop:1.0.0';
const NATS = { stream: 'ORDERS', consumer: 'order-workers' };

function compose(xr: Obj): Record<string, Obj> {
  return composeJson(xr) as Record<string, Obj>;
}

function podSpec(objects: Record<string, Obj>): Obj {
  return objects.deployment!.spec.template.spec;
}

describe('a WebService', () => {
  it('has an autoscaler owning the replica count, and a Deployment with no replicas, when autoscaling is set', () => {
    const objects = compose(example('WebService', 'autoscaled'));
    expect(objects.autoscaler).toMatchObject({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'storefront', namespace: 'team-a' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'storefront' },
        minReplicas: 3,
        maxReplicas: 12,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } },
          },
        ],
      },
    });
    expect(objects.deployment!.spec).not.toHaveProperty('replicas');
  });

  it('leaves replicas to the autoscaler even when replicas is set too', () => {
    const objects = compose(
      claim('WebService', { image: IMAGE, replicas: 5, autoscaling: { maxReplicas: 8 } }),
    );
    expect(objects.deployment!.spec).not.toHaveProperty('replicas');
    expect(objects.autoscaler!.spec).toMatchObject({ minReplicas: 2, maxReplicas: 8 });
    expect(objects.autoscaler!.spec.metrics[0].resource.target.averageUtilization).toBe(70);
  });

  it('sets the replica count and composes no autoscaler without autoscaling', () => {
    const objects = compose(claim('WebService', { image: IMAGE, replicas: 3 }));
    expect(objects.deployment!.spec.replicas).toBe(3);
    expect(objects).not.toHaveProperty('autoscaler');
  });

  it.each([
    ['two replicas (the default)', {}, true],
    ['one replica', { replicas: 1 }, false],
    ['no replicas', { replicas: 0 }, false],
    ['an autoscaler from 2', { autoscaling: { maxReplicas: 4 } }, true],
    ['an autoscaler from 1', { autoscaling: { minReplicas: 1, maxReplicas: 4 } }, false],
    [
      'an autoscaler from 1 and replicas 3',
      { replicas: 3, autoscaling: { minReplicas: 1, maxReplicas: 4 } },
      false,
    ],
  ])('with %s has a PodDisruptionBudget: %s', (_reason, spec, wanted) => {
    const objects = compose(claim('WebService', { image: IMAGE, ...spec }, 'shop'));
    if (!wanted) {
      expect(objects).not.toHaveProperty('pod-disruption-budget');
      return;
    }
    expect(objects['pod-disruption-budget']).toMatchObject({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'shop', namespace: 'team-a' },
      spec: {
        maxUnavailable: 1,
        selector: { matchLabels: { 'app.kubernetes.io/name': 'shop' } },
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    });
  });

  it('rolls out without dropping below the desired count, spread over nodes and zones, with a pause before SIGTERM', () => {
    const objects = compose(claim('WebService', { image: IMAGE }, 'shop'));
    expect(objects.deployment!.spec.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' },
    });
    const pod = podSpec(objects);
    expect(pod.topologySpreadConstraints).toEqual(
      ['kubernetes.io/hostname', 'topology.kubernetes.io/zone'].map((topologyKey) => ({
        maxSkew: 1,
        topologyKey,
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'shop' } },
        matchLabelKeys: ['pod-template-hash'],
      })),
    );
    expect(pod.terminationGracePeriodSeconds).toBe(45);
    expect(pod.containers[0].lifecycle).toEqual({ preStop: { sleep: { seconds: 10 } } });
  });

  it('takes the spread policy and the shutdown budget from the claim', () => {
    const pod = podSpec(compose(example('WebService', 'autoscaled')));
    expect(pod.topologySpreadConstraints.map((c: Obj) => c.whenUnsatisfiable)).toEqual([
      'DoNotSchedule',
      'DoNotSchedule',
    ]);
    expect(pod.terminationGracePeriodSeconds).toBe(90);
    expect(pod.containers[0].lifecycle.preStop.sleep.seconds).toBe(15);
  });
});

describe('an EventDrivenService', () => {
  it('has a disruption budget, spread and a grace period long enough to reach a checkpoint by default', () => {
    const objects = compose(example('EventDrivenService', 'minimal'));
    expect(objects['pod-disruption-budget']!.spec).toMatchObject({ maxUnavailable: 1 });
    const pod = podSpec(objects);
    expect(pod.terminationGracePeriodSeconds).toBe(120);
    expect(pod.containers[0].lifecycle).toEqual({ preStop: { sleep: { seconds: 5 } } });
    expect(pod.topologySpreadConstraints).toHaveLength(2);
    expect(objects.deployment!.spec).not.toHaveProperty('replicas');
    expect(objects.deployment!.spec.strategy.rollingUpdate).toEqual({ maxUnavailable: 0, maxSurge: '25%' });
  });

  it('has no disruption budget when it never runs more than one pod', () => {
    const objects = compose(
      claim('EventDrivenService', { image: IMAGE, nats: NATS, scaling: { minReplicas: 1, maxReplicas: 1 } }),
    );
    expect(objects).not.toHaveProperty('pod-disruption-budget');
    expect(objects).not.toHaveProperty('autoscaler');
  });

  it('takes a longer grace period from the claim', () => {
    const objects = compose(
      claim('EventDrivenService', { image: IMAGE, nats: NATS, shutdown: { gracePeriodSeconds: 600 } }),
    );
    expect(podSpec(objects).terminationGracePeriodSeconds).toBe(600);
    expect(podSpec(objects).containers[0].lifecycle.preStop.sleep.seconds).toBe(5);
  });
});
