import type { SchemaNode } from './structural.js';

/**
 * Applies structural-schema defaults the way the API server does: top down, a missing (or null,
 * non-nullable) property with a `default` gets a copy of it, and the inserted value is defaulted
 * further. Returns a new value; the input is not changed.
 */
export function applyDefaults<T>(schema: SchemaNode, value: T): T {
  return defaultNode(schema, structuredClone(value)) as T;
}

function defaultNode(schema: SchemaNode, value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    return schema.items ? value.map((item) => defaultNode(schema.items!, item)) : value;
  }
  const record = value as Record<string, unknown>;
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    const isMissing = !(key in record) || (record[key] === null && !child.nullable);
    if (isMissing && child.default !== undefined) record[key] = structuredClone(child.default);
    if (key in record) record[key] = defaultNode(child, record[key]);
  }
  if (typeof schema.additionalProperties === 'object') {
    for (const key of Object.keys(record)) {
      if (!(key in (schema.properties ?? {})))
        record[key] = defaultNode(schema.additionalProperties, record[key]);
    }
  }
  return record;
}
