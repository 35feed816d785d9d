import type { JsonObject } from '../go/values.js';
import { isObject } from '../go/values.js';

/**
 * `GetCondition(type).Status` of an unstructured object (crossplane-runtime ConditionedStatus):
 * the status of the first `status.conditions` entry of that type, `Unknown` when there is none.
 */
export function getConditionStatus(o: JsonObject, type: string): string {
  const status = o['status'];
  const conditions = isObject(status) ? status['conditions'] : undefined;
  if (!Array.isArray(conditions)) return 'Unknown';
  for (const c of conditions) {
    if (isObject(c) && c['type'] === type) return typeof c['status'] === 'string' ? c['status'] : '';
  }
  return 'Unknown';
}
