import { GoError } from '../go/errors.js';
import { goSprintf } from '../go/fmt.js';
import type { MathTransform } from '../input.js';
import { validateMathTransform } from '../validate.js';

// Messages of function-patch-and-transform v0.10.8 transforms.go (math), verbatim.
const ERR_MATH_TRANSFORM_TYPE_FAILED = 'type %s is not supported for math transform type';
const ERR_FMT_MATH_INPUT_NON_NUMBER = 'input is required to be a number for math transformer, got %T';

/** `ResolveMath`: Multiply (int64 × int64 stays int64), ClampMin, ClampMax. */
export function resolveMath(t: MathTransform, input: unknown): unknown {
  const err = validateMathTransform(t);
  if (err) throw err;
  if (typeof input !== 'number') throw new GoError(goSprintf(ERR_FMT_MATH_INPUT_NON_NUMBER, [input]));
  switch (t.type) {
    case 'Multiply':
      // An int64 input times the int64 multiplier is int64; a float64 input stays float64.
      return input * t.multiply!;
    case 'ClampMin':
      return Math.trunc(input) < t.clampMin! ? t.clampMin : input;
    case 'ClampMax':
      return Math.trunc(input) > t.clampMax! ? t.clampMax : input;
    default:
      throw new GoError(goSprintf(ERR_MATH_TRANSFORM_TYPE_FAILED, [t.type ?? '']));
  }
}
