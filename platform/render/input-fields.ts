import type { GoStructs } from './core/strict-input.js';
import { inputTypes } from './core/strict-input.js';

/** The Go type of function-patch-and-transform v0.10.8's input, as `%T` names it. */
export const PT_INPUT_TYPE = 'v1beta1.Resources';

// Each patch type embeds Patch inline and adds its own fields (input/v1beta1/resources_patches.go).
const PATCH = {
  fromFieldPath: 'string',
  combine: 'v1beta1.Combine',
  toFieldPath: 'string',
  transforms: '[]v1beta1.Transform',
  policy: 'v1beta1.PatchPolicy',
  type: 'v1beta1.PatchType(string)',
} as const;

/** The struct types of function-patch-and-transform v0.10.8's input (input/v1beta1), JSON names. */
const STRUCTS: GoStructs = {
  'v1beta1.PatchSet': { name: 'string', patches: '[]v1beta1.PatchSetPatch' },
  'v1beta1.Environment': { patches: '[]v1beta1.EnvironmentPatch' },
  'v1beta1.WriteConnectionSecretToRef': {
    name: 'string',
    namespace: 'string',
    patches: '[]v1beta1.ConnectionSecretPatch',
  },
  'v1beta1.ComposedTemplate': {
    name: 'string',
    base: '*any',
    patches: '[]v1beta1.ComposedPatch',
    connectionDetails: '[]v1beta1.ConnectionDetail',
    readinessChecks: '[]v1beta1.ReadinessCheck',
  },
  'v1beta1.ComposedPatch': { ...PATCH, patchSetName: 'string' },
  'v1beta1.PatchSetPatch': PATCH,
  'v1beta1.EnvironmentPatch': PATCH,
  'v1beta1.ConnectionSecretPatch': PATCH,
  'v1beta1.Combine': {
    variables: '[]v1beta1.CombineVariable',
    strategy: 'v1beta1.CombineStrategy(string)',
    string: 'v1beta1.StringCombine',
  },
  'v1beta1.CombineVariable': { fromFieldPath: 'string' },
  'v1beta1.StringCombine': { fmt: 'string' },
  'v1beta1.PatchPolicy': {
    fromFieldPath: 'v1beta1.FromFieldPathPolicy(string)',
    toFieldPath: 'v1beta1.ToFieldPathPolicy(string)',
  },
  'v1beta1.Transform': {
    type: 'v1beta1.TransformType(string)',
    math: 'v1beta1.MathTransform',
    map: 'v1beta1.MapTransform',
    match: 'v1beta1.MatchTransform',
    string: 'v1beta1.StringTransform',
    convert: 'v1beta1.ConvertTransform',
  },
  // MapTransform inlines a map of extv1.JSON: any key is a pair, any value its result.
  'v1beta1.MapTransform': { '*': null },
  'v1beta1.MathTransform': {
    type: 'v1beta1.MathTransformType(string)',
    multiply: 'int64',
    clampMin: 'int64',
    clampMax: 'int64',
  },
  'v1beta1.MatchTransform': {
    patterns: '[]v1beta1.MatchTransformPattern',
    fallbackValue: null,
    fallbackTo: 'v1beta1.MatchFallbackTo(string)',
  },
  'v1beta1.MatchTransformPattern': {
    type: 'v1beta1.MatchTransformPatternType(string)',
    literal: 'string',
    regexp: 'string',
    result: null,
  },
  'v1beta1.StringTransform': {
    type: 'v1beta1.StringTransformType(string)',
    fmt: 'string',
    convert: 'v1beta1.StringConversionType(string)',
    trim: 'string',
    regexp: 'v1beta1.StringTransformRegexp',
    join: 'v1beta1.StringTransformJoin',
    replace: 'v1beta1.StringTransformReplace',
  },
  'v1beta1.StringTransformRegexp': { match: 'string', group: 'int' },
  'v1beta1.StringTransformJoin': { separator: 'string' },
  'v1beta1.StringTransformReplace': { search: 'string', replace: 'string' },
  'v1beta1.ConvertTransform': {
    toType: 'v1beta1.TransformIOType(string)',
    format: 'v1beta1.ConvertTransformFormat(string)',
  },
  'v1beta1.ConnectionDetail': {
    name: 'string',
    type: 'v1beta1.ConnectionDetailType(string)',
    fromConnectionSecretKey: 'string',
    fromFieldPath: 'string',
    value: 'string',
  },
  'v1beta1.ReadinessCheck': {
    type: 'v1beta1.ReadinessCheckType(string)',
    fieldPath: 'string',
    matchString: 'string',
    matchInteger: 'int64',
    matchCondition: 'v1beta1.MatchConditionReadinessCheck',
  },
  'v1beta1.MatchConditionReadinessCheck': {
    type: 'v1.ConditionType(string)',
    status: 'v1.ConditionStatus(string)',
  },
};

/** The Go types of the P&T input, from `v1beta1.Resources` down. */
export const PT_INPUT_TYPES = inputTypes(
  PT_INPUT_TYPE,
  {
    patchSets: '[]v1beta1.PatchSet',
    environment: 'v1beta1.Environment',
    resources: '[]v1beta1.ComposedTemplate',
    writeConnectionSecretToRef: 'v1beta1.WriteConnectionSecretToRef',
  },
  STRUCTS,
);
