/**
 * The input of function-patch-and-transform v0.10.8 (`pt.fn.crossplane.io/v1beta1 Resources`),
 * typed as it arrives from YAML. Getters apply the upstream defaults (`GetType`, `GetToFieldPath`,
 * `GetFromFieldPathPolicy`, …) in one place.
 */
import type { JsonValue } from '../go/values.js';

/** The patch types of v1beta1 (`PatchType`). */
export type PatchType =
  | 'FromCompositeFieldPath'
  | 'PatchSet'
  | 'ToCompositeFieldPath'
  | 'CombineFromComposite'
  | 'CombineToComposite'
  | 'FromEnvironmentFieldPath'
  | 'ToEnvironmentFieldPath'
  | 'CombineFromEnvironment'
  | 'CombineToEnvironment';

/** `PatchPolicy`: fromFieldPath Optional|Required, toFieldPath Replace|Merge…. */
export interface PatchPolicy {
  readonly fromFieldPath?: string;
  readonly toFieldPath?: string;
}

/** `Combine`: variables joined by a strategy (only `string`). */
export interface Combine {
  readonly variables?: readonly { readonly fromFieldPath?: string }[];
  readonly strategy?: string;
  readonly string?: { readonly fmt?: string };
}

/** A patch (`ComposedPatch`, `PatchSetPatch`, `EnvironmentPatch`). */
export interface Patch {
  readonly type?: string;
  readonly fromFieldPath?: string;
  readonly toFieldPath?: string;
  readonly combine?: Combine;
  readonly transforms?: readonly Transform[];
  readonly policy?: PatchPolicy;
  readonly patchSetName?: string;
}

/** A transform (`Transform`). */
export interface Transform {
  readonly type?: string;
  readonly math?: MathTransform;
  readonly map?: Record<string, JsonValue>;
  readonly match?: MatchTransform;
  readonly string?: StringTransform;
  readonly convert?: ConvertTransform;
}

/** `MathTransform`. */
export interface MathTransform {
  readonly type?: string;
  readonly multiply?: number;
  readonly clampMin?: number;
  readonly clampMax?: number;
}

/** `MatchTransform`. */
export interface MatchTransform {
  readonly patterns?: readonly MatchTransformPattern[];
  readonly fallbackValue?: JsonValue;
  readonly fallbackTo?: string;
}

/** `MatchTransformPattern`. */
export interface MatchTransformPattern {
  readonly type?: string;
  readonly literal?: string;
  readonly regexp?: string;
  readonly result?: JsonValue;
}

/** `StringTransform`. */
export interface StringTransform {
  readonly type?: string;
  readonly fmt?: string;
  readonly convert?: string;
  readonly trim?: string;
  readonly regexp?: { readonly match?: string; readonly group?: number };
  readonly join?: { readonly separator?: string };
  readonly replace?: { readonly search?: string; readonly replace?: string };
}

/** `ConvertTransform`. */
export interface ConvertTransform {
  readonly toType?: string;
  readonly format?: string;
}

/** `ReadinessCheck`. */
export interface ReadinessCheck {
  readonly type?: string;
  readonly fieldPath?: string;
  readonly matchString?: string;
  readonly matchInteger?: number;
  readonly matchCondition?: { readonly type?: string; readonly status?: string };
}

/** `ConnectionDetail`. */
export interface ConnectionDetail {
  readonly name?: string;
  readonly type?: string;
  readonly fromConnectionSecretKey?: string;
  readonly fromFieldPath?: string;
  readonly value?: string;
}

/** `ComposedTemplate`: one resource of the input. */
export interface ComposedTemplate {
  readonly name?: string;
  readonly base?: Record<string, JsonValue>;
  readonly patches?: readonly Patch[];
  readonly connectionDetails?: readonly ConnectionDetail[];
  readonly readinessChecks?: readonly ReadinessCheck[];
}

/** `PatchSet`. */
export interface PatchSet {
  readonly name?: string;
  readonly patches?: readonly Patch[];
}

/** `Resources`: the whole function input. */
export interface Resources {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly patchSets?: readonly PatchSet[];
  readonly environment?: { readonly patches?: readonly Patch[] };
  readonly resources?: readonly ComposedTemplate[];
  readonly writeConnectionSecretToRef?: {
    readonly name?: string;
    readonly namespace?: string;
    readonly patches?: readonly Patch[];
  };
}

/** `GetType`: an empty patch type means FromCompositeFieldPath. */
export function getPatchType(p: Patch): string {
  return p.type || 'FromCompositeFieldPath';
}

/** `GetFromFieldPath`. */
export function getFromFieldPath(p: Patch): string {
  return p.fromFieldPath ?? '';
}

/** `GetToFieldPath`: defaults to the from field path. */
export function getToFieldPath(p: Patch): string {
  return p.toFieldPath ?? getFromFieldPath(p);
}

/** `GetFromFieldPathPolicy`: Optional unless set. */
export function getFromFieldPathPolicy(p: Patch): string {
  return p.policy?.fromFieldPath ?? 'Optional';
}

/** `GetToFieldPathPolicy`: Replace unless set. */
export function getToFieldPathPolicy(p: Patch): string {
  return p.policy?.toFieldPath ?? 'Replace';
}

/** `ConvertTransform.GetFormat`: none unless set. */
export function getConvertFormat(t: ConvertTransform): string {
  return t.format ?? 'none';
}
