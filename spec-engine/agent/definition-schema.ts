/**
 * The JSON Schema (draft-07) of a compiled `/definition.json`, the engine's own. It must accept
 * exactly what the upstream `definition.schema.json` accepts; `definition-schema.test.ts`
 * compares the two on the upstream example, generated definitions and broken variants.
 */

const str = { type: 'string' } as const;

const toolDefinition = {
  type: 'object',
  properties: {
    name: str,
    runtime: {
      type: 'object',
      properties: { script: str, dependencies: { type: 'array', items: str } },
      required: ['script', 'dependencies'],
    },
  },
  required: ['name', 'runtime'],
} as const;

const node = {
  type: 'object',
  properties: {
    id: str,
    type: { type: 'string', enum: ['Orchestrator', 'Specialist'] },
    config: {
      type: 'object',
      properties: {
        name: str,
        description: str,
        system_prompt: str,
        model: {
          type: 'object',
          properties: { provider: { type: 'string', enum: ['openai', 'anthropic', 'ollama'] }, model: str },
          required: ['provider', 'model'],
        },
        tools: { type: 'array', items: str },
        state_schema: { type: 'object' },
      },
      required: ['name', 'system_prompt', 'model', 'tools'],
    },
  },
  required: ['id', 'type', 'config'],
} as const;

const edge = {
  type: 'object',
  properties: { source: str, target: str, type: { type: 'string', enum: ['orchestrator', 'specialists'] } },
  required: ['source', 'target', 'type'],
} as const;

/** The schema of `/definition.json`. */
export const DEFINITION_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Multi-agent workflow definition',
  type: 'object',
  properties: {
    name: str,
    version: str,
    tool_definitions: { type: 'array', items: toolDefinition },
    nodes: { type: 'array', items: node },
    edges: { type: 'array', items: edge },
  },
  required: ['name', 'version', 'tool_definitions', 'nodes', 'edges'],
} as const;
