/**
 * Generates platform/cli/validate/generated/core-fields.json: the field names of every core
 * Kubernetes kind, for `zt validate`'s unknown-field check (kubernetes-models validators check types
 * and required fields but let unknown fields through). Source: the pinned Kubernetes definitions in
 * ../shared/crds/k8s. Run with `npm run generate:core-fields`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

type Def = {
  $ref?: string;
  type?: string;
  properties?: Record<string, Def>;
  items?: Def;
  additionalProperties?: Def | boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[];
};
/** 0: any value; "T": an object of type T; ["T"]: a list of T; {"*": "T"}: a map of T. */
type Shape = 0 | string | [string] | { '*': string };

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.resolve(
  repoRoot,
  '..',
  'shared',
  'crds',
  'k8s',
  'kubernetes-v1.34.0--definitions.jsonschema.json',
);
const defs = (JSON.parse(readFileSync(source, 'utf8')) as { definitions: Record<string, Def> }).definitions;
const types: Record<string, Record<string, Shape>> = {};
const kinds: Record<string, string> = {};

function refName(d: Def): string | undefined {
  return d.$ref?.replace('#/definitions/', '');
}

function shapeOf(d: Def, synthetic: string): Shape {
  const ref = refName(d);
  if (ref) return visit(ref, defs[ref]!) ? ref : 0;
  if (d.type === 'array' && d.items) {
    const inner = shapeOf(d.items, `${synthetic}[]`);
    return typeof inner === 'string' ? [inner] : 0;
  }
  if (d.properties) return visit(synthetic, d) ? synthetic : 0;
  if (typeof d.additionalProperties === 'object') {
    const inner = shapeOf(d.additionalProperties, `${synthetic}.*`);
    return typeof inner === 'string' ? { '*': inner } : 0;
  }
  return 0;
}

/** Records a type's fields; false when the type accepts any field. */
function visit(name: string, d: Def): boolean {
  if (!d?.properties || d['x-kubernetes-preserve-unknown-fields']) return false;
  if (types[name]) return true;
  const fields: Record<string, Shape> = {};
  types[name] = fields;
  for (const [prop, child] of Object.entries(d.properties)) fields[prop] = shapeOf(child, `${name}.${prop}`);
  return true;
}

for (const [name, d] of Object.entries(defs)) {
  for (const g of d['x-kubernetes-group-version-kind'] ?? []) {
    if (g.kind.endsWith('List') || !visit(name, d)) continue;
    kinds[`${g.group ? `${g.group}/` : ''}${g.version}/${g.kind}`] = name;
  }
}
const out = path.join(repoRoot, 'platform', 'cli', 'validate', 'generated', 'core-fields.json');
const sorted = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
writeFileSync(
  out,
  `${JSON.stringify({ source: path.basename(source), kinds: sorted(kinds), types: sorted(types) })}\n`,
);
console.log(`${out}: ${Object.keys(kinds).length} kinds, ${Object.keys(types).length} types`);
