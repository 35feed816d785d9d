/** The subset of the OpenAPI v3 schema of a CRD that the validators read. */
export interface SchemaNode {
  type?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
  required?: string[];
  default?: unknown;
  nullable?: boolean;
  enum?: unknown[];
  allOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  not?: SchemaNode;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-validations'?: {
    rule: string;
    message?: string;
    messageExpression?: string;
    fieldPath?: string;
  }[];
  [key: string]: unknown;
}

const OBJECT_META_FIELDS = ['apiVersion', 'kind', 'metadata'] as const;

/**
 * Returns a copy of a CRD schema in which every object that Kubernetes would prune (no `properties`, no
 * `additionalProperties`, no `x-kubernetes-preserve-unknown-fields`) rejects unknown fields instead,
 * so that a JSON Schema validator reports what the API server would silently drop. `metadata` of the
 * root and of embedded resources stays open (ObjectMeta is validated by the server itself).
 */
export function rejectUnknownFields(schema: SchemaNode, isRoot = true): SchemaNode {
  const node: SchemaNode = { ...schema };
  if (node.properties) {
    node.properties = Object.fromEntries(
      Object.entries(node.properties).map(([k, v]) => [
        k,
        (isRoot || node['x-kubernetes-embedded-resource']) && k === 'metadata'
          ? v
          : rejectUnknownFields(v, false),
      ]),
    );
  }
  if (node.items) node.items = rejectUnknownFields(node.items, false);
  if (typeof node.additionalProperties === 'object') {
    node.additionalProperties = rejectUnknownFields(node.additionalProperties, false);
  }
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    if (node[key]) node[key] = node[key]!.map((s) => rejectUnknownFields(s, false));
  }
  const preserves = node['x-kubernetes-preserve-unknown-fields'] === true;
  const isObject = node.type === 'object' || (node.properties !== undefined && node.type === undefined);
  if (isObject && !preserves && node.additionalProperties === undefined) {
    if (node['x-kubernetes-embedded-resource'] || isRoot) {
      // The root and embedded resources always allow apiVersion, kind and metadata.
      node.properties = {
        ...Object.fromEntries(
          OBJECT_META_FIELDS.map((f) => [f, f === 'metadata' ? { type: 'object' } : { type: 'string' }]),
        ),
        ...node.properties,
      };
    }
    node.additionalProperties = false;
  }
  return node;
}
