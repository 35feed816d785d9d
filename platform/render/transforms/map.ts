import { GoError } from '../go/errors.js';
import { goSprintf } from '../go/fmt.js';
import { deepCopy, goTypeOf } from '../go/values.js';
import type { JsonValue } from '../go/values.js';

// Messages of function-patch-and-transform v0.10.8 transforms.go (map), verbatim.
const ERR_FMT_MAP_TYPE_NOT_SUPPORTED = 'type %s is not supported for map transform';
const ERR_FMT_MAP_NOT_FOUND = 'key %s is not found in map';

/** `ResolveMap`: looks a string input up in the pairs. */
export function resolveMap(pairs: Readonly<Record<string, JsonValue>>, input: unknown): unknown {
  if (typeof input !== 'string')
    throw new GoError(goSprintf(ERR_FMT_MAP_TYPE_NOT_SUPPORTED, [goTypeOf(input)]));
  if (!Object.hasOwn(pairs, input)) throw new GoError(goSprintf(ERR_FMT_MAP_NOT_FOUND, [input]));
  return deepCopy(pairs[input]);
}
