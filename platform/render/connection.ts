import { GoError, wrapError } from './go/errors.js';
import { goJsonMarshal } from './go/json.js';
import type { JsonObject } from './go/values.js';
import { Paved } from './fieldpath.js';
import type { ConnectionDetail, Resources } from './input.js';
import { getPatchType, getFromFieldPathPolicy } from './input.js';
import { applyCombineFromVariablesPatch, applyFromFieldPathPatch } from './patches.js';
import type { ResourceState } from './state.js';
import { validateConnectionDetail } from './validate.js';

// Messages of function-patch-and-transform v0.10.8 connection.go, verbatim.
const ERR_INVALID = 'invalid';
const ERR_SECRET_REF = 'cannot generate connection secret reference';
const ERR_SECRET_PATCHES = 'cannot apply connection secret patches';

/** `ExtractConnectionDetails`: the XR connection details a composed resource contributes. */
export function extractConnectionDetails(
  cd: JsonObject,
  data: Readonly<Record<string, string>>,
  cfgs: readonly ConnectionDetail[] = [],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const cfg of cfgs) {
    const err = validateConnectionDetail(cfg);
    if (err) throw wrapError(err, ERR_INVALID);
    const name = cfg.name!;
    switch (cfg.type) {
      case 'FromValue':
        out[name] = cfg.value!;
        break;
      case 'FromConnectionSecretKey':
        if (Object.hasOwn(data, cfg.fromConnectionSecretKey!))
          out[name] = data[cfg.fromConnectionSecretKey!]!;
        break;
      case 'FromFieldPath': {
        const v = fromFieldPath(cd, cfg.fromFieldPath!);
        if (v !== undefined) out[name] = v;
        break;
      }
    }
  }
  return out;
}

function fromFieldPath(o: JsonObject, path: string): string | undefined {
  const p = new Paved(o);
  try {
    return p.getString(path);
  } catch {
    try {
      return goJsonMarshal(p.getValue(path));
    } catch {
      return undefined;
    }
  }
}

/** `supportsConnectionDetails`: legacy XRs (without `spec.crossplane`) carry their own details. */
export function supportsConnectionDetails(xr: JsonObject): boolean {
  try {
    new Paved(xr).getValue('spec.crossplane');
    return false;
  } catch {
    return true;
  }
}

/** `composeConnectionSecret`: a Secret holding a modern XR's connection details. */
export function composeConnectionSecret(
  xr: JsonObject,
  details: Readonly<Record<string, string>>,
  ref: Resources['writeConnectionSecretToRef'],
): ResourceState | undefined {
  if (Object.keys(details).length === 0) return undefined;
  let secretRef: { name: string; namespace: string };
  try {
    secretRef = getConnectionSecretRef(xr, ref);
  } catch (err) {
    throw wrapError(err, ERR_SECRET_REF);
  }
  const data = Object.fromEntries(
    Object.keys(details)
      .sort()
      .map((k) => [k, Buffer.from(details[k]!, 'utf8').toString('base64')]),
  );
  const metadata: JsonObject = { name: secretRef.name };
  if (secretRef.namespace) metadata['namespace'] = secretRef.namespace;
  return {
    resource: { apiVersion: 'v1', kind: 'Secret', metadata, data, type: 'connection.crossplane.io/v1alpha1' },
    ready: 'True',
  };
}

function getConnectionSecretRef(xr: JsonObject, input: Resources['writeConnectionSecretToRef']) {
  const meta = (xr['metadata'] ?? {}) as JsonObject;
  // The XR's own writeConnectionSecretToRef counts only for legacy XRs (crossplane-runtime v2
  // composite.Unstructured), and this path runs only for modern ones: input, then the default.
  let ref: { name: string; namespace: string };
  if (input && (input.name || input.namespace))
    ref = { name: input.name ?? '', namespace: input.namespace ?? '' };
  else ref = { name: `${meta['name'] ?? ''}-connection`, namespace: String(meta['namespace'] ?? '') };
  if (input?.patches?.length) {
    const refObj: JsonObject = {
      apiVersion: 'v1',
      kind: 'SecretReference',
      name: ref.name,
      namespace: ref.namespace,
    };
    try {
      for (const [i, patch] of input.patches.entries()) {
        const type = getPatchType(patch);
        if (type === 'FromCompositeFieldPath') {
          try {
            applyFromFieldPathPatch(patch, xr, refObj);
          } catch (err) {
            if (getFromFieldPathPolicy(patch) === 'Optional') continue;
            throw wrapError(err, `cannot apply patch type ${type} at index ${i}`);
          }
        } else if (type === 'CombineFromComposite') {
          try {
            applyCombineFromVariablesPatch(patch, xr, refObj);
          } catch (err) {
            throw wrapError(err, `cannot apply patch type ${type} at index ${i}`);
          }
        } else {
          throw new GoError(`unsupported patch type ${type} at index ${i}`);
        }
      }
    } catch (err) {
      throw wrapError(err, ERR_SECRET_PATCHES);
    }
    if (typeof refObj['name'] === 'string') ref.name = refObj['name'];
    if (typeof refObj['namespace'] === 'string') ref.namespace = refObj['namespace'];
  }
  return ref;
}
