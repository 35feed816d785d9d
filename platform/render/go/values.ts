import { GoError } from './errors.js';

/**
 * The value model of the renderer: JSON values as decoded by Kubernetes' JSON decoder. A number that
 * is an integer stands for Go `int64`, any other number for `float64` (the decoder keeps integers as
 * int64, see sigs.k8s.io/json UnmarshalCaseSensitivePreserveInts).
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;

/** A JSON object (Go `map[string]any`). */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** Whether v is a JSON object (not an array, not null). */
export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The Go type name (`%T`) of a decoded JSON value. */
export function goTypeOf(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isInteger(v) ? 'int64' : 'float64';
    case 'function':
      return 'func()';
    default:
      return Array.isArray(v) ? '[]interface {}' : 'map[string]interface {}';
  }
}

/** Deep copy of a JSON value (structuredClone is slower for small objects). */
export function deepCopy<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => deepCopy(x)) as T;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) out[k] = deepCopy((v as Record<string, unknown>)[k]);
  return out as T;
}

/**
 * A decoded-JSON copy of a value: what upstream gets from a JSON round trip (`toValidJSON`), without
 * paying for one. Throws Go's error for values JSON cannot encode.
 */
export function toJsonValue(v: unknown): JsonValue {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      if (!Number.isFinite(v)) throw new GoError(`json: unsupported value: ${v}`);
      return v;
    case 'object': {
      if (Array.isArray(v)) return v.map((x) => toJsonValue(x));
      const out: JsonObject = {};
      for (const k of Object.keys(v)) out[k] = toJsonValue((v as Record<string, unknown>)[k]);
      return out;
    }
    default:
      throw new GoError(`json: unsupported type: ${goTypeOf(v)}`);
  }
}

/** Deep equality of JSON values (Go reflect.DeepEqual on decoded JSON). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i]));
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  return ka.every(
    (k) => Object.hasOwn(b as object, k) && deepEqual((a as JsonObject)[k], (b as JsonObject)[k]),
  );
}
