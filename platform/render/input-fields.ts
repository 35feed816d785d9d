import { closestMatch } from '../text/did-you-mean.js';
import { goQuote } from './go/fmt.js';
import { isObject } from './go/values.js';

/**
 * The fields of function-patch-and-transform v0.10.8's input types (input/v1beta1, JSON names), each
 * with the type of its value when that is a struct with fields of its own. `map` and `base` hold
 * free-form values.
 */
type Shape = { readonly [field: string]: string | null };
const TYPES: Readonly<Record<string, Shape>> = {
  Resources: {
    apiVersion: null,
    kind: null,
    metadata: null,
    patchSets: '[]PatchSet',
    environment: 'Environment',
    resources: '[]ComposedTemplate',
    writeConnectionSecretToRef: 'WriteConnectionSecretToRef',
  },
  PatchSet: { name: null, patches: '[]Patch' },
  Environment: { patches: '[]Patch' },
  WriteConnectionSecretToRef: { name: null, namespace: null, patches: '[]Patch' },
  ComposedTemplate: {
    name: null,
    base: null,
    patches: '[]Patch',
    connectionDetails: '[]ConnectionDetail',
    readinessChecks: '[]ReadinessCheck',
  },
  Patch: {
    type: null,
    fromFieldPath: null,
    toFieldPath: null,
    patchSetName: null,
    combine: 'Combine',
    transforms: '[]Transform',
    policy: 'PatchPolicy',
  },
  Combine: { variables: '[]CombineVariable', strategy: null, string: 'StringCombine' },
  CombineVariable: { fromFieldPath: null },
  StringCombine: { fmt: null },
  PatchPolicy: { fromFieldPath: null, toFieldPath: null },
  Transform: {
    type: null,
    math: 'MathTransform',
    map: null,
    match: 'MatchTransform',
    string: 'StringTransform',
    convert: 'ConvertTransform',
  },
  MathTransform: { type: null, multiply: null, clampMin: null, clampMax: null },
  MatchTransform: { patterns: '[]MatchTransformPattern', fallbackValue: null, fallbackTo: null },
  MatchTransformPattern: { type: null, literal: null, regexp: null, result: null },
  StringTransform: {
    type: null,
    fmt: null,
    convert: null,
    trim: null,
    regexp: 'StringTransformRegexp',
    join: 'StringTransformJoin',
    replace: 'StringTransformReplace',
  },
  StringTransformRegexp: { match: null, group: null },
  StringTransformJoin: { separator: null },
  StringTransformReplace: { search: null, replace: null },
  ConvertTransform: { toType: null, format: null },
  ConnectionDetail: {
    name: null,
    type: null,
    fromConnectionSecretKey: null,
    fromFieldPath: null,
    value: null,
  },
  ReadinessCheck: {
    type: null,
    fieldPath: null,
    matchString: null,
    matchInteger: null,
    matchCondition: 'MatchConditionReadinessCheck',
  },
  MatchConditionReadinessCheck: { type: null, status: null },
};

/**
 * Fields of a P&T input that no input type has, as messages naming where they are and the field
 * probably meant: `resources[0].patches[1]: unknown field "toFieldpath", did you mean "toFieldPath"?`.
 * The function ignores such a field (function-sdk-go decodes input with go-json-experiment's
 * defaults, case-sensitive and skipping unknown members), so the patch silently does something else.
 */
export function unknownInputFields(input: unknown): string[] {
  const out: string[] = [];
  visit(input, 'Resources', '', out);
  return out;
}

function visit(v: unknown, type: string, path: string, out: string[]): void {
  if (type.startsWith('[]')) {
    if (Array.isArray(v)) for (const [i, x] of v.entries()) visit(x, type.slice(2), `${path}[${i}]`, out);
    return;
  }
  const shape = TYPES[type];
  if (shape === undefined || !isObject(v)) return;
  for (const [k, x] of Object.entries(v)) {
    const child = path ? `${path}.${k}` : k;
    if (!Object.hasOwn(shape, k)) {
      const guess = closestMatch(k, Object.keys(shape));
      out.push(
        `${path || 'input'}: unknown field ${goQuote(k)} is ignored by the function${guess ? `; did you mean ${goQuote(guess)}?` : ''}`,
      );
      continue;
    }
    const t = shape[k];
    if (t) visit(x, t, child, out);
  }
}
