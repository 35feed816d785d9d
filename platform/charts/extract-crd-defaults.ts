// Writes platform/imports/crd-defaults.json (generated, committed): for every served version of the
// pinned CRDs, the part of its schema that carries `default`s, so synth can emit objects fully
// defaulted without ../shared.
// Run through `npm run imports` (platform/imports/regenerate.sh).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCrds } from '../validate/crds.js';
import type { SchemaNode } from '../validate/structural.js';

function defaultsOnly(node: SchemaNode): SchemaNode | undefined {
  const out: SchemaNode = {};
  if (node.properties) {
    const props = Object.entries(node.properties)
      .map(([k, v]) => [k, defaultsOnly(v)] as const)
      .filter(([, v]) => v !== undefined);
    if (props.length) out.properties = Object.fromEntries(props) as Record<string, SchemaNode>;
  }
  if (node.items) {
    const items = defaultsOnly(node.items);
    if (items) out.items = items;
  }
  if (typeof node.additionalProperties === 'object') {
    const values = defaultsOnly(node.additionalProperties);
    if (values) out.additionalProperties = values;
  }
  if (node.default !== undefined) out.default = node.default;
  if (Object.keys(out).length === 0) return undefined;
  if (node.nullable) out.nullable = true;
  return out;
}

const [crdDir] = process.argv.slice(2);
if (!crdDir) throw new Error('usage: extract-defaults.ts <crd dir>');
const result: Record<string, SchemaNode> = {};
for (const crd of readCrds(crdDir)) {
  const spec = crd.spec as {
    group: string;
    names: { kind: string };
    versions: { name: string; served: boolean; schema?: { openAPIV3Schema: SchemaNode } }[];
  };
  for (const v of spec.versions) {
    const schema = v.served && v.schema ? defaultsOnly(v.schema.openAPIV3Schema) : undefined;
    if (schema) result[`${spec.group}/${v.name}/${spec.names.kind}`] = schema;
  }
}
const sorted = Object.fromEntries(Object.entries(result).sort(([a], [b]) => a.localeCompare(b)));
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'imports', 'crd-defaults.json');
writeFileSync(out, `${JSON.stringify(sorted, null, 1)}\n`);
