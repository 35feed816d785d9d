import { GoError, wrapError } from '../go/errors.js';
import { goSprintf } from '../go/fmt.js';
import type { Transform } from '../core/input.js';
import { resolveConvert } from './convert.js';
import { resolveMap } from './map.js';
import { resolveMatch } from './match.js';
import { resolveMath } from './math.js';
import { resolveString } from './string.js';

// Messages of function-patch-and-transform v0.10.8 transforms.go and patches.go, verbatim.
const ERR_FMT_TYPE_NOT_SUPPORTED = 'transform type %s is not supported';
const ERR_FMT_TRANSFORM_CONFIG_MISSING = 'given transform type %s requires configuration';
const ERR_FMT_TRANSFORM_TYPE_FAILED = '%s transform could not resolve';
const ERR_FMT_TRANSFORM_AT_INDEX = 'transform at index %d returned error';

const RESOLVERS: Record<string, (t: Transform, input: unknown) => unknown> = {
  math: (t, i) => resolveMath(t.math!, i),
  map: (t, i) => resolveMap(t.map!, i),
  match: (t, i) => resolveMatch(t.match!, i),
  string: (t, i) => resolveString(t.string!, i),
  convert: (t, i) => resolveConvert(t.convert!, i),
};

/** `Resolve`: applies one transform; failures are wrapped with `<type> transform could not resolve`. */
export function resolve(t: Transform, input: unknown): unknown {
  const type = t.type ?? '';
  const resolver = Object.hasOwn(RESOLVERS, type) ? RESOLVERS[type] : undefined;
  if (resolver === undefined) throw new GoError(goSprintf(ERR_FMT_TYPE_NOT_SUPPORTED, [type]));
  if (t[type as 'math'] === undefined) throw new GoError(goSprintf(ERR_FMT_TRANSFORM_CONFIG_MISSING, [type]));
  try {
    return resolver(t, input);
  } catch (err) {
    throw wrapError(err, goSprintf(ERR_FMT_TRANSFORM_TYPE_FAILED, [type]));
  }
}

/** `ResolveTransforms`: applies transforms in order; the first failure names its index. */
export function resolveTransforms(ts: readonly Transform[] | undefined, input: unknown): unknown {
  let value = input;
  for (const [i, t] of (ts ?? []).entries()) {
    try {
      value = resolve(t, value);
    } catch (err) {
      throw wrapError(err, goSprintf(ERR_FMT_TRANSFORM_AT_INDEX, [BigInt(i)]));
    }
  }
  return value;
}
