import { getConditionStatus } from '../core/conditions.js';
import { parseGoDuration } from '../go/duration.js';
import { wrapError } from '../go/errors.js';
import { decodeInput, inputTypes } from '../core/strict-input.js';
import { isObject } from '../go/values.js';
import { fatal } from '../core/results.js';
import type { FunctionRequest, FunctionResponse } from '../core/state.js';
import { responseTo } from '../core/state.js';
import { getHealthCheck } from './health-checks.js';

// Messages of function-auto-ready v0.7.0 fn.go, verbatim.
const ERR_GET_INPUT = 'cannot get Function input from *v1.RunFunctionRequest';
const ERR_SET_TTL = 'cannot set ttl';
const INPUT_TYPE = 'v1beta1.Input';
// input/v1beta1/input.go of function-auto-ready v0.7.0.
const INPUT_TYPES = inputTypes(INPUT_TYPE, {
  ttl: 'string',
  celHealthCheckCustomization: 'map[string]string',
  celHealthCheckCustomizationFrom: 'string',
});

/**
 * function-auto-ready v0.7.0 `RunFunction`: marks a desired composed resource Ready when it has an
 * observed counterpart, no explicit readiness yet, and either a built-in health check for its kind
 * passes or its Ready condition is True. The CEL health-check customisations are behind an alpha
 * feature gate that is off by default, so they are not evaluated here either.
 */
export function runAutoReady(req: FunctionRequest): FunctionResponse {
  const rsp = responseTo(req);
  if (req.input !== undefined && req.input !== null && !isObject(req.input)) {
    rsp.results.push(fatal(`${ERR_GET_INPUT}: input is not an object`));
    return rsp;
  }
  const decoded = decodeInput<{ ttl?: string }>(req.input ?? {}, INPUT_TYPE, INPUT_TYPES, ERR_GET_INPUT);
  if (decoded.rejected) {
    rsp.results.push(decoded.rejected);
    return rsp;
  }
  // The TTL only tells Crossplane when to call again, but one Go cannot parse is fatal.
  if (decoded.value.ttl) {
    try {
      parseGoDuration(decoded.value.ttl);
    } catch (err) {
      rsp.results.push(fatal(wrapError(err, ERR_SET_TTL).message));
      return rsp;
    }
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
