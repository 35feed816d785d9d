import { closestMatch } from '../../text/did-you-mean.js';
import type { Result } from './results.js';
import { fatal, withHint } from './results.js';
import { goQuote } from '../go/fmt.js';
import { isObject } from '../go/values.js';

/**
 * Go struct types by their `%T`-style name (`v1beta1.ComposedPatch`), each field by JSON name with
 * the Go type of its value: a struct of the table, `[]T`, `map[string]T`, `string`, `int64`, `int`,
 * `bool`, or a named string type written `v1beta1.PatchType(string)`. `null` stands for a value
 * decoded by its own UnmarshalJSON, which takes anything (extv1.JSON, metav1.Time), `*any` for a
 * pointer to one (`*runtime.RawExtension`: a JSON null leaves it nil). A struct with a `*` field
 * takes members of any name (an inlined map), each of that field's type.
 */
export type GoStructs = Readonly<Record<string, Readonly<Record<string, string | null>>>>;

/** The `metav1` types every function input embeds (`TypeMeta` inline, `ObjectMeta` as metadata). */
export const META_V1: GoStructs = {
  'v1.ObjectMeta': {
    name: 'string',
    generateName: 'string',
    namespace: 'string',
    selfLink: 'string',
    uid: 'types.UID(string)',
    resourceVersion: 'string',
    generation: 'int64',
    creationTimestamp: null,
    deletionTimestamp: null,
    deletionGracePeriodSeconds: 'int64',
    labels: 'map[string]string',
    annotations: 'map[string]string',
    ownerReferences: '[]v1.OwnerReference',
    finalizers: '[]string',
    managedFields: '[]v1.ManagedFieldsEntry',
  },
  'v1.OwnerReference': {
    apiVersion: 'string',
    kind: 'string',
    name: 'string',
    uid: 'types.UID(string)',
    controller: 'bool',
    blockOwnerDeletion: 'bool',
  },
  'v1.ManagedFieldsEntry': {
    manager: 'string',
    operation: 'v1.ManagedFieldsOperationType(string)',
    apiVersion: 'string',
    time: null,
    fieldsType: 'string',
    fieldsV1: null,
    subresource: 'string',
  },
};

/** The Go types of a function input: `name` embeds TypeMeta and ObjectMeta beside its own fields. */
export function inputTypes(
  name: string,
  fields: Readonly<Record<string, string | null>>,
  others: GoStructs = {},
): GoStructs {
  return {
    ...META_V1,
    ...others,
    [name]: { apiVersion: 'string', kind: 'string', metadata: 'v1.ObjectMeta', ...fields },
  };
}

/** Where function-sdk-go's decode of a function input stops, and why. */
export interface DecodeProblem {
  /** go-json-experiment's message: `json: cannot unmarshal …`. */
  readonly error: string;
  /** The renderer's help: where it is (`resources[0].patches[1]`) and what was probably meant. */
  readonly hint: string;
}

/**
 * The first problem function-sdk-go's `request.GetInput` meets in a function input. It decodes with
 * go-json-experiment and `RejectUnknownMembers(true)` (resource.AsObject, function-sdk-go v0.5.0 to
 * v0.7.1), case-sensitively, from `protojson.Marshal(structpb)`, which writes object keys sorted, and
 * stops at the first unknown member or value of the wrong JSON kind: a depth-first walk with sorted
 * keys meets the same one first.
 */
function firstDecodeProblem(input: unknown, type: string, types: GoStructs): DecodeProblem | undefined {
  return visit(input, type, '', types);
}

function visit(v: unknown, type: string, path: string, types: GoStructs): DecodeProblem | undefined {
  // Every Go kind takes JSON null (its zero value).
  if (v === null) return undefined;
  const where = path || 'input';
  if (type.startsWith('[]')) {
    if (!Array.isArray(v)) return kindError(v, type, where, 'a list');
    for (const [i, x] of v.entries()) {
      const p = visit(x, type.slice(2), `${path}[${i}]`, types);
      if (p) return p;
    }
    return undefined;
  }
  if (type.startsWith('map[string]')) {
    if (!isObject(v)) return kindError(v, type, where, 'an object');
    for (const k of Object.keys(v).sort(byBytes)) {
      const p = visit(v[k], type.slice('map[string]'.length), `${path}[${JSON.stringify(k)}]`, types);
      if (p) return p;
    }
    return undefined;
  }
  const fields = types[type];
  if (fields === undefined) return scalarError(v, type, where);
  if (!isObject(v)) return kindError(v, type, where, 'an object');
  for (const k of Object.keys(v).sort(byBytes)) {
    if (!Object.hasOwn(fields, k) && !Object.hasOwn(fields, '*')) {
      const guess = closestMatch(k, Object.keys(fields));
      return {
        error: `${cannotUnmarshal('', type)}: unknown name ${JSON.stringify(k)}`,
        hint: `${where}: unknown field ${goQuote(k)}${guess ? `; did you mean ${goQuote(guess)}?` : ''}`,
      };
    }
    const t = Object.hasOwn(fields, k) ? fields[k] : fields['*'];
    const p = t && t !== ANY_POINTER ? visit(v[k], t, path ? `${path}.${k}` : k, types) : undefined;
    if (p) return p;
  }
  return undefined;
}

