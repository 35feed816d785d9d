import { childPath, type FieldError } from './field-error.js';
import type { SchemaNode } from './structural.js';

/** Reports duplicate entries of `x-kubernetes-list-type: set|map` lists, as the API server does. */
export function checkListKeys(schema: SchemaNode, value: unknown, path: string): FieldError[] {
  if (value === null || typeof value !== 'object') return [];
  const errors: FieldError[] = [];
  if (Array.isArray(value)) {
    const type = schema['x-kubernetes-list-type'];
    const keys = schema['x-kubernetes-list-map-keys'] ?? [];
    const seen = new Set<string>();
    value.forEach((item, i) => {
      const id =
        type === 'map' && item && typeof item === 'object'
          ? JSON.stringify(keys.map((k) => (item as Record<string, unknown>)[k]))
          : type === 'set'
            ? JSON.stringify(item)
            : undefined;
      if (id === undefined) return;
      if (seen.has(id)) errors.push({ path: childPath(path, i), type: 'Duplicate value', detail: id });
      seen.add(id);
    });
    if (schema.items)
      value.forEach((item, i) => {
        errors.push(...checkListKeys(schema.items!, item, childPath(path, i)));
      });
    return errors;
  }
  const record = value as Record<string, unknown>;
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    errors.push(...checkListKeys(child, record[key], childPath(path, key)));
  }
  return errors;
}
