import type { KubeObject } from '../kube/kube-object.js';
import {
  arrayAt,
  conditionOf,
  conditionsOf,
  describeCondition,
  fieldAt,
  isConditionTrue,
} from '../kube/kube-object.js';

/** Whether one composed resource is ready, and the evidence. */
export interface Readiness {
  readonly ready: boolean;
  /** Why not (or what proves it is), in one line. */
  readonly reason: string;
}

function deploymentReadiness(deployment: KubeObject): Readiness {
  const ready = fieldAt(deployment, 'status.readyReplicas') ?? 0;
  const wanted = fieldAt(deployment, 'status.replicas') ?? fieldAt(deployment, 'spec.replicas') ?? 0;
  const replicas = `${ready}/${wanted} replicas ready`;
  if (isConditionTrue(deployment, 'Available')) return { ready: true, reason: replicas };
  const progressing = conditionOf(deployment, 'Progressing');
  const stalled = progressing?.status === 'False' ? `, ${describeCondition(deployment, 'Progressing')}` : '';
  return { ready: false, reason: `${describeCondition(deployment, 'Available')}, ${replicas}${stalled}` };
}

/** An HTTPRoute is ready when every parent Gateway accepted it and resolved its backends. */
function httpRouteReadiness(route: KubeObject): Readiness {
  const parents = arrayAt(route, 'status.parents');
  if (parents.length === 0)
    return { ready: false, reason: 'no Gateway has accepted the route yet (status.parents is empty)' };
  for (const parent of parents) {
    for (const type of ['Accepted', 'ResolvedRefs']) {
      // Route status keeps one condition list per parent Gateway, at status.parents[].conditions.
      if (!isConditionTrue(parent, type, 'conditions')) {
        const gateway = fieldAt(parent, 'parentRef.name') ?? '?';
        const section = fieldAt(parent, 'parentRef.sectionName');
        return {
          ready: false,
          reason: `Gateway ${gateway}${section ? `/${section}` : ''}: ${describeCondition(parent, type, 'conditions')}`,
        };
      }
    }
  }
  return { ready: true, reason: 'accepted by its Gateway' };
}

/**
 * Judges a composed resource the way a platform engineer would: the `Ready` condition when the kind
 * has one (managed resources, ScaledObject, CNPG), with `Synced=False` surfaced because it carries
 * the provider's error; Deployment and HTTPRoute by their own status; kinds without status
 * (ServiceAccount, Service, NetworkPolicy) are ready once they exist.
 */
export function judgeComposed(object: KubeObject): Readiness {
  if (object.kind === 'Deployment') return deploymentReadiness(object);
  if (object.kind === 'HTTPRoute') return httpRouteReadiness(object);
  if (conditionsOf(object).length === 0) return { ready: true, reason: 'exists' };
  const synced = conditionOf(object, 'Synced');
  if (synced && synced.status !== 'True') {
    return {
      ready: false,
      reason: `${describeCondition(object, 'Synced')}; ${describeCondition(object, 'Ready')}`,
    };
  }
  if (!conditionOf(object, 'Ready')) return { ready: true, reason: 'exists (no Ready condition)' };
  return { ready: isConditionTrue(object, 'Ready'), reason: describeCondition(object, 'Ready') };
}
