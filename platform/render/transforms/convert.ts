import { GoError } from '../go/errors.js';
import { goSprintf } from '../go/fmt.js';
import { goJsonUnmarshal } from '../go/json.js';
import { goTypeOf, isObject } from '../go/values.js';
import type { ConvertTransform } from '../core/input.js';
import { getConvertFormat } from '../core/input.js';
import { TRANSFORM_IO_TYPES, validateConvertTransform } from '../core/validate.js';
import { parseQuantityAsFloat64 } from './quantity.js';

// Messages of function-patch-and-transform v0.10.8 transforms.go (convert), verbatim.
const ERR_FMT_CONVERT_INPUT_TYPE_NOT_SUPPORTED = 'invalid input type %T';
const ERR_FMT_CONVERT_FORMAT_PAIR_NOT_SUPPORTED = 'conversion from %s to %s is not supported with format %s';

type Conversion = (input: unknown) => unknown;

/** `ResolveConvert`: converts between string, bool, int64, float64, object and array. */
export function resolveConvert(t: ConvertTransform, input: unknown): unknown {
  const err = validateConvertTransform(t);
  if (err) throw err;
  const from = goTypeOf(input);
  if (!TRANSFORM_IO_TYPES.includes(from))
    throw new GoError(goSprintf(ERR_FMT_CONVERT_INPUT_TYPE_NOT_SUPPORTED, [input]));
  return getConversionFunc(t, from)(input);
}

/** `GetConversionFunc`: the conversion for a pair; `int` is an alias of `int64`; same type is a no-op. */
export function getConversionFunc(t: ConvertTransform, from: string): Conversion {
  const originalFrom = from;
  const to = t.toType === 'int' ? 'int64' : (t.toType ?? '');
  const src = from === 'int' ? 'int64' : from;
  if (to === src) return (input) => input;
  const f = CONVERSIONS.get(`${src}|${to}|${getConvertFormat(t)}`);
  if (f === undefined) {
    throw new GoError(
      goSprintf(ERR_FMT_CONVERT_FORMAT_PAIR_NOT_SUPPORTED, [originalFrom, to, getConvertFormat(t)]),
    );
  }
  return f;
}

function typed<T>(check: (i: unknown) => i is T, f: (v: T) => unknown): Conversion {
  return (i) => {
    if (!check(i)) throw new GoError(goSprintf(ERR_FMT_CONVERT_INPUT_TYPE_NOT_SUPPORTED, [i]));
    return f(i);
  };
}
const isString = (i: unknown): i is string => typeof i === 'string';
const isBool = (i: unknown): i is boolean => typeof i === 'boolean';
const isInt = (i: unknown): i is bigint => typeof i === 'bigint';
const isFloat = (i: unknown): i is number => typeof i === 'number';

const CONVERSIONS = new Map<string, Conversion>([
  ['string|int64|none', typed(isString, parseInt64)],
  ['string|bool|none', typed(isString, parseBool)],
  ['string|float64|none', typed(isString, parseFloat64)],
  ['string|float64|quantity', typed(isString, parseQuantityAsFloat64)],
  ['int64|string|none', typed(isInt, (v) => String(v))],
  ['int64|bool|none', typed(isInt, (v) => v === 1n)],
  ['int64|float64|none', typed(isInt, (v) => Number(v))],
  ['bool|string|none', typed(isBool, (v) => String(v))],
  ['bool|int64|none', typed(isBool, (v) => (v ? 1n : 0n))],
  ['bool|float64|none', typed(isBool, (v) => (v ? 1 : 0))],
  ['float64|string|none', typed(isFloat, formatFloatF)],
  ['float64|int64|none', typed(isFloat, truncateToInt64)],
  ['float64|bool|none', typed(isFloat, (v) => v === 1)],
  ['string|object|json', typed(isString, (s) => unmarshalInto(s, 'object'))],
  ['string|array|json', typed(isString, (s) => unmarshalInto(s, 'array'))],
]);

/** strconv.FormatFloat(f, 'f', -1, 64): plain decimal notation, never an exponent. */
function formatFloatF(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  const s = String(v);
  if (!s.includes('e')) return s;
  const [mant, expStr] = s.split('e') as [string, string];
  const exp = Number(expStr);
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  const point =
    (mant.replace('-', '').indexOf('.') === -1
      ? mant.replace('-', '').length
      : mant.replace('-', '').indexOf('.')) + exp;
  const body =
    point <= 0
      ? `0.${'0'.repeat(-point)}${digits}`
      : point >= digits.length
        ? digits + '0'.repeat(point - digits.length)
        : `${digits.slice(0, point)}.${digits.slice(point)}`;
  return (neg ? '-' : '') + body;
}

function syntaxError(fn: string, s: string): GoError {
  return new GoError(`strconv.${fn}: parsing ${JSON.stringify(s)}: invalid syntax`);
}

/** Go `int64(f)`: truncation toward zero (NaN and out-of-range values are undefined in Go; 0 here). */
function truncateToInt64(v: number): bigint {
  return Number.isFinite(v) ? BigInt.asIntN(64, BigInt(Math.trunc(v))) : 0n;
}

/** strconv.ParseInt(s, 10, 64). */
function parseInt64(s: string): bigint {
  if (!/^[+-]?\d+$/.test(s)) throw syntaxError('ParseInt', s);
  const n = BigInt(s);
  if (n > 9223372036854775807n || n < -9223372036854775808n) {
    throw new GoError(`strconv.ParseInt: parsing ${JSON.stringify(s)}: value out of range`);
  }
  return n;
}

/** strconv.ParseBool. */
function parseBool(s: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  throw syntaxError('ParseBool', s);
}

/** strconv.ParseFloat(s, 64): decimal and exponent forms, inf and nan. */
function parseFloat64(s: string): number {
  const t = s.replace(/_/g, '');
  if (/^[+-]?(inf|infinity)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(t)) return Number.NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) || (s.includes('_') && !/^[+-]?0[xXbBoO]/.test(s))) {
    throw syntaxError('ParseFloat', s);
  }
  const v = Number(t);
  if (!Number.isFinite(v))
    throw new GoError(`strconv.ParseFloat: parsing ${JSON.stringify(s)}: value out of range`);
  return v;
}

function unmarshalInto(s: string, kind: 'object' | 'array'): unknown {
  const v = goJsonUnmarshal(s);
  const ok = kind === 'object' ? isObject(v) || v === null : Array.isArray(v) || v === null;
  if (!ok) {
    const got = Array.isArray(v)
      ? 'array'
      : typeof v === 'object'
        ? 'object'
        : typeof v === 'string'
          ? 'string'
          : typeof v;
    const target = kind === 'object' ? 'map[string]interface {}' : '[]interface {}';
    throw new GoError(`json: cannot unmarshal ${got} into Go value of type ${target}`);
  }
  return v === null ? (kind === 'object' ? {} : null) : v;
}
