import type { FieldError } from '../../validate/index.js';
import { childPath } from '../../validate/index.js';
import coreFields from './generated/core-fields.json' with { type: 'json' };

/** 0: any value; "T": an object of type T; ["T"]: a list of T; {"*": "T"}: a map of T. */
type Shape = 0 | string | [string] | { '*': string };

const TYPES = coreFields.types as unknown as Record<string, Record<string, Shape>>;
const KINDS = coreFields.kinds as Record<string, string>;

/** Every core kind with a pinned schema, as `apiVersion/kind` (`apps/v1/Deployment`). */
export function coreKinds(): string[] {
  return Object.keys(KINDS);
}

/** Whether the pinned Kubernetes definitions know this core kind. */
export function isKnownCoreKind(apiVersion: string, kind: string): boolean {
  return Object.hasOwn(KINDS, `${apiVersion}/${kind}`);
}

/**
 * Fields of a core Kubernetes object that its kind does not have (the API server would drop them
 * or reject them under strict field validation): `spec.template.spec.containers[0].imagee: Unknown field`.
 */
export function unknownCoreFields(object: Record<string, unknown>): FieldError[] {
  const type = KINDS[`${String(object['apiVersion'])}/${String(object['kind'])}`];
  return type ? walk(object, type, '') : [];
}

function walk(value: unknown, type: string, path: string): FieldError[] {
  const fields = TYPES[type];
  if (!fields || value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  const out: FieldError[] = [];
  for (const [key, child] of Object.entries(value)) {
    const p = childPath(path, key);
    if (!Object.hasOwn(fields, key)) {
      out.push({ path: p, type: 'Unknown field', detail: '' });
      continue;
    }
    out.push(...walkShape(child, fields[key]!, p));
  }
  return out;
}

function walkShape(value: unknown, shape: Shape, path: string): FieldError[] {
  if (shape === 0) return [];
  if (typeof shape === 'string') return walk(value, shape, path);
  if (Array.isArray(shape)) {
    return Array.isArray(value) ? value.flatMap((v, i) => walk(v, shape[0], childPath(path, i))) : [];
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([k, v]) => walk(v, shape['*'], childPath(path, k)));
}
