import type { ApiDefinition } from './define-api.js';
import type { Field } from './fields.js';

/** A Kubernetes structural schema node (the subset we emit). */
export type StructuralSchema = {
  type: 'string' | 'integer' | 'boolean' | 'object' | 'array';
  description?: string;
  default?: unknown;
  enum?: string[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  format?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, StructuralSchema>;
  required?: string[];
  items?: StructuralSchema;
  additionalProperties?: StructuralSchema;
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-validations'?: { rule: string; message: string; fieldPath?: string }[];
};

/** Converts one field to its structural schema node, keys in a fixed order for deterministic output. */
export function toStructuralSchema(field: Field): StructuralSchema {
  const c = field.constraints;
  const node: StructuralSchema = {
    type: field.kind === 'map' ? 'object' : field.kind,
    description: field.description,
  };
  if (field.default !== undefined) node.default = structuredClone(field.default);
  if (c.enum) node.enum = [...c.enum];
  if (c.format !== undefined) node.format = c.format;
  if (c.pattern !== undefined) node.pattern = c.pattern;
  if (c.minLength !== undefined) node.minLength = c.minLength;
  if (c.maxLength !== undefined) node.maxLength = c.maxLength;
  if (c.minimum !== undefined) node.minimum = c.minimum;
  if (c.maximum !== undefined) node.maximum = c.maximum;
  if (c.minItems !== undefined) node.minItems = c.minItems;
  if (c.maxItems !== undefined) node.maxItems = c.maxItems;
  if (field.properties) {
    node.properties = Object.fromEntries(
      Object.entries(field.properties).map(([name, child]) => [name, toStructuralSchema(child)]),
    );
    const required = Object.entries(field.properties)
      .filter(([, child]) => child.isRequired)
      .map(([name]) => name);
    if (required.length) node.required = required;
  }
  if (field.items) node.items = toStructuralSchema(field.items);
  if (field.values) node.additionalProperties = toStructuralSchema(field.values);
  if (c.listType) node['x-kubernetes-list-type'] = c.listType;
  if (c.listMapKeys) node['x-kubernetes-list-map-keys'] = [...c.listMapKeys];
  if (field.rules.length) {
    node['x-kubernetes-validations'] = field.rules.map((r) => ({
      rule: r.rule,
      message: r.message,
      ...(r.fieldPath ? { fieldPath: r.fieldPath } : {}),
    }));
  }
  return node;
}

/** The XRD `openAPIV3Schema` of an API: `spec` (required) and `status`. */
export function toXrdSchema(api: ApiDefinition): StructuralSchema {
  return {
    type: 'object',
    description: api.description,
    properties: { spec: toStructuralSchema(api.spec), status: toStructuralSchema(api.status) },
    required: ['spec'],
  };
}

/** The XRD version's `additionalPrinterColumns`, plain JSON. */
export function toPrinterColumns(api: ApiDefinition) {
  return api.printerColumns.map((c) => ({
    name: c.name,
    type: c.type,
    jsonPath: c.jsonPath,
    ...(c.description ? { description: c.description } : {}),
    ...(c.priority !== undefined ? { priority: c.priority } : {}),
  }));
}
