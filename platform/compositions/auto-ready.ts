/**
 * Readiness: function-auto-ready v0.7 marks a composed resource ready when its observed `Ready`
 * condition is True. Kinds without that condition get explicit P&T `readinessChecks` built here, so
 * every composed resource has a readiness rule that fits its kind.
 */

/** A P&T readiness check, plain JSON (all fields explicit: P&T defaults are not applied by the API server). */
export type ReadinessCheck = Record<string, unknown> & { type: string };

/** Ready when the condition `type` has status True. */
export function conditionTrue(type: string): ReadinessCheck {
  return { type: 'MatchCondition', matchCondition: { type, status: 'True' } };
}

/** Ready when the field at `fieldPath` is set and not empty. */
export function nonEmpty(fieldPath: string): ReadinessCheck {
  return { type: 'NonEmpty', fieldPath };
}

/** Ready as soon as the resource exists (ServiceAccount, Service, ConfigMap, NetworkPolicy: no status). */
export function existsIsReady(): ReadinessCheck {
  return { type: 'None' };
}

/** The auto-ready step input (`autoready.fn.crossplane.io/v1beta1 Input`), fully defaulted. */
export function autoReadyInput() {
  return { apiVersion: 'autoready.fn.crossplane.io/v1beta1', kind: 'Input', ttl: '1m0s' };
}
