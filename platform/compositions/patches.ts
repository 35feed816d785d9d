/**
 * Builders for function-patch-and-transform v0.10.8 patches and transforms (`pt.fn.crossplane.io/v1beta1`).
 * Every patch is emitted with an explicit `policy.fromFieldPath: Optional`, so an absent input field
 * leaves the composed resource untouched rather than failing the XR.
 */

/** A P&T transform, plain JSON. */
export type Transform = Record<string, unknown> & { type: 'map' | 'match' | 'math' | 'string' | 'convert' };

/** A P&T patch, plain JSON. */
export type Patch = Record<string, unknown> & { type: string };

/** How a patch writes into an existing value. */
export type MergePolicy = 'Replace' | 'MergeObjects' | 'ForceMergeObjects' | 'ForceMergeObjectsAppendArrays';

/** Options of the patch builders. */
export interface PatchOptions {
  readonly transforms?: readonly Transform[];
  /** How to write the value; appending to a list needs `ForceMergeObjectsAppendArrays`. */
  readonly merge?: MergePolicy;
}

function policy(merge: MergePolicy | undefined) {
  return { fromFieldPath: 'Optional', ...(merge && merge !== 'Replace' ? { toFieldPath: merge } : {}) };
}

function withTransforms(transforms: readonly Transform[] | undefined) {
  return transforms?.length ? { transforms: [...transforms] } : {};
}

/** Copies an XR field into the composed resource (`FromCompositeFieldPath`). */
export function fromXr(from: string, to: string, options: PatchOptions = {}): Patch {
  return {
    type: 'FromCompositeFieldPath',
    fromFieldPath: from,
    toFieldPath: to,
    ...withTransforms(options.transforms),
    policy: policy(options.merge),
  };
}

/**
 * Formats several XR fields into one value (`CombineFromComposite`). P&T skips the patch when any
 * variable is absent, which is how optional parts are gated on their inputs.
 */
export function combineFromXr(
  variables: readonly string[],
  fmt: string,
  to: string,
  options: PatchOptions = {},
): Patch {
  return {
    type: 'CombineFromComposite',
    combine: { variables: variables.map((v) => ({ fromFieldPath: v })), strategy: 'string', string: { fmt } },
    toFieldPath: to,
    ...withTransforms(options.transforms),
    policy: policy(options.merge),
  };
}

/** Copies an observed composed field back to the XR (`ToCompositeFieldPath`), e.g. into status. */
export function toXr(from: string, to: string, options: PatchOptions = {}): Patch {
  return {
    type: 'ToCompositeFieldPath',
    fromFieldPath: from,
    toFieldPath: to,
    ...withTransforms(options.transforms),
    policy: policy(options.merge),
  };
}

/**
 * Copies an XR field into the Composition environment (`ToEnvironmentFieldPath`, an environment
 * patch): scratch space shared by the resources of one render, e.g. a value computed from two fields.
 */
export function toEnvironment(from: string, to: string, options: PatchOptions = {}): Patch {
  return { ...fromXr(from, to, options), type: 'ToEnvironmentFieldPath' };
}

/** Copies a Composition environment field into the composed resource (`FromEnvironmentFieldPath`). */
export function fromEnvironment(from: string, to: string, options: PatchOptions = {}): Patch {
  return { ...fromXr(from, to, options), type: 'FromEnvironmentFieldPath' };
}

/** Formats several observed composed fields into one XR field (`CombineToComposite`). */
export function combineToXr(variables: readonly string[], fmt: string, to: string): Patch {
  return {
    type: 'CombineToComposite',
    combine: { variables: variables.map((v) => ({ fromFieldPath: v })), strategy: 'string', string: { fmt } },
    toFieldPath: to,
    policy: policy(undefined),
  };
}

/** `string` Format transform (Go `fmt.Sprintf`). */
export function format(fmt: string): Transform {
  return { type: 'string', string: { type: 'Format', fmt } };
}

/** `convert` transform to a type (`json` format parses a JSON string into an object or array). */
export function convert(toType: 'string' | 'int64' | 'bool' | 'object' | 'array', isJson = false): Transform {
  return { type: 'convert', convert: { toType, ...(isJson ? { format: 'json' } : {}) } };
}

/** `map` transform: string input → table value (any JSON). */
export function mapTo(table: Record<string, unknown>): Transform {
  return { type: 'map', map: structuredClone(table) };
}

/** `match` transform: `result` when the string input matches the Go `regexp`, else the input unchanged. */
export function matchRegexp(regexp: string, result: unknown): Transform {
  return {
    type: 'match',
    match: { patterns: [{ type: 'regexp', regexp, result: structuredClone(result) }], fallbackTo: 'Input' },
  };
}

/**
 * A Go format string producing the JSON text of `template`. Placeholders in string values:
 * `@@%[n]s@@` / `@@%[n]v@@` are spliced in place (so `"prefix-@@%[1]s@@"` stays a JSON string);
 * a whole value `"@@raw%[n]v@@"` becomes an unquoted number and `"@@%[n]q@@"` a Go-quoted string.
 * Literal `%` is escaped as `%%`.
 * @example jsonTemplate([{ name: 'X', port: '@@raw%[2]v@@' }]) // '[{"name":"X","port":%[2]v}]'
 */
export function jsonTemplate(template: unknown): string {
  return JSON.stringify(template)
    .replace(/%/g, '%%')
    .replace(/"@@raw%%(\[\d+\]v)@@"/g, '%$1')
    .replace(/"@@%%(\[\d+\]q)@@"/g, '%$1')
    .replace(/@@%%(\[\d+\][sv])@@/g, '%$1');
}
