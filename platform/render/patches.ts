import { GoError, wrapError } from './go/errors.js';
import { goSprintf } from './go/fmt.js';
import type { JsonObject, JsonValue } from './go/values.js';
import { toJsonValue, toStructValue } from './go/values.js';
import { Paved } from './fieldpath.js';
import type { MergeOptions } from './fieldpath-merge.js';
import type { Combine, ComposedTemplate, Patch, PatchSet } from './core/input.js';
import { getFromFieldPath, getPatchType, getToFieldPath, getToFieldPathPolicy } from './core/input.js';
import { resolveTransforms } from './transforms/index.js';

// Messages of function-patch-and-transform v0.10.8 patches.go, verbatim.
const ERR_PATCH_SET_TYPE = 'a patch in a PatchSet cannot be of type PatchSet';
const ERR_FMT_UNDEFINED_PATCH_SET = 'cannot find PatchSet by name %s';
const ERR_FMT_COMBINE_STRATEGY_NOT_SUPPORTED = 'combine strategy %s is not supported';
const ERR_FMT_COMBINE_CONFIG_MISSING = 'given combine strategy %s requires configuration';
const ERR_FMT_EXPANDING_ARRAY_FIELD_PATHS = 'cannot expand ToFieldPath %s';
const ERR_FMT_INVALID_PATCH_POLICY = 'invalid patch policy %s';
const ERR_FMT_REQUIRED_FIELD = '%s is required by type %s';
const ERR_CANNOT_PATCH_TO_OBJECT = 'cannot patch to object';

/** The resources a patch reads from and writes to (unstructured objects, mutated in place). */
export interface PatchTargets {
  /** The observed composed resource, or undefined when it does not exist yet. */
  readonly ocd: JsonObject | undefined;
  /** The desired composed resource. */
  readonly dcd: JsonObject;
  /** The observed composite resource. */
  readonly oxr: JsonObject;
  /** The desired composite resource. */
  readonly dxr: JsonObject;
  /** The Composition environment. */
  readonly env: JsonObject;
}

/**
 * `ApplyFromFieldPathPatch`: copies from's value at fromFieldPath, transformed, to toFieldPath.
 * With `leavesFunction`, the written value is what the next function sees (int64 → float64): desired
 * state leaves P&T through structpb, and nothing in P&T reads it back; only the environment is read
 * again within the run.
 */
export function applyFromFieldPathPatch(
  p: Patch,
  from: JsonObject,
  to: JsonObject,
  leavesFunction = false,
): void {
  const input = new Paved(from).getValue(getFromFieldPath(p));
  const out = resolveTransforms(p.transforms, input);
  // The Kubernetes JSON round trip of upstream: float64 values that are integers become int64.
  const v = leavesFunction ? toStructValue(toJsonValue(out)) : toJsonValue(out);
  const mo = toMergeOption(p);
  const toPath = getToFieldPath(p);
  if (toPath.includes('[*]')) {
    patchFieldValueToMultiple(toPath, v, to, mo, leavesFunction);
    return;
  }
  try {
    new Paved(to).mergeValue(toPath, v, mo, true);
  } catch (err) {
    throw wrapError(err, ERR_CANNOT_PATCH_TO_OBJECT);
  }
}

/** `toMergeOption`: the MergeOptions of the patch's toFieldPath policy. */
function toMergeOption(p: Patch): MergeOptions | undefined {
  if (p.policy === undefined) return undefined;
  const policy = getToFieldPathPolicy(p);
  switch (policy) {
    case 'Replace':
      return undefined;
    case 'MergeObjects':
    case 'MergeObject':
      return { keepMapValues: true };
    case 'MergeObjectsAppendArrays':
      return { keepMapValues: true, appendSlice: true };
    case 'ForceMergeObjects':
      return { keepMapValues: false };
    case 'ForceMergeObjectsAppendArrays':
    case 'AppendArray':
      return { appendSlice: true };
    default:
      throw new GoError(goSprintf(ERR_FMT_INVALID_PATCH_POLICY, [policy]));
  }
}

/** `ApplyCombineFromVariablesPatch`: combines several source values into one, then transforms it. */
export function applyCombineFromVariablesPatch(
  p: Patch,
  from: JsonObject,
  to: JsonObject,
  leavesFunction = false,
): void {
  const c = p.combine!;
  const paved = new Paved(from);
  // A missing variable aborts the patch: a format expecting three values must not get two.
  const vars = (c.variables ?? []).map((v) => paved.getValue(v.fromFieldPath ?? ''));
  const combined = combine(c, vars);
  const resolved = resolveTransforms(p.transforms, combined);
  // mergeValue makes the Kubernetes JSON round trip itself unless handed a fresh copy.
  const out = leavesFunction ? toStructValue(toJsonValue(resolved)) : resolved;
  const mo = toMergeOption(p);
  try {
    new Paved(to).mergeValue(getToFieldPath(p), out, mo, leavesFunction);
  } catch (err) {
    throw wrapError(err, ERR_CANNOT_PATCH_TO_OBJECT);
  }
}

/** `Combine`: runs the combine strategy (only `string`, a Go Sprintf of all variables). */
export function combine(c: Combine, vars: readonly unknown[]): unknown {
  const strategy = c.strategy ?? '';
  if (strategy !== 'string') throw new GoError(goSprintf(ERR_FMT_COMBINE_STRATEGY_NOT_SUPPORTED, [strategy]));
  if (c.string === undefined) throw new GoError(goSprintf(ERR_FMT_COMBINE_CONFIG_MISSING, [strategy]));
  return goSprintf(c.string.fmt ?? '', vars);
}

