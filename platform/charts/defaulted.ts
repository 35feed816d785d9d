/** Emits API objects fully defaulted, as the API server would store them, so ArgoCD shows no drift. */
import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import { applyDefaults } from '../validate/defaults.js';
import { readShippedSchemas } from '../validate/pinned-crd-schemas.js';
import type { SchemaNode } from '../validate/structural.js';

type Manifest = Record<string, unknown> & { apiVersion: string; kind: string };

let defaults: Map<string, SchemaNode> | undefined;

/** The part of a schema that carries `default`s (undefined when none), so defaulting walks less. */
function defaultsOnly(node: SchemaNode): SchemaNode | undefined {
  const out: SchemaNode = {};
  if (node.properties) {
    const props = Object.entries(node.properties)
      .map(([k, v]) => [k, defaultsOnly(v)] as const)
      .filter(([, v]) => v !== undefined);
    if (props.length) out.properties = Object.fromEntries(props) as Record<string, SchemaNode>;
  }
  if (node.items) {
    const items = defaultsOnly(node.items);
    if (items) out.items = items;
  }
  if (typeof node.additionalProperties === 'object') {
    const values = defaultsOnly(node.additionalProperties);
    if (values) out.additionalProperties = values;
  }
  if (node.default !== undefined) out.default = node.default;
  if (Object.keys(out).length === 0) return undefined;
  if (node.nullable) out.nullable = true;
  return out;
}

/**
 * The defaults of every served version of the pinned CRDs, keyed `group/version/Kind`, from the
 * schemas shipped for `zt validate` (platform/validate/generated/pinned-crds.json).
 */
function crdDefaults(): Map<string, SchemaNode> {
  if (!defaults) {
    defaults = new Map();
    for (const crd of readShippedSchemas().crds) {
      for (const version of crd.spec.versions) {
        const schema = defaultsOnly(version.schema.openAPIV3Schema as SchemaNode);
        if (schema) defaults.set(`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`, schema);
      }
    }
  }
  return defaults;
}

/** `manifest` with the defaults of its CRD applied (unchanged for kinds without a pinned CRD). */
export function withCrdDefaults<T extends Manifest>(manifest: T): T {
  const schema = crdDefaults().get(`${manifest.apiVersion}/${manifest.kind}`);
  return schema ? applyDefaults(schema, manifest) : manifest;
}

/** Adds `manifest` to `scope`, defaulted, with an ArgoCD sync wave. */
export function emit(scope: Construct, id: string, manifest: Manifest, wave: SyncWave): ApiObject {
  const m = withCrdDefaults(manifest) as Manifest & { metadata?: Record<string, unknown> };
  const metadata = { ...(m.metadata ?? {}) } as { annotations?: Record<string, string> };
  metadata.annotations = { ...(metadata.annotations ?? {}), ...syncWaveAnnotations(wave) };
  const { apiVersion, kind, metadata: _drop, ...rest } = m;
  return new ApiObject(scope, id, { apiVersion, kind, metadata, ...rest });
}

/**
 * ArgoCD sync waves: packages and plain Kubernetes first, then objects whose CRDs those packages
 * install, then the XRDs, the Compositions, and last the claims.
 */
export const SYNC_WAVES = { packages: -3, dependents: -2, xrds: -1, compositions: 0, claims: 1 } as const;

/** A sync wave name. */
export type SyncWave = keyof typeof SYNC_WAVES;

/** The annotations of a wave; objects of a CRD another wave installs also skip the dry run. */
export function syncWaveAnnotations(wave: SyncWave): Record<string, string> {
  return {
    'argocd.argoproj.io/sync-wave': String(SYNC_WAVES[wave]),
    ...(wave === 'packages' ? {} : { 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true' }),
  };
}
