import { toInt64 } from './go/values.js';
import { GoError, isNotFound, wrapError } from './go/errors.js';
import { goSprintf } from './go/fmt.js';
import type { JsonObject } from './go/values.js';
import { getConditionStatus } from './core/conditions.js';
import { Paved } from './fieldpath.js';
import type { ReadinessCheck } from './core/input.js';
import { validateReadinessCheck } from './core/validate.js';

// Messages of function-patch-and-transform v0.10.8 ready.go, verbatim.
const ERR_INVALID_CHECK = 'invalid';
const ERR_FMT_RUN_CHECK = 'cannot run readiness check at index %d';

/**
 * `IsReady`: whether an observed composed resource is ready. Without checks the Ready condition
 * decides; otherwise every check must pass. Throws a GoError for a broken check.
 */
export function isReady(o: JsonObject, rc: readonly ReadinessCheck[] = []): boolean {
  if (rc.length === 0) return getConditionStatus(o, 'Ready') === 'True';
  for (const [i, check] of rc.entries()) {
    let ready: boolean;
    try {
      ready = runReadinessCheck(check, o);
    } catch (err) {
      throw wrapError(err, goSprintf(ERR_FMT_RUN_CHECK, [BigInt(i)]));
    }
    if (!ready) return false;
  }
  return true;
}

/** `RunReadinessCheck`: one check against the object; a missing field means not ready. */
function runReadinessCheck(c: ReadinessCheck, o: JsonObject): boolean {
  const invalid = validateReadinessCheck(c);
  if (invalid) throw wrapError(invalid, ERR_INVALID_CHECK);
  const p = new Paved(o);
  const ignoreNotFound = (read: () => boolean): boolean => {
    try {
      return read();
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  };
  switch (c.type) {
    case 'None':
      return true;
    case 'NonEmpty':
      return ignoreNotFound(() => {
        p.getValue(c.fieldPath!);
        return true;
      });
    case 'MatchString':
      return ignoreNotFound(() => p.getString(c.fieldPath!) === c.matchString);
    case 'MatchInteger':
      return ignoreNotFound(() => p.getInteger(c.fieldPath!) === toInt64(c.matchInteger));
    case 'MatchCondition':
      return getConditionStatus(o, c.matchCondition?.type ?? '') === (c.matchCondition?.status ?? '');
    case 'MatchFalse':
      return ignoreNotFound(() => !p.getBool(c.fieldPath!));
    case 'MatchTrue':
      return ignoreNotFound(() => p.getBool(c.fieldPath!));
    default:
      throw new GoError(`unknown readiness check type ${c.type}`);
  }
}