const ANY_POINTER = '*any';

/**
 * The input as the Go function holds it once decoded: a JSON null in a field is its zero value, so
 * it is left out (as if absent) or, in a list or map, becomes the element type's zero value. Values
 * decoded by their own UnmarshalJSON are kept as they are. Call only on input that decodes.
 */
function zeroNulls(v: unknown, type: string | null, types: GoStructs): unknown {
  if (type === null || type === ANY_POINTER || v === null) return v;
  const element = (t: string, x: unknown) => (x === null ? zeroValue(t, types) : zeroNulls(x, t, types));
  if (type.startsWith('[]')) return (v as unknown[]).map((x) => element(type.slice(2), x));
  const fields = types[type];
  const mapOf = type.startsWith('map[string]') ? type.slice('map[string]'.length) : undefined;
  if (mapOf === undefined && fields === undefined) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (mapOf !== undefined) out[k] = element(mapOf, x);
    else {
      const t = (Object.hasOwn(fields!, k) ? fields![k] : fields!['*']) ?? null;
      if (x !== null || t === null) out[k] = zeroNulls(x, t, types);
    }
  }
  return out;
}

function zeroValue(type: string, types: GoStructs): unknown {
  if (type.startsWith('[]')) return [];
  if (type.startsWith('map[') || Object.hasOwn(types, type)) return {};
  if (type === 'int64' || type === 'int') return 0;
  if (type === 'bool') return false;
  return type === ANY_POINTER ? null : '';
}

function scalarError(v: unknown, type: string, where: string): DecodeProblem | undefined {
  const named = /^(.+)\(string\)$/.exec(type);
  if (named || type === 'string')
    return typeof v === 'string' ? undefined : kindError(v, named?.[1] ?? type, where, 'a string');
  if (type === 'bool') return typeof v === 'boolean' ? undefined : kindError(v, type, where, 'true or false');
  if (typeof v !== 'number') return kindError(v, type, where, 'a whole number');
  // protojson writes a float64 as encoding/json does, which is how JavaScript prints a number.
  const text = String(v);
  let reason: string | undefined;
  if (!/^-?\d+$/.test(text)) reason = 'invalid syntax';
  else {
    // int64, and int on the 64-bit platforms functions run on.
    const n = BigInt(text);
    if (n >= 2n ** 63n || n < -(2n ** 63n)) reason = 'value out of range';
  }
  if (reason === undefined) return undefined;
  return {
    error: `${cannotUnmarshal('number', type)}: cannot parse ${goQuote(text)} as signed integer: ${reason}`,
    hint: `${where}: ${text} is not a whole number within int64`,
  };
}

const JSON_KIND: Readonly<Record<string, string>> = {
  string: 'string',
  number: 'number',
  boolean: 'boolean',
  object: 'object',
};

function kindError(v: unknown, goType: string, where: string, expected: string): DecodeProblem {
  const kind = Array.isArray(v) ? 'array' : (JSON_KIND[typeof v] ?? 'value');
  return {
    error: cannotUnmarshal(kind, goType),
    hint: `${where}: a JSON ${kind} where ${expected} is expected`,
  };
}

/**
 * SemanticError.Error() of go-json-experiment: "into" only when the JSON kind is known (an unknown
 * name has none). It picks "cannot" or "unable to" at random for each message; "cannot" is used here.
 */
function cannotUnmarshal(jsonKind: string, goType: string): string {
  return `json: cannot unmarshal ${jsonKind ? `JSON ${jsonKind} into ` : ''}Go value of type ${goType}`;
}

// protojson sorts map keys as Go compares strings, by UTF-8 bytes.
function byBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** A function input as `request.GetInput` leaves it: the decoded value, or the fatal result. */
export type DecodedInput<T> =
  | { readonly value: T; readonly rejected?: undefined }
  | { readonly rejected: Result };

// A Composition's input is the same object for every XR rendered with it, and never mutated.
const decoded = new WeakMap<object, DecodedInput<unknown>>();

/**
 * `request.GetInput` into `inputType`: the input with nulls as Go's zero values, or the fatal result
 * a function returns when the decode fails (`${wrap}: cannot get function input …`) with a hint
 * naming where and why. Decoded once per input object, so later caches keyed by the value hold.
 */
export function decodeInput<T extends object>(
  input: object,
  inputType: string,
  types: GoStructs,
  wrap: string,
): DecodedInput<T> {
  let d = decoded.get(input);
  if (d === undefined) {
    const p = firstDecodeProblem(input, inputType, types);
    d = p
      ? {
          rejected: withHint(
            fatal(
              `${wrap}: cannot get function input *${inputType} from *v1.RunFunctionRequest: ` +
                `cannot unmarshal JSON from *structpb.Struct into *${inputType}: ${p.error}`,
            ),
            p.hint,
          ),
        }
      : { value: zeroNulls(input, inputType, types) };
    decoded.set(input, d);
  }
  return d as DecodedInput<T>;
}
