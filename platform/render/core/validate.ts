import { compileGoRegexp } from '../go/regexp.js';
import { type FieldError, invalid, required } from '../go/field-error.js';
import type {
  Combine,
  ComposedTemplate,
  ConnectionDetail,
  ConvertTransform,
  MathTransform,
  MatchTransform,
  MatchTransformPattern,
  Patch,
  PatchSet,
  ReadinessCheck,
  Resources,
  StringTransform,
  Transform,
} from './input.js';
import { getConvertFormat, getFromFieldPath, getPatchType, getToFieldPath } from './input.js';

// Validation of function-patch-and-transform v0.10.8 validate.go: same checks, order and messages.

const READINESS_TYPES = [
  'NonEmpty',
  'MatchString',
  'MatchInteger',
  'MatchTrue',
  'MatchFalse',
  'MatchCondition',
  'None',
];
const CONNECTION_TYPES = ['FromConnectionSecretKey', 'FromFieldPath', 'FromValue'];
const TO_POLICIES = [
  'Replace',
  'MergeObjects',
  'MergeObjectsAppendArrays',
  'ForceMergeObjects',
  'ForceMergeObjectsAppendArrays',
  'MergeObject',
  'AppendArray',
];
const ENV_PATCH_TYPES = [
  'FromCompositeFieldPath',
  'ToCompositeFieldPath',
  'CombineFromComposite',
  'CombineToComposite',
  'FromEnvironmentFieldPath',
  'ToEnvironmentFieldPath',
];
/** Valid `TransformIOType`s. */
export const TRANSFORM_IO_TYPES = ['string', 'bool', 'int', 'int64', 'float64', 'object', 'array'];
/** Valid `ConvertTransformFormat`s. */
export const CONVERT_FORMATS = ['none', 'quantity', 'json'];

/** `ValidateResources`: the first problem of the input, or undefined. */
export function validateResources(r: Resources): FieldError | undefined {
  for (const ps of r.patchSets ?? []) {
    const err = validatePatchSet(ps);
    if (err) return err;
  }
  if ((r.resources ?? []).length === 0 && (r.environment?.patches ?? []).length === 0) {
    return required('resources', 'resources or environment patches are required');
  }
  for (const [i, t] of (r.resources ?? []).entries()) {
    const err = validateComposedTemplate(t);
    if (err) return err.under(`resources[${i}]`);
  }
  const envErr = validateEnvironment(r.environment);
  return envErr?.under('environment');
}

/** `ValidateComposedTemplate`. */
export function validateComposedTemplate(t: ComposedTemplate): FieldError | undefined {
  if (!t.name) return required('name', 'name is required');
  return (
    firstUnder(t.patches, 'patches', validatePatch) ??
    firstUnder(t.connectionDetails, 'connectionDetails', validateConnectionDetail) ??
    firstUnder(t.readinessChecks, 'readinessChecks', validateReadinessCheck)
  );
}

/** `ValidatePatchSet`. */
export function validatePatchSet(ps: PatchSet): FieldError | undefined {
  if (!ps.name) return required('name', 'name is required');
  return firstUnder(ps.patches, 'patches', (p) => validatePatch(p, false));
}

/** `ValidateEnvironment`. */
export function validateEnvironment(e: Resources['environment']): FieldError | undefined {
  for (const [i, p] of (e?.patches ?? []).entries()) {
    if (!ENV_PATCH_TYPES.includes(getPatchType(p))) {
      return invalid(`patches[${i}].type`, getPatchType(p), 'invalid environment patch type');
    }
    const err = validatePatch(p, false);
    if (err) return err.under(`patches[${i}]`);
  }
  return undefined;
}

/** `ValidateReadinessCheck`. */
export function validateReadinessCheck(r: ReadinessCheck): FieldError | undefined {
  const type = r.type ?? '';
  if (!READINESS_TYPES.includes(type)) return invalid('type', type, 'unknown readiness check type');
  switch (type) {
    case 'None':
      return undefined;
    case 'MatchString':
      if (r.matchString === undefined) return required('matchString', 'cannot be nil for type MatchString');
      break;
    case 'MatchInteger':
      if (r.matchInteger === undefined)
        return required('matchInteger', 'cannot be nil for type MatchInteger');
      break;
    case 'MatchCondition': {
      const m = r.matchCondition;
      if (m === undefined) return undefined;
      if (!m.type) return required('matchCondition.type', 'cannot be empty for type MatchCondition');
      if (!m.status) return required('matchCondition.status', 'cannot be empty for type MatchCondition');
      return undefined;
    }
  }
  if (r.fieldPath === undefined) return required('fieldPath', 'cannot be empty');
  return undefined;
}

