import type { GoStructs } from './go/strict-input.js';
import { META_V1 } from './go/strict-input.js';

/** The Go type of function-patch-and-transform v0.10.8's input, as `%T` names it. */
export const PT_INPUT_TYPE = 'v1beta1.Resources';

// Each patch type embeds Patch inline and adds its own fields (input/v1beta1/resources_patches.go).
const PATCH = {
  fromFieldPath: null,
  combine: 'v1beta1.Combine',
  toFieldPath: null,
  transforms: '[]v1beta1.Transform',
  policy: 'v1beta1.PatchPolicy',
} as const;

/** The struct types of function-patch-and-transform v0.10.8's input (input/v1beta1), JSON names. */
export const PT_INPUT_TYPES: GoStructs = {
  ...META_V1,
  'v1beta1.Resources': {
    apiVersion: null,
    kind: null,
    metadata: 'v1.ObjectMeta',
    patchSets: '[]v1beta1.PatchSet',
    environment: 'v1beta1.Environment',
    resources: '[]v1beta1.ComposedTemplate',
    writeConnectionSecretToRef: 'v1beta1.WriteConnectionSecretToRef',
  },
  'v1beta1.PatchSet': { name: null, patches: '[]v1beta1.PatchSetPatch' },
  'v1beta1.Environment': { patches: '[]v1beta1.EnvironmentPatch' },
  'v1beta1.WriteConnectionSecretToRef': {
    name: null,
    namespace: null,
    patches: '[]v1beta1.ConnectionSecretPatch',
  },
  'v1beta1.ComposedTemplate': {
    name: null,
    base: null,
    patches: '[]v1beta1.ComposedPatch',
    connectionDetails: '[]v1beta1.ConnectionDetail',
    readinessChecks: '[]v1beta1.ReadinessCheck',
  },
  'v1beta1.ComposedPatch': { ...PATCH, type: null, patchSetName: null },
  'v1beta1.PatchSetPatch': { ...PATCH, type: null },
  'v1beta1.EnvironmentPatch': { ...PATCH, type: null },
  'v1beta1.ConnectionSecretPatch': { ...PATCH, type: null },
  'v1beta1.Combine': {
    variables: '[]v1beta1.CombineVariable',
    strategy: null,
    string: 'v1beta1.StringCombine',
  },
  'v1beta1.CombineVariable': { fromFieldPath: null },
  'v1beta1.StringCombine': { fmt: null },
  'v1beta1.PatchPolicy': { fromFieldPath: null, toFieldPath: null },
  'v1beta1.Transform': {
    type: null,
    math: 'v1beta1.MathTransform',
    // MapTransform inlines a map: any key is a pair.
    map: null,
    match: 'v1beta1.MatchTransform',
    string: 'v1beta1.StringTransform',
    convert: 'v1beta1.ConvertTransform',
  },
  'v1beta1.MathTransform': { type: null, multiply: null, clampMin: null, clampMax: null },
  'v1beta1.MatchTransform': {
    patterns: '[]v1beta1.MatchTransformPattern',
    fallbackValue: null,
    fallbackTo: null,
  },
  'v1beta1.MatchTransformPattern': { type: null, literal: null, regexp: null, result: null },
  'v1beta1.StringTransform': {
    type: null,
    fmt: null,
    convert: null,
    trim: null,
    regexp: 'v1beta1.StringTransformRegexp',
    join: 'v1beta1.StringTransformJoin',
    replace: 'v1beta1.StringTransformReplace',
  },
  'v1beta1.StringTransformRegexp': { match: null, group: null },
  'v1beta1.StringTransformJoin': { separator: null },
  'v1beta1.StringTransformReplace': { search: null, replace: null },
  'v1beta1.ConvertTransform': { toType: null, format: null },
  'v1beta1.ConnectionDetail': {
    name: null,
    type: null,
    fromConnectionSecretKey: null,
    fromFieldPath: null,
    value: null,
  },
  'v1beta1.ReadinessCheck': {
    type: null,
    fieldPath: null,
    matchString: null,
    matchInteger: null,
    matchCondition: 'v1beta1.MatchConditionReadinessCheck',
  },
  'v1beta1.MatchConditionReadinessCheck': { type: null, status: null },
};