type Apply = (p: Patch, from: JsonObject, to: JsonObject, leavesFunction: boolean) => void;
type Side = 'ocd' | 'dcd' | 'oxr' | 'dxr' | 'env';

// Environment patches: to the environment from the observed XR, from it to the desired XR.
const ENVIRONMENT_ROUTES: Readonly<Record<string, readonly [Apply, Side, Side]>> = {
  FromCompositeFieldPath: [applyFromFieldPathPatch, 'oxr', 'env'],
  ToEnvironmentFieldPath: [applyFromFieldPathPatch, 'oxr', 'env'],
  CombineFromComposite: [applyCombineFromVariablesPatch, 'oxr', 'env'],
  ToCompositeFieldPath: [applyFromFieldPathPatch, 'env', 'dxr'],
  FromEnvironmentFieldPath: [applyFromFieldPathPatch, 'env', 'dxr'],
  CombineToComposite: [applyCombineFromVariablesPatch, 'env', 'dxr'],
};

// Composed patches always go from observed to desired state.
const COMPOSED_ROUTES: Readonly<Record<string, readonly [Apply, Side, Side]>> = {
  ToCompositeFieldPath: [applyFromFieldPathPatch, 'ocd', 'dxr'],
  CombineToComposite: [applyCombineFromVariablesPatch, 'ocd', 'dxr'],
  ToEnvironmentFieldPath: [applyFromFieldPathPatch, 'ocd', 'env'],
  CombineToEnvironment: [applyCombineFromVariablesPatch, 'ocd', 'env'],
  FromCompositeFieldPath: [applyFromFieldPathPatch, 'oxr', 'dcd'],
  CombineFromComposite: [applyCombineFromVariablesPatch, 'oxr', 'dcd'],
  FromEnvironmentFieldPath: [applyFromFieldPathPatch, 'env', 'dcd'],
  CombineFromEnvironment: [applyCombineFromVariablesPatch, 'env', 'dcd'],
};

/**
 * `ApplyEnvironmentPatch`: patches to the environment read the observed XR; patches from the
 * environment write the desired XR. Other types do nothing here.
 */
export function applyEnvironmentPatch(p: Patch, env: JsonObject, oxr: JsonObject, dxr: JsonObject): void {
  const route = ENVIRONMENT_ROUTES[getPatchType(p)];
  if (route === undefined) return;
  const sides: Record<string, JsonObject> = { env, oxr, dxr };
  route[0](p, sides[route[1]]!, sides[route[2]]!, route[2] !== 'env');
}

/**
 * `ApplyComposedPatch`: patches always go from observed to desired state. A patch from a composed
 * resource that does not exist yet does nothing.
 */
export function applyComposedPatch(p: Patch, t: PatchTargets): void {
  if (t.ocd === undefined && !toComposedResource(p)) return;
  const route = COMPOSED_ROUTES[getPatchType(p)];
  if (route === undefined) return;
  route[0](p, t[route[1]]!, t[route[2]]!, route[2] !== 'env');
}

/** `ToComposedResource`: whether the patch writes to a composed resource. */
export function toComposedResource(p: Patch): boolean {
  switch (getPatchType(p)) {
    case 'FromCompositeFieldPath':
    case 'CombineFromComposite':
    case 'FromEnvironmentFieldPath':
    case 'CombineFromEnvironment':
      return true;
    default:
      return false;
  }
}

/** `ComposedTemplates`: the templates with PatchSet references replaced by the sets' patches. */
export function composedTemplates(
  pss: readonly PatchSet[] | undefined,
  cts: readonly ComposedTemplate[] | undefined,
): ComposedTemplate[] {
  const byName = new Map<string, readonly Patch[]>();
  for (const s of pss ?? []) {
    if ((s.patches ?? []).some((p) => getPatchType(p) === 'PatchSet')) throw new GoError(ERR_PATCH_SET_TYPE);
    byName.set(s.name ?? '', s.patches ?? []);
  }
  return (cts ?? []).map((r) => {
    if (r.patches === undefined) return r;
    const out: Patch[] = [];
    for (const p of r.patches) {
      if (getPatchType(p) !== 'PatchSet') {
        out.push(p);
        continue;
      }
      if (p.patchSetName === undefined) {
        throw new GoError(goSprintf(ERR_FMT_REQUIRED_FIELD, ['PatchSetName', getPatchType(p)]));
      }
      const ps = byName.get(p.patchSetName);
      if (ps === undefined) throw new GoError(goSprintf(ERR_FMT_UNDEFINED_PATCH_SET, [p.patchSetName]));
      out.push(...ps);
    }
    return { ...r, patches: out };
  });
}

function patchFieldValueToMultiple(
  fieldPath: string,
  value: JsonValue,
  to: JsonObject,
  mo: MergeOptions | undefined,
  leavesFunction: boolean,
): void {
  const paved = new Paved(to);
  const paths = paved.expandWildcards(fieldPath);
  if (paths.length === 0) throw new GoError(goSprintf(ERR_FMT_EXPANDING_ARRAY_FIELD_PATHS, [fieldPath]));
  // Each expanded field gets its own copy of the value.
  for (const path of paths) {
    if (leavesFunction) paved.mergeValue(path, toStructValue(toJsonValue(value)), mo, true);
    else paved.mergeValue(path, value, mo);
  }
}