/**
 * `ValidatePatch`. `withPatchSetName` is false for patch kinds without a `patchSetName` field
 * (PatchSet and environment patches), where a PatchSet-typed patch is invalid.
 */
export function validatePatch(p: Patch, withPatchSetName = true): FieldError | undefined {
  const type = getPatchType(p);
  switch (type) {
    case 'FromCompositeFieldPath':
    case 'ToCompositeFieldPath':
    case 'FromEnvironmentFieldPath':
    case 'ToEnvironmentFieldPath':
      if (getFromFieldPath(p) === '') {
        return required('fromFieldPath', `fromFieldPath must be set for patch type ${type}`);
      }
      break;
    case 'PatchSet':
      if (!withPatchSetName) {
        return invalid(
          'type',
          type,
          `patch type *v1beta1.PatchSetPatch does not support patch of type ${type}`,
        );
      }
      if (!p.patchSetName) return required('patchSetName', `patchSetName must be set for patch type ${type}`);
      break;
    case 'CombineFromComposite':
    case 'CombineToComposite':
    case 'CombineFromEnvironment':
    case 'CombineToEnvironment':
      if (p.combine === undefined) return required('combine', `combine must be set for patch type ${type}`);
      if (getToFieldPath(p) === '')
        return required('toFieldPath', `toFieldPath must be set for patch type ${type}`);
      return validateCombine(p.combine)?.under('combine');
    default:
      return invalid('type', type, 'unknown patch type');
  }
  const tErr = firstUnder(p.transforms, 'transforms', validateTransform);
  if (tErr) return tErr;
  if (p.policy !== undefined) {
    const to = p.policy.toFieldPath ?? 'Replace';
    if (!TO_POLICIES.includes(to))
      return invalid('policy.toFieldPathPolicy', to, 'unknown toFieldPathPolicy');
    const from = p.policy.fromFieldPath ?? 'Optional';
    if (from !== 'Required' && from !== 'Optional') {
      return invalid('policy.fromFieldPathPolicy', from, 'unknown fromFieldPathPolicy');
    }
  }
  return undefined;
}

/** `ValidateCombine`. */
export function validateCombine(c: Combine): FieldError | undefined {
  const strategy = c.strategy ?? '';
  if (strategy === 'string') {
    if (c.string === undefined)
      return required('string', `string must be set for combine strategy ${strategy}`);
  } else if (strategy === '') {
    return required('strategy', 'a combine strategy must be provided');
  } else {
    return invalid('strategy', strategy, 'unknown strategy type');
  }
  const vars = c.variables ?? [];
  if (vars.length === 0) return required('variables', 'at least one variable must be provided');
  for (const [i, v] of vars.entries()) {
    if (!v.fromFieldPath) {
      return required(`variables[${i}].fromFieldPath`, 'fromFieldPath must be set for each combine variable');
    }
  }
  return undefined;
}

/** `ValidateTransform`. */
export function validateTransform(t: Transform): FieldError | undefined {
  switch (t.type) {
    case 'math':
      if (t.math === undefined) return required('math', 'given transform type math requires configuration');
      return validateMathTransform(t.math)?.under('math');
    case 'map':
      if (t.map === undefined) return required('map', 'given transform type map requires configuration');
      if (Object.keys(t.map).length === 0) {
        return required('map.pairs', 'at least one pair must be specified if a map transform is specified');
      }
      return undefined;
    case 'match':
      if (t.match === undefined)
        return required('match', 'given transform type match requires configuration');
      return validateMatchTransform(t.match)?.under('match');
    case 'string':
      if (t.string === undefined)
        return required('string', 'given transform type string requires configuration');
      return validateStringTransform(t.string)?.under('string');
    case 'convert':
      if (t.convert === undefined)
        return required('convert', 'given transform type convert requires configuration');
      return validateConvertTransform(t.convert)?.under('convert');
    default:
      return invalid('type', t.type ?? '', 'unknown transform type');
  }
}

