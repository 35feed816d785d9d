import type { JsonObject, JsonValue } from '../go/values.js';
import { isObject } from '../go/values.js';

/** A resource-specific health check of function-auto-ready v0.7.0 (healthchecks/*.go). */
export type HealthCheck = (o: JsonObject) => boolean;

function get(o: JsonValue | undefined, ...path: string[]): JsonValue | undefined {
  let cur: JsonValue | undefined = o;
  for (const k of path) {
    if (!isObject(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

/** getInt64Field: int64, int or float64 (truncated); anything else is "not found". */
function int64(o: JsonObject, ...path: string[]): number | undefined {
  const v = get(o, ...path);
  if (typeof v === 'bigint') return Number(v);
  return typeof v === 'number' ? Math.trunc(v) : undefined;
}

function list(o: JsonObject, ...path: string[]): JsonValue[] | undefined {
  const v = get(o, ...path);
  return Array.isArray(v) ? v : undefined;
}

function conditions(o: JsonObject): JsonObject[] {
  return (list(o, 'status', 'conditions') ?? []).filter(isObject);
}

const alwaysReady: HealthCheck = () => true;

const deployment: HealthCheck = (o) => {
  const spec = int64(o, 'spec', 'replicas') ?? 1;
  const updated = int64(o, 'status', 'updatedReplicas');
  const available = int64(o, 'status', 'availableReplicas');
  if (updated === undefined || available === undefined) return false;
  if (spec !== updated || spec !== available) return false;
  if (list(o, 'status', 'conditions') === undefined) return false;
  return conditions(o).some((c) => c['type'] === 'Available' && c['status'] === 'True');
};

const statefulSet: HealthCheck = (o) => {
  const spec = int64(o, 'spec', 'replicas') ?? 1;
  const ready = int64(o, 'status', 'readyReplicas');
  const current = int64(o, 'status', 'currentReplicas');
  if (ready === undefined || current === undefined || spec !== ready || spec !== current) return false;
  const cur = get(o, 'status', 'currentRevision');
  const upd = get(o, 'status', 'updateRevision');
  return typeof cur === 'string' && typeof upd === 'string' && cur === upd;
};

const daemonSet: HealthCheck = (o) => {
  const desired = int64(o, 'status', 'desiredNumberScheduled');
  const ready = int64(o, 'status', 'numberReady');
  const updated = int64(o, 'status', 'updatedNumberScheduled');
  const available = int64(o, 'status', 'numberAvailable');
  if (desired === undefined || ready === undefined || updated === undefined || available === undefined)
    return false;
  return desired === ready && updated === desired && available === desired;
};

const loadBalancerIngress = (o: JsonObject) =>
  (list(o, 'status', 'loadBalancer', 'ingress') ?? []).length > 0;

const service: HealthCheck = (o) => {
  const type = get(o, 'spec', 'type');
  if ((typeof type === 'string' ? type : 'ClusterIP') !== 'LoadBalancer') return true;
  return loadBalancerIngress(o);
};

const job: HealthCheck = (o) => {
  for (const c of conditions(o)) {
    if ((c['type'] === 'Failed' || c['type'] === 'Suspended') && c['status'] === 'True') return false;
    if (c['type'] === 'Complete' && c['status'] === 'True') return true;
  }
  return false;
};

const cronJob: HealthCheck = (o) => {
  if (get(o, 'spec', 'suspend') === true) return true;
  const lastSchedule = get(o, 'status', 'lastScheduleTime');
  if (typeof lastSchedule !== 'string') return false;
  if ((list(o, 'status', 'active') ?? []).length > 0) return true;
  const lastSuccess = get(o, 'status', 'lastSuccessfulTime');
  if (typeof lastSuccess !== 'string') return false;
  return Date.parse(lastSuccess) >= Date.parse(lastSchedule);
};

const hpa: HealthCheck = (o) => {
  for (const c of conditions(o)) {
    const t = c['type'];
    if (
      ['FailedGetScale', 'FailedUpdateScale', 'FailedGetResourceMetric', 'InvalidSelector'].includes(
        String(t),
      )
    ) {
      if (c['status'] === 'True') return false;
    }
    if ((t === 'ScalingActive' || t === 'ScalingLimited') && c['status'] === 'True') return true;
  }
  return false;
};

const pvc: HealthCheck = (o) => get(o, 'status', 'phase') === 'Bound';

const pod: HealthCheck = (o) => {
  const phase = get(o, 'status', 'phase');
  if (phase === 'Succeeded') return true;
  if (phase !== 'Running' || get(o, 'spec', 'restartPolicy') !== 'Always') return false;
  return conditions(o).some((c) => c['type'] === 'Ready' && c['status'] === 'True');
};

const replicaSet: HealthCheck = (o) => {
  const generation = int64(o, 'metadata', 'generation') ?? 0;
  if ((int64(o, 'status', 'observedGeneration') ?? 0) < generation) return false;
  if (conditions(o).some((c) => c['type'] === 'ReplicaFailure' && c['status'] === 'True')) return false;
  return (int64(o, 'status', 'availableReplicas') ?? 0) >= (int64(o, 'spec', 'replicas') ?? 1);
};

const REGISTRY = new Map<string, HealthCheck>([
  ['v1/ConfigMap', alwaysReady],
  ['v1/Namespace', alwaysReady],
  ['v1/Secret', alwaysReady],
  ['v1/ServiceAccount', alwaysReady],
  ['v1/Service', service],
  ['v1/PersistentVolumeClaim', pvc],
  ['v1/Pod', pod],
  ['apps/v1/Deployment', deployment],
  ['apps/v1/StatefulSet', statefulSet],
  ['apps/v1/DaemonSet', daemonSet],
  ['apps/v1/ReplicaSet', replicaSet],
  ['batch/v1/Job', job],
  ['batch/v1/CronJob', cronJob],
  ['autoscaling/v2/HorizontalPodAutoscaler', hpa],
  ['networking.k8s.io/v1/Ingress', loadBalancerIngress],
]);

/** `healthchecks.GetHealthCheck`: the check registered for an apiVersion and kind, if any. */
export function getHealthCheck(apiVersion: string, kind: string): HealthCheck | undefined {
  return REGISTRY.get(`${apiVersion}/${kind}`);
}
