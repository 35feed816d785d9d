/**
 * function-cel-filter v0.2.0 input (`cel.fn.crossplane.io/v1beta1 Filters`): drops optional composed
 * resources whose inputs are absent from the XR.
 */

/** The CEL variable holding the observed XR. */
const XR = 'observed.composite.resource';

/**
 * A CEL expression that is true when the dotted XR field path is set, with a `has()` at every level:
 * `has(a.b.c)` fails ("No such key") when `b` is missing, so each parent is guarded first.
 * @example xrHas('spec.database.name')
 */
export function xrHas(fieldPath: string): string {
  const segments = fieldPath.split('.');
  if (segments.some((s) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(s))) {
    throw new Error(`xrHas: '${fieldPath}' must be a dotted path of identifiers`);
  }
  const guards: string[] = [];
  for (let i = 1; i <= segments.length; i++) guards.push(`has(${XR}.${segments.slice(0, i).join('.')})`);
  return guards.join(' && ');
}

/** A CEL expression that is true when the XR list at `fieldPath` is set and not empty. */
export function xrHasItems(fieldPath: string): string {
  return `${xrHas(fieldPath)} && size(${XR}.${fieldPath}) > 0`;
}

/**
 * A CEL expression that is true when the numeric XR field at `fieldPath` is set and at least `n`.
 * The literal is a double: JSON numbers reach CEL as doubles, and cel-go compares int with double
 * only when cross-type comparisons are on.
 */
export function xrAtLeast(fieldPath: string, n: number): string {
  return `${xrHas(fieldPath)} && ${XR}.${fieldPath} >= ${n.toFixed(1)}`;
}

/** One filter: keep composed resource `name` only when `expression` is true. */
export interface Filter {
  readonly name: string;
  readonly expression: string;
}

/** The Filters input of the cel-filter step. */
export function filtersInput(filters: readonly Filter[]) {
  return {
    apiVersion: 'cel.fn.crossplane.io/v1beta1',
    kind: 'Filters',
    filters: filters.map((f) => ({ name: f.name, expression: f.expression })),
  };
}
