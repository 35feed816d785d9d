/** The Pipeline Composition: patch-and-transform → cel-filter → auto-ready. */
import { autoReadyInput, type ReadinessCheck } from './auto-ready.js';
import { type Filter, filtersInput } from './cel-filter.js';
import type { Patch } from './patches.js';

/** Function names the Compositions reference; the platform-once chart installs Functions by these names. */
export const FUNCTION_NAMES = {
  patchAndTransform: 'function-patch-and-transform',
  celFilter: 'function-cel-filter',
  autoReady: 'function-auto-ready',
} as const;

/** One composed resource template of the P&T step. */
export interface ComposedTemplate {
  /** Template name, unique in the Composition (also the cel-filter match name). */
  readonly name: string;
  /** The base manifest, plain JSON. */
  readonly base: Record<string, unknown>;
  readonly patches: readonly Patch[];
  readonly readinessChecks: readonly ReadinessCheck[];
  /** CEL expression; when set the resource is composed only if it is true. */
  readonly when?: string;
}

/** What a pipeline Composition is built from. */
export interface PipelineProps {
  /** Composition name. */
  readonly name: string;
  /** XR `apiVersion` (group/version). */
  readonly xrApiVersion: string;
  readonly xrKind: string;
  readonly resources: readonly ComposedTemplate[];
  /** P&T environment patches, applied before the resources' patches (scratch values they share). */
  readonly environmentPatches?: readonly Patch[];
  /** Extra metadata labels and annotations. */
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

/** The P&T input (`pt.fn.crossplane.io/v1beta1 Resources`). */
export function resourcesInput(
  resources: readonly ComposedTemplate[],
  environmentPatches: readonly Patch[] = [],
) {
  const names = new Set<string>();
  for (const r of resources) {
    if (names.has(r.name)) throw new Error(`composed resource name '${r.name}' is used twice`);
    names.add(r.name);
  }
  return {
    apiVersion: 'pt.fn.crossplane.io/v1beta1',
    kind: 'Resources',
    ...(environmentPatches.length ? { environment: { patches: [...environmentPatches] } } : {}),
    resources: resources.map((r) => ({
      name: r.name,
      base: r.base,
      patches: [...r.patches],
      readinessChecks: [...r.readinessChecks],
    })),
  };
}

/** The Composition, plain JSON, fully defaulted (mode, step names) so ArgoCD sees no drift. */
export function pipelineComposition(props: PipelineProps) {
  const filters: Filter[] = props.resources.flatMap((r) =>
    r.when ? [{ name: r.name, expression: r.when }] : [],
  );
  return {
    apiVersion: 'apiextensions.crossplane.io/v1',
    kind: 'Composition',
    metadata: {
      name: props.name,
      ...(props.labels ? { labels: { ...props.labels } } : {}),
      ...(props.annotations ? { annotations: { ...props.annotations } } : {}),
    },
    spec: {
      compositeTypeRef: { apiVersion: props.xrApiVersion, kind: props.xrKind },
      mode: 'Pipeline',
      pipeline: [
        {
          step: 'patch-and-transform',
          functionRef: { name: FUNCTION_NAMES.patchAndTransform },
          input: resourcesInput(props.resources, props.environmentPatches),
        },
        {
          step: 'filter-optional-resources',
          functionRef: { name: FUNCTION_NAMES.celFilter },
          input: filtersInput(filters),
        },
        { step: 'auto-ready', functionRef: { name: FUNCTION_NAMES.autoReady }, input: autoReadyInput() },
      ],
    },
  };
}
