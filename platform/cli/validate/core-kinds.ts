import type { ErrorObject } from 'ajv';
import type { FieldError } from '../../validate/index.js';
import { fromAjvErrors } from '../../validate/index.js';
import { isKnownCoreKind, unknownCoreFields } from './unknown-fields.js';

type ModelClass = new (data: unknown) => { validate(): void };
const modelCache = new Map<string, Promise<ModelClass | undefined>>();

/** The kubernetes-models 4.x class of a core kind (`apps/v1` `Deployment`), or undefined. */
function loadModel(apiVersion: string, kind: string): Promise<ModelClass | undefined> {
  const key = `${apiVersion}/${kind}`;
  let p = modelCache.get(key);
  if (!p) {
    // Only names that look like API paths reach import(): no path tricks from user input.
    p = /^([a-z0-9.-]+\/)?v[0-9a-z]+\/[A-Z][A-Za-z0-9]*$/.test(key)
      ? import(`kubernetes-models/${key}`).then(
          (m: Record<string, unknown>) => m[kind] as ModelClass | undefined,
          () => undefined,
        )
      : Promise.resolve(undefined);
    modelCache.set(key, p);
  }
  return p;
}

/**
 * Validates a core Kubernetes object: types and required fields with the kubernetes-models
 * validator, unknown fields with our own check. Undefined when the kind is not a core kind.
 */
export async function validateCoreKind(object: Record<string, unknown>): Promise<FieldError[] | undefined> {
  const apiVersion = String(object['apiVersion']);
  const kind = String(object['kind']);
  const Model = await loadModel(apiVersion, kind);
  if (Model === undefined && !isKnownCoreKind(apiVersion, kind)) return undefined;
  const errors: FieldError[] = [];
  if (Model !== undefined) {
    try {
      new Model(object).validate();
    } catch (err) {
      const ajvErrors = (err as { errors?: ErrorObject[] }).errors;
      if (Array.isArray(ajvErrors)) errors.push(...fromAjvErrors(ajvErrors, object));
      else errors.push({ path: '', type: 'Invalid value', detail: (err as Error).message });
    }
  }
  const seen = new Set(errors.map((e) => `${e.path}|${e.type}`));
  for (const e of unknownCoreFields(object)) if (!seen.has(`${e.path}|${e.type}`)) errors.push(e);
  return errors;
}
