import { getConditionStatus } from '../core/conditions.js';
import { isObject } from '../go/values.js';
import { fatal } from '../core/results.js';
import type { FunctionRequest, FunctionResponse } from '../core/state.js';
import { responseTo } from '../core/state.js';
import { getHealthCheck } from './health-checks.js';

/**
 * function-auto-ready v0.7.0 `RunFunction`: marks a desired composed resource Ready when it has an
 * observed counterpart, no explicit readiness yet, and either a built-in health check for its kind
 * passes or its Ready condition is True. The CEL health-check customisations are behind an alpha
 * feature gate that is off by default, so they are not evaluated here either.
 */
export function runAutoReady(req: FunctionRequest): FunctionResponse {
  const rsp = responseTo(req);
  if (req.input !== undefined && req.input !== null && !isObject(req.input)) {
    rsp.results.push(fatal('cannot get Function input from *v1.RunFunctionRequest: input is not an object'));
    return rsp;
  }
  const observed = req.observed.resources;
  for (const [name, dr] of Object.entries(rsp.desired.resources)) {
    const or = observed[name];
    if (or === undefined || (dr.ready ?? 'Unspecified') !== 'Unspecified') continue;
    const check = getHealthCheck(String(or.resource['apiVersion'] ?? ''), String(or.resource['kind'] ?? ''));
    if (check?.(or.resource)) dr.ready = 'True';
  }
  for (const [name, dr] of Object.entries(rsp.desired.resources)) {
    const or = observed[name];
    if (or === undefined || (dr.ready ?? 'Unspecified') !== 'Unspecified') continue;
    if (getConditionStatus(or.resource, 'Ready') === 'True') dr.ready = 'True';
  }
  return rsp;
}
