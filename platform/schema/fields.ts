/**
 * The field builder: a small subset of OpenAPI v3 that Kubernetes structural schemas accept (no `const`,
 * no `patternProperties`, no `oneOf` at the top). Each field carries its TypeScript type as a phantom so
 * that the spec type of an API is derived, never written twice.
 */

/** A Kubernetes CEL validation rule (`x-kubernetes-validations` entry). */
export interface CelRule {
  /** CEL expression over `self`; must evaluate to true. */
  readonly rule: string;
  /** Message the API server returns when the rule fails. */
  readonly message: string;
  /** Path (relative to the node carrying the rule, e.g. `.port`) the error is reported at. */
  readonly fieldPath?: string;
}

/** The kinds of node a field can be. */
export type FieldKind = 'string' | 'integer' | 'boolean' | 'object' | 'array' | 'map';

/** Constraints shared by all kinds, already in OpenAPI spelling. */
export interface FieldConstraints {
  readonly enum?: readonly string[];
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly format?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly listType?: 'atomic' | 'set' | 'map';
  readonly listMapKeys?: readonly string[];
}

/**
 * One node of an API schema. `T` is the TypeScript type a user writes, `R` whether the field is required.
 * Build fields with the functions below, never by hand.
 */
export interface Field<T = unknown, R extends boolean = boolean> {
  readonly kind: FieldKind;
  readonly description: string;
  readonly isRequired: R;
  readonly default?: unknown;
  readonly constraints: FieldConstraints;
  readonly rules: readonly CelRule[];
  /** Object children, for `object`. */
  readonly properties?: Readonly<Record<string, Field>>;
  /** Element schema, for `array`. */
  readonly items?: Field;
  /** Value schema, for `map` (an object with `additionalProperties`). */
  readonly values?: Field;
  /** Phantom: never set at runtime. */
  readonly __type?: T;
}

/** The TypeScript type a field accepts. */
export type TypeOf<F> = F extends Field<infer T, boolean> ? T : never;

type Simplify<T> = { [K in keyof T]: T[K] } & {};
type RequiredKeys<P> = { [K in keyof P]: P[K] extends Field<unknown, true> ? K : never }[keyof P];

/** The TypeScript object type of a set of properties: required fields mandatory, the rest optional. */
export type ObjectOf<P extends Record<string, Field>> = Simplify<
  { -readonly [K in RequiredKeys<P>]: TypeOf<P[K]> } & {
    -readonly [K in Exclude<keyof P, RequiredKeys<P>>]?: TypeOf<P[K]>;
  }
>;

type Req<O> = O extends { readonly required: true } ? true : false;

/** Options every builder takes. */
export interface CommonOptions {
  /** What the field is for; becomes the XRD description and the docs. */
  readonly description: string;
  /** The user must set it. A field with a default cannot be required. */
  readonly required?: boolean;
  /** CEL rules evaluated on this node. */
  readonly rules?: readonly CelRule[];
}

/** Options of `string()`. */
export interface StringOptions extends CommonOptions {
  readonly default?: string;
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly format?: string;
}

/** Options of `integer()`. */
export interface IntegerOptions extends CommonOptions {
  readonly default?: number;
  readonly minimum?: number;
  readonly maximum?: number;
}

/** Options of `boolean()`. */
export interface BooleanOptions extends CommonOptions {
  readonly default?: boolean;
}

/** Options of `array()`. */
export interface ArrayOptions extends CommonOptions {
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly listType?: 'atomic' | 'set' | 'map';
  readonly listMapKeys?: readonly string[];
}

function makeField<T, R extends boolean>(
  kind: FieldKind,
  options: CommonOptions & { readonly default?: unknown },
  constraints: FieldConstraints,
  children: Pick<Field, 'properties' | 'items' | 'values'> = {},
): Field<T, R> {
  if (!options.description.trim()) throw new Error(`a ${kind} field needs a description`);
  if (options.required && options.default !== undefined) {
    throw new Error(`a field with a default cannot be required (default ${JSON.stringify(options.default)})`);
  }
  const cleaned = Object.fromEntries(Object.entries(constraints).filter(([, v]) => v !== undefined));
  return {
    kind,
    description: options.description,
    isRequired: (options.required ?? false) as R,
    ...(options.default !== undefined ? { default: options.default } : {}),
    constraints: cleaned,
    rules: options.rules ?? [],
    ...children,
  };
}

/** A string field. */
export function string<const O extends StringOptions>(options: O): Field<string, Req<O>> {
  const { pattern, minLength, maxLength, format } = options;
  if (pattern !== undefined) new RegExp(pattern, 'u'); // fails fast on a malformed pattern
  return makeField('string', options, { pattern, minLength, maxLength, format });
}

/** A string field restricted to a closed set of values. */
export function enumeration<const V extends readonly [string, ...string[]], const O extends CommonOptions>(
  values: V,
  options: O & { readonly default?: V[number] },
): Field<V[number], Req<O>> {
  if (options.default !== undefined && !values.includes(options.default)) {
    throw new Error(`default ${JSON.stringify(options.default)} is not one of ${values.join(', ')}`);
  }
  return makeField('string', options, { enum: values });
}

/** An integer field. */
export function integer<const O extends IntegerOptions>(options: O): Field<number, Req<O>> {
  const { minimum, maximum } = options;
  if (minimum !== undefined && maximum !== undefined && minimum > maximum) {
    throw new Error(`minimum (${minimum}) must be <= maximum (${maximum})`);
  }
  return makeField('integer', options, { minimum, maximum });
}

/** A boolean field. */
export function boolean<const O extends BooleanOptions>(options: O): Field<boolean, Req<O>> {
  return makeField('boolean', options, {});
}

/** An object field with fixed properties. */
export function object<const P extends Record<string, Field>, const O extends CommonOptions>(
  properties: P,
  options: O,
): Field<ObjectOf<P>, Req<O>> {
  return makeField('object', options, {}, { properties });
}

/** A list field. */
export function array<I extends Field, const O extends ArrayOptions>(
  items: I,
  options: O,
): Field<TypeOf<I>[], Req<O>> {
  const { minItems, maxItems, listType, listMapKeys } = options;
  if (listType === 'map' && !listMapKeys?.length) throw new Error('a map list needs listMapKeys');
  return makeField('array', options, { minItems, maxItems, listType, listMapKeys }, { items });
}

/** A string-to-value map (`additionalProperties`). */
export function map<V extends Field, const O extends CommonOptions>(
  values: V,
  options: O,
): Field<Record<string, TypeOf<V>>, Req<O>> {
  return makeField('map', options, {}, { values });
}
