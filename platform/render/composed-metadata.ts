import { createHash } from 'node:crypto';
import { GoError } from './go/errors.js';
import { goQuote } from './go/fmt.js';
import type { JsonObject } from './go/values.js';
import { isObject } from './go/values.js';

// Label and annotation keys of crossplane-runtime v2.3 pkg/xcrd.
/** `xcrd.LabelKeyNamePrefixForComposed`. */
export const LABEL_COMPOSITE = 'crossplane.io/composite';
/** `xcrd.LabelKeyClaimName`. */
export const LABEL_CLAIM_NAME = 'crossplane.io/claim-name';
/** `xcrd.LabelKeyClaimNamespace`. */
export const LABEL_CLAIM_NAMESPACE = 'crossplane.io/claim-namespace';
/** `xcrd.AnnotationKeyCompositionResourceName`. */
export const ANNOTATION_COMPOSITION_RESOURCE_NAME = 'crossplane.io/composition-resource-name';

// Messages of Crossplane v2.3 composition_render.go and composition_functions.go, verbatim.
const errNamePrefixLabel = `cannot find top-level composite resource name label ${goQuote(LABEL_COMPOSITE)} in composite resource metadata`;
const ERR_SET_CONTROLLER_REF = 'cannot set controller reference';
/** `errFmtNamespaceOverridden`. */
export const errNamespaceOverridden = (name: string, ns: string, xrNs: string) =>
  `cannot create composed resource ${goQuote(name)} in namespace ${goQuote(ns)}, using XR namespace ${goQuote(xrNs)} instead`;

/** Mutable metadata of an unstructured object (created when missing). */
export function metadataOf(o: JsonObject): JsonObject {
  if (!isObject(o['metadata'])) o['metadata'] = {};
  return o['metadata'] as JsonObject;
}

function stringMap(meta: JsonObject, key: 'labels' | 'annotations'): JsonObject {
  if (!isObject(meta[key])) meta[key] = {};
  return meta[key] as JsonObject;
}

/**
 * `RenderComposedResourceMetadata`: what Crossplane adds to every composed resource: generateName
 * from the composite label, the XR's namespace, the composition-resource-name annotation, the
 * composite (and claim) labels and a controller owner reference to the XR.
 */
export function renderComposedResourceMetadata(cd: JsonObject, xr: JsonObject, name: string): void {
  const xm = metadataOf(xr);
  const xrLabels = isObject(xm['labels']) ? xm['labels'] : {};
  const prefix = xrLabels[LABEL_COMPOSITE];
  if (typeof prefix !== 'string' || prefix === '') throw new GoError(errNamePrefixLabel);
  const cm = metadataOf(cd);
  if (!cm['name'] && !cm['generateName']) cm['generateName'] = `${prefix}-`;
  if (typeof xm['namespace'] === 'string' && xm['namespace'] !== '') cm['namespace'] = xm['namespace'];
  if (name !== '') stringMap(cm, 'annotations')[ANNOTATION_COMPOSITION_RESOURCE_NAME] = name;
  const labels = stringMap(cm, 'labels');
  labels[LABEL_COMPOSITE] = prefix;
  const claimName = xrLabels[LABEL_CLAIM_NAME];
  const claimNs = xrLabels[LABEL_CLAIM_NAMESPACE];
  if (typeof claimName === 'string' && claimName && typeof claimNs === 'string' && claimNs) {
    labels[LABEL_CLAIM_NAME] = claimName;
    labels[LABEL_CLAIM_NAMESPACE] = claimNs;
  }
  addControllerReference(cm, {
    apiVersion: String(xr['apiVersion'] ?? ''),
    kind: String(xr['kind'] ?? ''),
    name: String(xm['name'] ?? ''),
    uid: String(xm['uid'] ?? ''),
    controller: true,
    blockOwnerDeletion: true,
  });
}

/** `meta.AddControllerReference`: fails when another controller already owns the object. */
function addControllerReference(meta: JsonObject, ref: JsonObject): void {
  const refs = Array.isArray(meta['ownerReferences']) ? (meta['ownerReferences'] as JsonObject[]) : [];
  const other = refs.find((r) => isObject(r) && r['controller'] === true && r['uid'] !== ref['uid']);
  if (other) {
    throw new GoError(
      `${ERR_SET_CONTROLLER_REF}: ${String(meta['name'] ?? '')} is already controlled by ${other['kind']} ${other['name']} (UID ${other['uid']})`,
    );
  }
  // meta.AddOwnerReference: replace a reference with the same UID in place, else append.
  const at = refs.findIndex((r) => isObject(r) && r['uid'] === ref['uid']);
  meta['ownerReferences'] = at < 0 ? [...refs, ref] : refs.map((r, i) => (i === at ? ref : r));
}

const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * The name the API server would generate from `generateName` (five random characters from the
 * apiserver's alphabet); offline it is derived from the XR's uid and the resource name so that two
 * renders print the same manifests.
 */
export function generateName(generateNamePrefix: string, xrUid: string, resourceName: string): string {
  const digest = createHash('sha256').update(`${xrUid}\u0000${resourceName}`).digest();
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += NAME_ALPHABET[digest[i]! % NAME_ALPHABET.length];
  return generateNamePrefix + suffix;
}

/** The deterministic uid `crossplane render` gives an XR without one (UUID v5 of GVK, namespace, name). */
export function renderXrUid(apiVersion: string, kind: string, namespace: string, name: string): string {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/', 2) : ['', apiVersion];
  const gvk = `${group}/${version}, Kind=${kind}`;
  const h = createHash('sha1')
    .update(Buffer.alloc(16))
    .update(`${gvk}\u0000${namespace}\u0000${name}`)
    .digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
