import { GoError } from './go/errors.js';
import type { JsonObject, JsonValue } from './go/values.js';
import { deepEqual, isObject } from './go/values.js';

/** crossplane-runtime `MergeOptions`: how a patch value is merged into an existing value. */
export interface MergeOptions {
  /** Keep values already present in destination maps (mergo without WithOverride). */
  readonly keepMapValues?: boolean;
  /** Append source arrays to destination arrays (mergo WithAppendSlice), minus duplicates. */
  readonly appendSlice?: boolean;
}

/**
 * fieldpath `merge(dst, src, mo)`: replaces when either side is nil (or no options), otherwise merges
 * the way dario.cat/mergo does for `map[string]any` values wrapped under one key.
 */
export function mergeValues(dst: JsonValue, src: JsonValue, mo: MergeOptions | undefined): JsonValue {
  if (mo === undefined || dst === null || src === null) return src;
  const appendSlice = mo.appendSlice === true;
  let source = src;
  if (appendSlice && Array.isArray(dst) && Array.isArray(src)) {
    source = src.filter((item) => !dst.some((d) => deepEqual(item, d)));
  }
  const wrapped: JsonObject = { arg: dst };
  mergoMergeMap(wrapped, { arg: source }, { overwrite: mo.keepMapValues !== true, appendSlice });
  return wrapped['arg'] ?? null;
}

interface MergoConfig {
  readonly overwrite: boolean;
  readonly appendSlice: boolean;
}

/** mergo's isEmptyValue with dereferencing: nil, "", 0, false and empty maps/slices are empty. */
function isEmpty(v: JsonValue | undefined): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'string') return v.length === 0;
  if (typeof v === 'number') return v === 0;
  if (typeof v === 'bigint') return v === 0n;
  if (typeof v === 'boolean') return !v;
  if (Array.isArray(v)) return v.length === 0;
  return Object.keys(v).length === 0;
}

/** mergo deepMerge for two `map[string]any` values (the only shape fieldpath merges). */
function mergoMergeMap(dst: JsonObject, src: JsonObject, cfg: MergoConfig): void {
  const dstWasEmpty = Object.keys(dst).length === 0;
  for (const key of Object.keys(src)) {
    const s = src[key]!;
    const has = Object.hasOwn(dst, key);
    const d = dst[key];
    if (s === null) {
      if (cfg.overwrite) dst[key] = null;
      continue;
    }
    if (isObject(s) && isObject(d)) {
      mergoMergeMap(d, s, cfg);
    } else if (Array.isArray(s)) {
      let dstSlice: JsonValue[] | JsonValue = !has || d === null ? [] : (d as JsonValue);
      // mergo checks emptiness of the parent maps here, not of the elements.
      if ((cfg.overwrite || dstWasEmpty) && !cfg.appendSlice) {
        dstSlice = s;
      } else if (cfg.appendSlice) {
        if (!Array.isArray(dstSlice)) {
          throw new GoError(
            `cannot append two slices with different type (${typeName(dstSlice)}, []interface {})`,
          );
        }
        dstSlice = [...dstSlice, ...s];
      }
      dst[key] = dstSlice;
    }
    if (has && !isEmpty(d)) {
      if (Array.isArray(s)) continue;
      if (isObject(s) && isObject(d)) continue;
    }
    if (cfg.overwrite || !has || isEmpty(d)) dst[key] = s;
  }
}

function typeName(v: JsonValue): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'bigint') return 'int64';
  return 'map[string]interface {}';
}
