import { GoError } from '../go/errors.js';
import { goSprintf } from '../go/fmt.js';
import { toInt64 } from '../go/values.js';
import type { MathTransform } from '../core/input.js';
import { validateMathTransform } from '../core/validate.js';

// Messages of function-patch-and-transform v0.10.8 transforms.go (math), verbatim.
const ERR_MATH_TRANSFORM_TYPE_FAILED = 'type %s is not supported for math transform type';
const ERR_FMT_MATH_INPUT_NON_NUMBER = 'input is required to be a number for math transformer, got %T';

/** `ResolveMath`: Multiply (int64 × int64 stays int64), ClampMin, ClampMax (the clamp is an int64). */
export function resolveMath(t: MathTransform, input: unknown): unknown {
  const err = validateMathTransform(t);
  if (err) throw err;
  if (typeof input !== 'number' && typeof input !== 'bigint')
    throw new GoError(goSprintf(ERR_FMT_MATH_INPUT_NON_NUMBER, [input]));
  // A float64 is truncated to int64 for the clamp comparison, as upstream resolveMathClamp does.
  const whole = typeof input === 'bigint' ? input : BigInt(Math.trunc(input));
  switch (t.type) {
    case 'Multiply':
      // An int64 input times the int64 multiplier is int64 (wrapping as Go does); a float64 stays float64.
      return typeof input === 'bigint'
        ? BigInt.asIntN(64, input * toInt64(t.multiply))
        : input * Number(t.multiply);
    case 'ClampMin':
      return whole < toInt64(t.clampMin) ? toInt64(t.clampMin) : input;
    case 'ClampMax':
      return whole > toInt64(t.clampMax) ? toInt64(t.clampMax) : input;
    default:
      throw new GoError(goSprintf(ERR_MATH_TRANSFORM_TYPE_FAILED, [t.type ?? '']));
  }
}
