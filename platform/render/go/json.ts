import { GoError } from './errors.js';
import { goTypeOf } from './values.js';

/**
 * Go `encoding/json.Marshal` of a decoded JSON value: map keys sorted, HTML characters escaped as
 * `\u003c`, `\u003e`, `\u0026`, and an error for values JSON cannot hold (a Go func).
 */
export function goJsonMarshal(v: unknown): string {
  if (v === undefined || v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return quoteJson(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      return formatJsonNumber(v);
    case 'bigint':
      return v.toString();
    case 'function':
      throw new GoError(`json: unsupported type: ${goTypeOf(v)}`);
    case 'object': {
      if (Array.isArray(v)) return `[${v.map((x) => goJsonMarshal(x)).join(',')}]`;
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o).sort();
      return `{${keys.map((k) => `${quoteJson(k)}:${goJsonMarshal(o[k])}`).join(',')}}`;
    }
    default:
      throw new GoError(`json: unsupported type: ${typeof v}`);
  }
}

function quoteJson(s: string): string {
  return JSON.stringify(s).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function formatJsonNumber(n: number): string {
  if (!Number.isFinite(n)) throw new GoError(`json: unsupported value: ${n}`);
  // Go uses exponent form below 1e-6 and from 1e21 on, with a minimal exponent ("1e-07" → "1e-7").
  return JSON.stringify(n);
}

/** Go `encoding/json.Unmarshal` into `any`: every number is a float64. */
export function goJsonUnmarshal(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new GoError(jsonSyntaxMessage(text, err));
  }
}

function jsonSyntaxMessage(text: string, err: unknown): string {
  if (text.trim() === '') return 'unexpected end of JSON input';
  const msg = err instanceof Error ? err.message : String(err);
  return `invalid JSON: ${msg}`;
}
