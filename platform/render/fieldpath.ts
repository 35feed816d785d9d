import { GoError, lazyNotFound, wrapError } from './go/errors.js';
import { goQuote } from './go/fmt.js';
import type { JsonObject, JsonValue } from './go/values.js';
import { isObject, toJsonValue } from './go/values.js';
import { mergeValues } from './fieldpath-merge.js';
import type { MergeOptions } from './fieldpath-merge.js';

// Messages of crossplane-runtime v2.3 pkg/fieldpath (fieldpath.go, paved.go), verbatim.
const ERR_FMT_UNEXPECTED = (c: string, pos: number) => `unexpected '${c}' at position ${pos}`;
const ERR_FMT_UNTERMINATED = (pos: number) => `unterminated '[' at position ${pos}`;
const ERR_FMT_CANNOT_PARSE = (path: string) => `cannot parse path ${goQuote(path)}`;
const ERR_NOT_AN_ARRAY = ': not an array';
const ERR_NO_SUCH_ELEMENT = ': no such element';
const ERR_NO_SUCH_FIELD = ': no such field';
const ERR_EXPECTED_MAP_GOT_NIL = ': expected map, got nil';
const ERR_NOT_AN_OBJECT = ': not an object';
const ERR_MAX_INDEX = (i: number, max: number) => `index ${i} is greater than max allowed index ${max}`;

/** The maximum array index a field path may set (crossplane-runtime DefaultMaxFieldPathIndex). */
export const DEFAULT_MAX_FIELD_PATH_INDEX = 1024;
const WILDCARD = '*';

/** One segment of a parsed field path: a field name or an array index. */
export type Segment =
  | { readonly type: 'field'; readonly field: string }
  | { readonly type: 'index'; readonly index: number };

/** Formats segments back into a path (`Segments.String`): brackets for `*` and dotted names. */
export function segmentsToString(s: readonly Segment[]): string {
  let b = '';
  for (const seg of s) {
    if (seg.type === 'field') {
      b += seg.field === WILDCARD || seg.field.includes('.') ? `[${seg.field}]` : `.${seg.field}`;
    } else {
      b += `[${seg.index}]`;
    }
  }
  return b.startsWith('.') ? b.slice(1) : b;
}

/** `Segments` formatted with Go's `%q` (a quoted string). */
function quoteSegments(s: readonly Segment[]): string {
  return goQuote(segmentsToString(s));
}

function fieldOrIndex(s: string): Segment {
  if (/^\d+$/.test(s)) {
    const n = Number(s);
    if (n <= 0xffffffff) return { type: 'index', index: n };
  }
  return field(s);
}

