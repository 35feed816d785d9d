import type { ApiDefinition } from './define-api.js';
import type { Field } from './fields.js';

/** A JSON Schema (draft-07) node as editors (yaml-language-server) read it. */
export type JsonSchema = { [key: string]: unknown };

/** Options of `toJsonSchema`. */
export interface JsonSchemaOptions {
  /** XR `apiVersion` (`group/version`). */
  readonly apiVersion: string;
  /** `$id` of the schema, e.g. the file's URL or name. */
  readonly id?: string;
}

/**
 * The JSON Schema of a claim (namespaced XR) of an API, for editors: the same fields, types,
 * defaults, enums, patterns and descriptions as the XRD, unknown fields rejected, and the CEL rules
 * listed in the descriptions (JSON Schema cannot evaluate them; `zt validate` does).
 */
export function toJsonSchema(api: ApiDefinition, options: JsonSchemaOptions): JsonSchema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    ...(options.id ? { $id: options.id } : {}),
    title: api.kind,
    description: api.description,
    type: 'object',
    required: ['apiVersion', 'kind', 'metadata', 'spec'],
    additionalProperties: false,
    properties: {
      apiVersion: { type: 'string', const: options.apiVersion, description: 'API group and version.' },
      kind: { type: 'string', const: api.kind, description: 'Kind of the claim.' },
      metadata: metadataSchema(),
      spec: fieldSchema(api.spec),
    },
  };
}

function metadataSchema(): JsonSchema {
  const stringMap = { type: 'object', additionalProperties: { type: 'string' } };
  return {
    type: 'object',
    description: 'Standard object metadata; name is required, namespace is the claim’s namespace.',
    required: ['name'],
    properties: {
      name: { type: 'string', description: 'Name of the claim; composed resources are named after it.' },
      namespace: { type: 'string', description: 'Namespace of the claim and of everything it composes.' },
      labels: { ...stringMap, description: 'Labels.' },
      annotations: { ...stringMap, description: 'Annotations.' },
    },
  };
}

/** One field as JSON Schema; object fields reject unknown properties like the API server prunes them. */
export function fieldSchema(field: Field): JsonSchema {
  const c = field.constraints;
  const node: JsonSchema = { type: field.kind === 'map' ? 'object' : field.kind };
  node['description'] = describe(field);
  node['markdownDescription'] = describe(field);
  if (field.default !== undefined) node['default'] = structuredClone(field.default);
  if (c.enum) node['enum'] = [...c.enum];
  if (c.pattern !== undefined) node['pattern'] = c.pattern;
  if (c.format !== undefined) node['format'] = c.format;
  if (c.minLength !== undefined) node['minLength'] = c.minLength;
  if (c.maxLength !== undefined) node['maxLength'] = c.maxLength;
  if (c.minimum !== undefined) node['minimum'] = c.minimum;
  if (c.maximum !== undefined) node['maximum'] = c.maximum;
  if (c.minItems !== undefined) node['minItems'] = c.minItems;
  if (c.maxItems !== undefined) node['maxItems'] = c.maxItems;
  if (c.listType === 'set') node['uniqueItems'] = true;
  if (field.properties) {
    node['properties'] = Object.fromEntries(
      Object.entries(field.properties).map(([name, child]) => [name, fieldSchema(child)]),
    );
    const required = Object.entries(field.properties)
      .filter(([, child]) => child.isRequired)
      .map(([name]) => name);
    if (required.length) node['required'] = required;
    node['additionalProperties'] = false;
  }
  if (field.items) node['items'] = fieldSchema(field.items);
  if (field.values) node['additionalProperties'] = fieldSchema(field.values);
  return node;
}

function describe(field: Field): string {
  if (field.rules.length === 0) return field.description;
  const rules = field.rules.map((r) => `- ${r.message} (\`${r.rule}\`)`).join('\n');
  return `${field.description}\n\nRules:\n${rules}`;
}

/** The yaml-language-server modeline that binds a claim file to a schema file or URL. */
export function schemaModeline(schemaRef: string): string {
  return `# yaml-language-server: $schema=${schemaRef}`;
}
