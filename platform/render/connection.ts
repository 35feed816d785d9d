import { GoError, wrapError } from './go/errors.js';
import { goJsonMarshal } from './go/json.js';
import type { JsonObject } from './go/values.js';
import { isObject } from './go/values.js';
import { Paved } from './fieldpath.js';
import type { ConnectionDetail, Resources } from './core/input.js';
import { getPatchType, getFromFieldPathPolicy } from './core/input.js';
import { applyCombineFromVariablesPatch, applyFromFieldPathPatch } from './patches.js';
import type { ResourceState } from './core/state.js';
import { validateConnectionDetail } from './core/validate.js';

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

/** `getConnectionSecretRef`: the Secret's name and namespace, before and after the input's patches. */
export function getConnectionSecretRef(
  xr: JsonObject,
  input: Resources['writeConnectionSecretToRef'],
): { name: string; namespace: string } {
  const ref = getBaseConnectionSecretRef(xr, input);
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

/**
 * `getBaseConnectionSecretRef`: the XR's own `spec.writeConnectionSecretToRef` first (function-sdk-go's
 * composite accessor reads it for every XR, modern ones too), then the input's name and namespace,
 * then `<xr name>-connection` in the XR's namespace.
 */
function getBaseConnectionSecretRef(
  xr: JsonObject,
  input: Resources['writeConnectionSecretToRef'],
): { name: string; namespace: string } {
  const xrRef = xrConnectionSecretRef(xr);
  if (xrRef) return xrRef;
  if (input && (input.name || input.namespace))
    return { name: input.name ?? '', namespace: input.namespace ?? '' };
  const meta = isObject(xr['metadata']) ? xr['metadata'] : {};
  return { name: `${meta['name'] ?? ''}-connection`, namespace: String(meta['namespace'] ?? '') };
}

/**
 * function-sdk-go `GetWriteConnectionSecretToReference`: the field decoded into a SecretReference, or
 * nothing when it is absent or does not decode (a name or namespace that is not a string).
 */
function xrConnectionSecretRef(xr: JsonObject): { name: string; namespace: string } | undefined {
  const spec = xr['spec'];
  if (!isObject(spec) || !Object.hasOwn(spec, 'writeConnectionSecretToRef')) return undefined;
  const v = spec['writeConnectionSecretToRef'];
  if (v === null) return { name: '', namespace: '' };
  if (!isObject(v)) return undefined;
  const { name = '', namespace = '' } = v;
  if (typeof name !== 'string' || typeof namespace !== 'string') return undefined;
  return { name, namespace };
}
