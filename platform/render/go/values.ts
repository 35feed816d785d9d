import { GoError } from './errors.js';

/**
 * The value model of the renderer, as a Go function sees it. A JavaScript `number` is a Go `float64`:
 * function-sdk-go hands every function its state through `structpb`, so every number a function
 * reads from the XR, observed resources or the environment is a float64, whole or not. A `bigint`
 * is a Go `int64`: what a transform produces (`convert` to int64, `math` on an int64) and what a
 * Kubernetes JSON round trip makes of a whole number inside one function run (`toJsonValue`).
 * `toStructValue` turns int64 back into float64 where state leaves a function.
 */
export type JsonValue = null | boolean | number | bigint | string | JsonValue[] | JsonObject;

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
      return 'float64';
    case 'bigint':
      return 'int64';
    case 'function':
      return 'func()';
    default:
      return Array.isArray(v) ? '[]interface {}' : 'map[string]interface {}';
  }
}

/** A Go int64 from a whole number of a function's input (an int64 field such as `multiply`). */
export function toInt64(v: number | bigint | undefined): bigint {
  if (typeof v === 'bigint') return v;
  return v === undefined || !Number.isFinite(v) ? 0n : BigInt(Math.trunc(v));
}

/** Deep copy of a JSON value (structuredClone is slower for small objects). */
export function deepCopy<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => deepCopy(x)) as T;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) out[k] = deepCopy((v as Record<string, unknown>)[k]);
  return out as T;
}

// The largest magnitude a Kubernetes JSON decoder keeps as int64; beyond it a number stays float64.
const INT64_LIMIT = 2 ** 63;

/**
 * A decoded-JSON copy of a value: what upstream gets from a Kubernetes JSON round trip
 * (`toValidJSON`), without paying for one. The decoder keeps whole numbers as int64
 * (sigs.k8s.io/json UnmarshalCaseSensitivePreserveInts), so a whole float64 becomes a bigint.
 * Throws Go's error for values JSON cannot encode.
 */
export function toJsonValue(v: unknown): JsonValue {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'string':
    case 'boolean':
    case 'bigint':
      return v;
    case 'number':
      if (!Number.isFinite(v)) throw new GoError(`json: unsupported value: ${v}`);
      return Number.isInteger(v) && Math.abs(v) < INT64_LIMIT ? BigInt(v) : v;
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

/**
 * `structpb.NewValue` in place: every int64 (bigint) in v becomes a float64 (number), as when state
 * crosses a function boundary. Returns v, or the converted number when v itself is a bigint.
 */
export function toStructValue<T>(v: T): T {
  if (typeof v === 'bigint') return Number(v) as T;
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (typeof x === 'bigint') v[i] = Number(x);
      else if (x !== null && typeof x === 'object') toStructValue(x);
    }
    return v;
  }
  const o = v as Record<string, unknown>;
  for (const k in o) {
    const x = o[k];
    if (typeof x === 'bigint') o[k] = Number(x);
    else if (x !== null && typeof x === 'object') toStructValue(x);
  }
  return v;
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