function field(s: string): Segment {
  return { type: 'field', field: s.replace(/^['"]+|['"]+$/g, '') };
}

const parseCache = new Map<string, Segment[] | GoError>();

/**
 * Parses a field path such as `spec.containers[0].name`, `metadata.labels[app.kubernetes.io/name]`
 * or `spec.items[*].name` (the lexer of crossplane-runtime's fieldpath package). Throws a GoError
 * whose message is the upstream one (`unexpected '.' at position 0`).
 */
export function parse(path: string): Segment[] {
  let cached = parseCache.get(path);
  if (cached === undefined) {
    try {
      cached = lex(path);
    } catch (err) {
      cached = err as GoError;
    }
    if (parseCache.size > 10_000) parseCache.clear();
    parseCache.set(path, cached);
  }
  if (cached instanceof GoError) throw cached;
  return cached;
}

function lex(input: string): Segment[] {
  const out: Segment[] = [];
  let pos = 0;
  let start = 0;
  const emitField = (kind: 'field' | 'fieldOrIndex') => {
    if (pos <= start) return;
    const val = input.slice(start, pos);
    out.push(kind === 'field' ? field(val) : fieldOrIndex(val));
    start = pos;
  };
  const skip = () => {
    if (pos > start) start = pos;
  };
  // lexField
  for (;;) {
    let next: 'period' | 'bracket' | 'eol' = 'eol';
    for (let i = pos; i < input.length; i++) {
      const r = input[i];
      if (r === ']') throw new GoError(ERR_FMT_UNEXPECTED(']', i));
      if (r === '[' || r === '.') {
        pos = i;
        emitField('field');
        next = r === '[' ? 'bracket' : 'period';
        break;
      }
    }
    if (next === 'eol') {
      pos = input.length;
      emitField('field');
      return out;
    }
    if (next === 'period') {
      if (pos === 0 || pos === input.length - 1) throw new GoError(ERR_FMT_UNEXPECTED('.', pos));
      pos += 1;
      skip();
      const r = input[pos];
      if (r === '.') throw new GoError(ERR_FMT_UNEXPECTED('.', pos));
      if (r === '[') throw new GoError(ERR_FMT_UNEXPECTED('[', pos));
      continue;
    }
    // lexLeftBracket
    if (!input.slice(pos).includes(']')) throw new GoError(ERR_FMT_UNTERMINATED(pos));
    pos += 1;
    skip();
    // lexFieldOrIndex
    const rbi = input.indexOf(']', pos) - pos;
    if (rbi === 0) throw new GoError(ERR_FMT_UNEXPECTED(']', pos));
    const lbi = input.slice(pos, pos + rbi).indexOf('[');
    if (lbi > -1) throw new GoError(ERR_FMT_UNEXPECTED('[', pos + lbi));
    pos += rbi;
    emitField('fieldOrIndex');
    // lexRightBracket
    pos += 1;
    skip();
  }
}

function notFound(message: () => string): GoError {
  return lazyNotFound(message);
}

/** Reads the value at segments from a decoded object (`getValueFromInterface`). */
export function getValueFromInterface(it: unknown, s: readonly Segment[]): JsonValue {
  let cur: unknown = it;
  for (let i = 0; i < s.length; i++) {
    const seg = s[i]!;
    if (seg.type === 'index') {
      if (!Array.isArray(cur)) throw new GoError(segmentsToString(s.slice(0, i)) + ERR_NOT_AN_ARRAY);
      if (seg.index >= cur.length)
        throw notFound(() => segmentsToString(s.slice(0, i + 1)) + ERR_NO_SUCH_ELEMENT);
      cur = cur[seg.index];
    } else if (isObject(cur)) {
      if (!Object.hasOwn(cur, seg.field))
        throw notFound(() => segmentsToString(s.slice(0, i + 1)) + ERR_NO_SUCH_FIELD);
      cur = cur[seg.field];
    } else if (cur === null || cur === undefined) {
      throw notFound(() => segmentsToString(s.slice(0, i)) + ERR_EXPECTED_MAP_GOT_NIL);
    } else {
      throw new GoError(segmentsToString(s.slice(0, i)) + ERR_NOT_AN_OBJECT);
    }
  }
  return s.length === 0 ? null : (cur as JsonValue);
}

/**
 * A paved object: field-path reads and writes on a decoded JSON object (crossplane-runtime
 * `fieldpath.Paved`). Writes mutate the object in place.
 */
export class Paved {
  readonly object: JsonObject;
  readonly #maxIndex: number;

  constructor(object: JsonObject, maxFieldPathIndex = DEFAULT_MAX_FIELD_PATH_INDEX) {
    this.object = object;
    this.#maxIndex = maxFieldPathIndex;
  }

  /** `GetValue`: the value at path; a GoError (maybe notFound) otherwise. */
  getValue(path: string): JsonValue {
    let segments: Segment[];
    try {
      segments = parse(path);
    } catch (err) {
      throw wrapError(err, ERR_FMT_CANNOT_PARSE(path));
    }
    return getValueFromInterface(this.object, segments);
  }

  /** `GetString`: the string at path. */
  getString(path: string): string {
    const v = this.getValue(path);
    if (typeof v !== 'string') throw new GoError(`${path}: not a string`);
    return v;
  }

  /** `GetBool`: the bool at path. */
  getBool(path: string): boolean {
    const v = this.getValue(path);
    if (typeof v !== 'boolean') throw new GoError(`${path}: not a bool`);
    return v;
  }

  /** `GetInteger`: the int64 at path (a float is not an integer, as in Go). */
  getInteger(path: string): bigint {
    const v = this.getValue(path);
    if (typeof v !== 'bigint') throw new GoError(`${path}: not a (int64) number`);
    return v;
  }

  /** `SetValue`: writes value at path, creating objects and arrays on the way. */
  setValue(path: string, value: unknown, fresh = false): void {
    let segments: Segment[];
    try {
      segments = parse(path);
    } catch (err) {
      throw wrapError(err, ERR_FMT_CANNOT_PARSE(path));
    }
    this.#setValue(segments, fresh ? (value as JsonValue) : toJsonValue(value));
  }

  /**
   * `MergeValue`: merges value into what is at path according to merge options (or replaces).
   * `fresh` says value is already an unshared decoded-JSON value, so it need not be copied again.
   */
  mergeValue(path: string, value: unknown, mo: MergeOptions | undefined, fresh = false): void {
    let dst: JsonValue = null;
    if (mo !== undefined) {
      try {
        dst = this.getValue(path);
      } catch (err) {
        if (!(err instanceof GoError) || !err.notFound) throw err;
        dst = null;
      }
    }
    this.setValue(path, mergeValues(dst, fresh ? (value as JsonValue) : toJsonValue(value), mo), true);
  }

  /** `ExpandWildcards`: every concrete path that a path with `[*]` stands for. */
  expandWildcards(path: string): string[] {
    let segments: Segment[];
    try {
      segments = parse(path);
    } catch (err) {
      throw wrapError(err, ERR_FMT_CANNOT_PARSE(path));
    }
    let expanded: Segment[][];
    try {
      expanded = expandWildcards(this.object, segments);
    } catch (err) {
      throw wrapError(err, `cannot expand wildcards for segments: ${quoteSegments(segments)}`);
    }
    return expanded.map((s) => segmentsToString(s));
  }

  #setValue(s: readonly Segment[], v: JsonValue): void {
    for (const seg of s) {
      if (seg.type === 'index' && seg.index > this.#maxIndex) {
        throw new GoError(ERR_MAX_INDEX(seg.index, this.#maxIndex));
      }
    }
    let cur: unknown = this.object;
    for (let i = 0; i < s.length; i++) {
      const seg = s[i]!;
      const final = i === s.length - 1;
      if (seg.type === 'index') {
        if (!Array.isArray(cur)) throw new GoError(`${segmentsToString(s.slice(0, i))} is not an array`);
        if (final) {
          cur[seg.index] = v;
          return;
        }
        prepare(cur, seg.index, s[i + 1]!);
        cur = cur[seg.index];
      } else {
        if (!isObject(cur)) throw new GoError(`${segmentsToString(s.slice(0, i))} is not an object`);
        if (final) {
          cur[seg.field] = v;
          return;
        }
        prepare(cur, seg.field, s[i + 1]!);
        cur = cur[seg.field];
      }
    }
  }
}

/** prepareElement / prepareField: make room for the next segment. */
function prepare(container: JsonValue[] | JsonObject, key: number | string, next: Segment): void {
  const c = container as Record<string | number, JsonValue | undefined>;
  const existing = c[key];
  const missing = Array.isArray(container)
    ? existing === null || existing === undefined
    : !Object.hasOwn(container, key);
  if (missing) {
    c[key] = next.type === 'index' ? new Array(next.index + 1).fill(null) : {};
    return;
  }
  if (next.type !== 'index' || !Array.isArray(existing)) return;
  while (existing.length <= next.index) existing.push(null);
}

function expandWildcards(data: unknown, segments: readonly Segment[]): Segment[][] {
  const res: Segment[][] = [];
  let it: unknown = data;
  for (let i = 0; i < segments.length; i++) {
    const cur = segments[i]!;
    if (cur.type === 'field' && cur.field === WILDCARD) {
      if (Array.isArray(it)) {
        for (let ix = 0; ix < it.length; ix++) {
          const expanded = [...segments.slice(0, i), fieldOrIndex(String(ix)), ...segments.slice(i + 1)];
          res.push(...expandOrWrap(data, expanded));
        }
      } else if (isObject(it)) {
        for (const k of Object.keys(it)) {
          const expanded = [...segments.slice(0, i), field(k), ...segments.slice(i + 1)];
          res.push(...expandOrWrap(data, expanded));
        }
      } else if (it === null || it === undefined) {
        throw notFound(
          () => `wildcard field ${quoteSegments(segments.slice(0, i))} is not found in the path`,
        );
      } else {
        throw new GoError(`${quoteSegments(segments.slice(0, i))}: unexpected wildcard usage`);
      }
      return res;
    }
    try {
      it = getValueFromInterface(data, segments.slice(0, i + 1));
    } catch (err) {
      if (err instanceof GoError && err.notFound) return [];
      throw err;
    }
  }
  res.push([...segments]);
  return res;
}

function expandOrWrap(data: unknown, expanded: Segment[]): Segment[][] {
  try {
    return expandWildcards(data, expanded);
  } catch (err) {
    throw wrapError(err, `${quoteSegments(expanded)}: cannot expand wildcards`);
  }
}
