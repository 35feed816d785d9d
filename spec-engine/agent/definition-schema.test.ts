import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { SPEC_BUILDER_DEFINITION } from '../../common/agents/spec-builder-definition.js';
import { DEFINITION_SCHEMA } from './definition-schema.js';
import { definitionOf, planWorkflow } from './offline-plan.js';
import { validateDefinitionText } from './tools.js';

const fixtures = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'fixtures', 'spec-engine');
const hasFixtures = existsSync(fixtures);
if (!hasFixtures) {
  if (process.env.CI === 'true') throw new Error(`CI=true but ${fixtures} is missing`);
  console.warn(`[skip] ${fixtures} is missing: the comparison with the upstream schema skips`);
}

type Json = Record<string, unknown>;
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** Variants of a valid definition, each breaking (or keeping) one rule. */
function variants(valid: Json): Record<string, unknown> {
  type Def = { [key: string]: unknown; nodes: Json[]; edges: Json[]; tool_definitions: Json[] };
  const v = (edit: (d: Def) => void) => {
    const d = clone(valid) as Def;
    edit(d);
    return d;
  };
  return {
    valid,
    'missing name': v((d) => delete d.name),
    'numeric version': v((d) => (d.version = 1)),
    'missing edges': v((d) => delete (d as Json).edges),
    'nodes not a list': v((d) => ((d as Json).nodes = {})),
    'unknown node type': v((d) => (d.nodes[0]!.type = 'Worker')),
    'node without config': v((d) => delete d.nodes[0]!.config),
    'config without tools': v((d) => delete (d.nodes[0]!.config as Json).tools),
    'unknown provider': v((d) => ((d.nodes[0]!.config as { model: Json }).model.provider = 'mistral')),
    'ollama provider': v((d) => ((d.nodes[0]!.config as { model: Json }).model.provider = 'ollama')),
    'state_schema not an object': v((d) => ((d.nodes[0]!.config as Json).state_schema = [])),
    'extra keys are allowed': v((d) => (d.extra = { anything: true })),
    'edge with bad type': v((d) => d.edges.push({ source: 'a', target: 'b', type: 'peer' })),
    'tool without dependencies': v((d) => d.tool_definitions.push({ name: 't', runtime: { script: 's' } })),
    'tool with dependencies': v((d) =>
      d.tool_definitions.push({ name: 't', runtime: { script: 's', dependencies: ['x'] } }),
    ),
    'not an object': [],
  };
}

describe('the definition schema', () => {
  const ours = new Ajv({ strict: false, allErrors: true }).compile(DEFINITION_SCHEMA);

  it('accepts the compiled definitions of the offline model and the spec-builder definition', () => {
    for (const text of ['Triage bugs, then assign owners.', '', 'One; two; three; four; five; six; seven.']) {
      expect(ours(definitionOf(planWorkflow(text))), text).toBe(true);
    }
    expect(ours(SPEC_BUILDER_DEFINITION)).toBe(true);
  });

  it('reports errors with their JSON path through validate_definition', () => {
    expect(validateDefinitionText('{"name": 1}').errors).toEqual(
      expect.arrayContaining(['/name: must be string', "/: must have required property 'version'"]),
    );
    expect(validateDefinitionText('not json').errors[0]).toMatch(/not JSON/);
  });

  it.skipIf(!hasFixtures)('accepts exactly what the upstream schema accepts', () => {
    const upstream = new Ajv({ strict: false }).compile(
      JSON.parse(readFileSync(path.join(fixtures, 'definition.schema.json'), 'utf8')),
    );
    const example = JSON.parse(readFileSync(path.join(fixtures, 'definition.example.json'), 'utf8')) as Json;
    const generated = definitionOf(planWorkflow('Collect receipts, then file expenses.')) as Json;
    for (const base of [example, generated, clone(SPEC_BUILDER_DEFINITION) as unknown as Json]) {
      for (const [name, value] of Object.entries(variants(base))) {
        expect(ours(value), name).toBe(upstream(value));
      }
    }
    const rejected = Object.entries(variants(example))
      .filter(([, value]) => !upstream(value))
      .map(([name]) => name);
    expect(rejected).toHaveLength(12);
  });
});
