import { closestMatch } from '../../text/did-you-mean.js';
import type { Result } from '../results.js';
import { fatal, withHint } from '../results.js';
import { goQuote } from './fmt.js';
import { isObject } from './values.js';

/**
 * Go struct types by their `%T`-style name (`v1beta1.ComposedPatch`), each field by JSON name with
 * the Go type of its value when that is a struct (a `[]` prefix for a slice of them); `null` for a
 * value decoded without member checks (strings, numbers, maps, RawExtension, extv1.JSON).
 */
export type GoStructs = Readonly<Record<string, Readonly<Record<string, string | null>>>>;

/** The `metav1` types every function input embeds (`TypeMeta` inline, `ObjectMeta` as metadata). */
export const META_V1: GoStructs = {
  'v1.ObjectMeta': {
    name: null,
    generateName: null,
    namespace: null,
    selfLink: null,
    uid: null,
    resourceVersion: null,
    generation: null,
    creationTimestamp: null,
    deletionTimestamp: null,
    deletionGracePeriodSeconds: null,
    labels: null,
    annotations: null,
    ownerReferences: '[]v1.OwnerReference',
    finalizers: null,
    managedFields: '[]v1.ManagedFieldsEntry',
  },
  'v1.OwnerReference': {
    apiVersion: null,
    kind: null,
    name: null,
    uid: null,
    controller: null,
    blockOwnerDeletion: null,
  },
  'v1.ManagedFieldsEntry': {
    manager: null,
    operation: null,
    apiVersion: null,
    time: null,
    fieldsType: null,
    fieldsV1: null,
    subresource: null,
  },
};

/** The first member of a function input that its Go type does not have, and where it is. */
export interface UnknownMember {
  /** The Go struct type that has no such field. */
  readonly goType: string;
  readonly name: string;
  /** Where, as `resources[0].patches[1]` (`input` at the top). */
  readonly path: string;
  /** The field of that type probably meant, if one is close. */
  readonly guess?: string;
}

/**
 * The member function-sdk-go's `request.GetInput` stops at. It decodes the input with
 * go-json-experiment and `RejectUnknownMembers(true)` (resource.AsObject, function-sdk-go v0.5.0 to
 * v0.7.1), case-sensitively, from `protojson.Marshal(structpb)`, which writes object keys sorted: the
 * first unknown member in a depth-first walk with sorted keys is the one the cluster reports.
 */
export function firstUnknownMember(
  input: unknown,
  type: string,
  types: GoStructs,
): UnknownMember | undefined {
  return visit(input, type, '', types);
}

function visit(v: unknown, type: string, path: string, types: GoStructs): UnknownMember | undefined {
  if (type.startsWith('[]')) {
    if (!Array.isArray(v)) return undefined;
    for (const [i, x] of v.entries()) {
      const u = visit(x, type.slice(2), `${path}[${i}]`, types);
      if (u) return u;
    }
    return undefined;
  }
  const fields = types[type];
  if (fields === undefined || !isObject(v)) return undefined;
  for (const k of Object.keys(v).sort(byBytes)) {
    if (!Object.hasOwn(fields, k)) {
      const guess = closestMatch(k, Object.keys(fields));
      return { goType: type, name: k, path: path || 'input', ...(guess ? { guess } : {}) };
    }
    const t = fields[k];
    const u = t ? visit(v[k], t, path ? `${path}.${k}` : k, types) : undefined;
    if (u) return u;
  }
  return undefined;
}

// protojson sorts map keys as Go compares strings, by UTF-8 bytes.
function byBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/**
 * `request.GetInput`'s error for an unknown member, from `inputType` (`v1beta1.Resources`) down.
 * go-json-experiment picks "cannot" or "unable to" at random for each message; "cannot" is used here.
 */
export function getInputError(inputType: string, u: UnknownMember): string {
  return (
    `cannot get function input *${inputType} from *v1.RunFunctionRequest: ` +
    `cannot unmarshal JSON from *structpb.Struct into *${inputType}: ` +
    `json: cannot unmarshal into Go value of type ${u.goType}: unknown name ${JSON.stringify(u.name)}`
  );
}

/** The renderer's own help next to that error: where the member is and the field probably meant. */
export function unknownMemberHint(u: UnknownMember): string {
  return `${u.path}: unknown field ${goQuote(u.name)}${u.guess ? `; did you mean ${goQuote(u.guess)}?` : ''}`;
}

// A Composition's input is the same object for every XR rendered with it, and never mutated.
const checked = new WeakMap<object, Result | null>();

/**
 * The fatal result a function returns when `request.GetInput` fails on an unknown member
 * (`${wrap}: cannot get function input …`), with a hint naming where it is; undefined when the
 * input decodes. Checked once per input object.
 */
export function rejectUnknownMembers(
  input: unknown,
  inputType: string,
  types: GoStructs,
  wrap: string,
): Result | undefined {
  if (!isObject(input)) return undefined;
  let r = checked.get(input);
  if (r === undefined) {
    const u = firstUnknownMember(input, inputType, types);
    r = u ? withHint(fatal(`${wrap}: ${getInputError(inputType, u)}`), unknownMemberHint(u)) : null;
    checked.set(input, r);
  }
  return r ?? undefined;
}
