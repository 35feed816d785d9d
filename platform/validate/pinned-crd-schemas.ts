import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { KindValidators } from './crds.js';
import { crdValidators } from './crds.js';

/** The shipped schema data: `generated/pinned-crds.json`, written by `npm run generate:crd-schemas`. */
export interface PinnedCrdSchemas {
  /** Where the schemas come from (the pinned CRD files in ../shared/crds). */
  readonly source: string;
  /** Minimal CRDs: group, kind and each served version's schema, descriptions removed. */
  readonly crds: readonly CompactCrd[];
}

/** A CustomResourceDefinition reduced to what validation reads. */
export interface CompactCrd {
  readonly kind: 'CustomResourceDefinition';
  readonly spec: {
    readonly group: string;
    readonly names: { readonly kind: string };
    readonly versions: readonly { name: string; served: true; schema: { openAPIV3Schema: unknown } }[];
  };
}

const GENERATED = fileURLToPath(new URL('./generated/pinned-crds.json', import.meta.url));

/**
 * The compact form of parsed CRDs, sorted by group and kind: served versions only, and no
 * `description` text (most of a CRD's bytes; validation never reads it).
 */
export function compactCrds(crds: readonly Record<string, unknown>[], source: string): PinnedCrdSchemas {
  const out: CompactCrd[] = [];
  for (const crd of crds) {
    const spec = crd['spec'] as {
      group: string;
      names: { kind: string };
      versions: { name: string; served: boolean; schema?: { openAPIV3Schema: unknown } }[];
    };
    const versions = spec.versions
      .filter((v) => v.served && v.schema)
      .map((v) => ({
        name: v.name,
        served: true as const,
        schema: { openAPIV3Schema: withoutDescriptions(v.schema!.openAPIV3Schema) },
      }));
    if (versions.length === 0) continue;
    out.push({
      kind: 'CustomResourceDefinition',
      spec: { group: spec.group, names: { kind: spec.names.kind }, versions },
    });
  }
  out.sort((a, b) =>
    `${a.spec.group}/${a.spec.names.kind}`.localeCompare(`${b.spec.group}/${b.spec.names.kind}`),
  );
  return { source, crds: out };
}

/** A schema node without its (string) descriptions; a property named `description` stays. */
function withoutDescriptions(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutDescriptions);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'description' && typeof v === 'string') continue;
    out[k] = withoutDescriptions(v);
  }
  return out;
}

let shipped: KindValidators | undefined;

/**
 * Validators for every pinned CRD, from the schema data shipped with the CLI: `zt validate` checks
 * what `zt synth` and `zt render` produce without `--crds`. Read and compiled on first use only.
 */
export function shippedCrdValidators(): KindValidators {
  shipped ??= crdValidators((readShippedSchemas().crds as unknown[]) ?? []);
  return shipped;
}

/** The shipped schema data as written by the generator. */
export function readShippedSchemas(): PinnedCrdSchemas {
  return JSON.parse(readFileSync(GENERATED, 'utf8')) as PinnedCrdSchemas;
}
