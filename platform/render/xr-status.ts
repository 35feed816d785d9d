import type { JsonObject } from './go/values.js';
import { deepCopy, isObject } from './go/values.js';
import type { RenderedResource, ResourceState } from './core/state.js';

const DEFAULT_FIRST_N = 3;

/** crossplane-runtime `StableNAndSomeMore`: sorted names, the first n, then "and N more". */
function stableNAndSomeMore(n: number, names: readonly string[]): string {
  const sorted = [...names].sort();
  if (sorted.length > n) return `${sorted.slice(0, n).join(', ')}, and ${sorted.length - n} more`;
  return sorted.join(', ');
}

/**
 * The XR after composition: its desired status from the pipeline merged over the observed one, and
 * the Ready condition Crossplane computes (explicit composite readiness first, else every composed
 * resource must be ready).
 */
export function finalXr(
  xr: JsonObject,
  composite: ResourceState,
  resources: readonly RenderedResource[],
): JsonObject {
  const out = deepCopy(xr);
  const desiredStatus = isObject(composite.resource['status']) ? composite.resource['status'] : {};
  const status: JsonObject = {
    ...(isObject(out['status']) ? out['status'] : {}),
    ...deepCopy(desiredStatus),
  };
  const unready = resources.filter((r) => !r.ready).map((r) => r.name);
  let ready: boolean;
  if (composite.ready === 'True') ready = true;
  else if (composite.ready === 'False') ready = false;
  else ready = unready.length === 0;
  const condition: JsonObject = ready
    ? { type: 'Ready', status: 'True', reason: 'Available' }
    : { type: 'Ready', status: 'False', reason: 'Creating' };
  if (!ready && composite.ready !== 'False' && unready.length > 0) {
    condition['message'] = `Unready resources: ${stableNAndSomeMore(DEFAULT_FIRST_N, unready)}`;
  }
  const others = Array.isArray(status['conditions'])
    ? (status['conditions'] as JsonObject[]).filter((c) => isObject(c) && c['type'] !== 'Ready')
    : [];
  status['conditions'] = [...others, condition];
  out['status'] = status;
  return out;
}