/** `ValidateMathTransform`. */
export function validateMathTransform(m: MathTransform): FieldError | undefined {
  switch (m.type ?? '') {
    case '':
      return required('type', 'math transform type is required');
    case 'Multiply':
      return m.multiply === undefined
        ? required('multiply', 'must specify a value if a multiply math transform is specified')
        : undefined;
    case 'ClampMin':
      return m.clampMin === undefined
        ? required('clampMin', 'must specify a value if a clamp min math transform is specified')
        : undefined;
    case 'ClampMax':
      return m.clampMax === undefined
        ? required('clampMax', 'must specify a value if a clamp max math transform is specified')
        : undefined;
    default:
      return invalid('type', m.type, 'unknown math transform type');
  }
}

/** `ValidateMatchTransform`. */
export function validateMatchTransform(m: MatchTransform): FieldError | undefined {
  if ((m.patterns ?? []).length === 0) {
    return required('patterns', 'at least one pattern must be specified if a match transform is specified');
  }
  return firstUnder(m.patterns, 'patterns', validateMatchTransformPattern);
}

/** `ValidateMatchTransformPattern`. */
export function validateMatchTransformPattern(p: MatchTransformPattern): FieldError | undefined {
  switch (p.type ?? '') {
    case 'literal':
    case '':
      return p.literal === undefined
        ? required('literal', 'literal pattern type requires a literal')
        : undefined;
    case 'regexp':
      if (p.regexp === undefined) return required('regexp', 'regexp pattern type requires a regexp');
      try {
        compileGoRegexp(p.regexp);
      } catch {
        return invalid('regexp', p.regexp, 'invalid regexp');
      }
      return undefined;
    default:
      return invalid('type', p.type, 'unknown pattern type');
  }
}

/** `ValidateStringTransform`. */
export function validateStringTransform(s: StringTransform): FieldError | undefined {
  switch (s.type ?? '') {
    case '':
      return required('type', 'string transform type is required');
    case 'Format':
      return s.fmt === undefined ? required('fmt', 'format transform requires a format') : undefined;
    case 'Convert':
      return s.convert === undefined
        ? required('convert', 'convert transform requires a conversion type')
        : undefined;
    case 'TrimPrefix':
    case 'TrimSuffix':
      return s.trim === undefined ? required('trim', 'trim transform requires a trim value') : undefined;
    case 'Regexp':
      if (s.regexp === undefined) return required('regexp', 'regexp transform requires a regexp');
      if (!s.regexp.match) return required('regexp.match', 'regexp transform requires a match');
      try {
        compileGoRegexp(s.regexp.match);
      } catch {
        return invalid('regexp.match', s.regexp.match, 'invalid regexp');
      }
      return undefined;
    case 'Join':
      return s.join === undefined ? required('join', 'join transform requires a join') : undefined;
    case 'Replace':
      if (s.replace === undefined) return required('replace', 'replace transform requires a replace');
      if (!s.replace.search) return required('replace.search', 'replace transform requires a search');
      return undefined;
    default:
      return invalid('type', s.type, 'unknown string transform type');
  }
}

/** `ValidateConvertTransform`. */
export function validateConvertTransform(t: ConvertTransform): FieldError | undefined {
  if (!CONVERT_FORMATS.includes(getConvertFormat(t))) return invalid('format', t.format, 'invalid format');
  if (!TRANSFORM_IO_TYPES.includes(t.toType ?? '')) return invalid('toType', t.toType ?? '', 'invalid type');
  return undefined;
}

/** `ValidateConnectionDetail`. */
export function validateConnectionDetail(cd: ConnectionDetail): FieldError | undefined {
  if (!cd.type) return required('type', 'connection detail type is required');
  if (!CONNECTION_TYPES.includes(cd.type)) return invalid('type', cd.type, 'unknown connection detail type');
  if (!cd.name) return required('name', 'name is required');
  switch (cd.type) {
    case 'FromValue':
      return cd.value === undefined
        ? required('value', 'value connection detail requires a value')
        : undefined;
    case 'FromConnectionSecretKey':
      return cd.fromConnectionSecretKey === undefined
        ? required('fromConnectionSecretKey', 'from connection secret key connection detail requires a key')
        : undefined;
    default:
      return cd.fromFieldPath === undefined
        ? required('fromFieldPath', 'from field path connection detail requires a field path')
        : undefined;
  }
}

function firstUnder<T>(
  items: readonly T[] | undefined,
  name: string,
  check: (item: T) => FieldError | undefined,
): FieldError | undefined {
  for (const [i, item] of (items ?? []).entries()) {
    const err = check(item);
    if (err) return err.under(`${name}[${i}]`);
  }
  return undefined;
}
