import { GoError, wrapError } from '../go/errors.js';
import { goSprintf } from '../go/fmt.js';
import type { GoRegexp } from '../go/regexp.js';
import { compileGoRegexp } from '../go/regexp.js';
import { deepCopy, goTypeOf } from '../go/values.js';
import type { MatchTransform, MatchTransformPattern } from '../core/input.js';

// Messages of function-patch-and-transform v0.10.8 transforms.go (match), verbatim.
const ERR_FMT_MATCH_PATTERN = 'cannot match pattern at index %d';
const ERR_MATCH_FALLBACK_BOTH = 'cannot set both a fallback value and the fallback to input flag';
const ERR_FMT_MATCH_PATTERN_TYPE_INVALID = "unsupported pattern type '%s'";
const ERR_FMT_MATCH_INPUT_TYPE_INVALID = "unsupported input type '%s'";
const ERR_MATCH_REGEXP_COMPILE = 'cannot compile regexp';
const ERR_FMT_REQUIRED_FIELD = '%s is required by type %s';

/** `ResolveMatch`: the result of the first matching pattern, else the fallback. */
export function resolveMatch(t: MatchTransform, input: unknown): unknown {
  for (const [i, p] of (t.patterns ?? []).entries()) {
    let matched: boolean;
    try {
      matched = matches(p, input);
    } catch (err) {
      throw wrapError(err, goSprintf(ERR_FMT_MATCH_PATTERN, [BigInt(i)]));
    }
    if (matched) return deepCopy(p.result ?? null);
  }
  if (t.fallbackTo === 'Input') {
    // extv1.JSON.Size() is non-zero for any value set in YAML, including an explicit null.
    if (t.fallbackValue !== undefined && t.fallbackValue !== null) throw new GoError(ERR_MATCH_FALLBACK_BOTH);
    return input;
  }
  return deepCopy(t.fallbackValue ?? null);
}

/** `Matches`: whether one pattern matches the input. */
export function matches(p: MatchTransformPattern, input: unknown): boolean {
  switch (p.type) {
    case 'literal':
      if (p.literal === undefined)
        throw new GoError(goSprintf(ERR_FMT_REQUIRED_FIELD, ['literal', 'literal']));
      if (typeof input !== 'string')
        throw new GoError(goSprintf(ERR_FMT_MATCH_INPUT_TYPE_INVALID, [goTypeOf(input)]));
      return input === p.literal;
    case 'regexp': {
      if (p.regexp === undefined) throw new GoError(goSprintf(ERR_FMT_REQUIRED_FIELD, ['regexp', 'regexp']));
      let re: GoRegexp;
      try {
        re = compileGoRegexp(p.regexp);
      } catch (err) {
        throw wrapError(err, ERR_MATCH_REGEXP_COMPILE);
      }
      if (input === null || input === undefined)
        throw new GoError(goSprintf(ERR_FMT_MATCH_INPUT_TYPE_INVALID, ['null']));
      if (typeof input !== 'string')
        throw new GoError(goSprintf(ERR_FMT_MATCH_INPUT_TYPE_INVALID, [goTypeOf(input)]));
      return re.test(input);
    }
    default:
      throw new GoError(goSprintf(ERR_FMT_MATCH_PATTERN_TYPE_INVALID, [p.type ?? '']));
  }
}
