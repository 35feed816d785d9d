import type { AgentDefinition } from '../../common/agents/spec-builder-definition.js';
import { BUILTIN_TOOLS } from './tools.js';

/** Tools every deep agent has without asking; a definition may name them. */
const HARNESS_TOOLS = new Set([
  'ls',
  'read_file',
  'write_file',
  'edit_file',
  'glob',
  'grep',
  'write_todos',
  'task',
]);
const PROVIDERS = new Set(['openai', 'anthropic', 'ollama']);
const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** A problem in a request's `agent_definition`, with the field at fault. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

function checkNode(node: unknown, at: string, ids: Set<string>): FieldProblem | undefined {
  if (!isRecord(node)) return { field: at, message: 'must be an object' };
  if (typeof node.id !== 'string' || !ID.test(node.id)) {
    return { field: `${at}.id`, message: 'must be 1-64 letters, digits, - or _' };
  }
  if (ids.has(node.id)) return { field: `${at}.id`, message: `duplicate node id '${node.id}'` };
  ids.add(node.id);
  if (node.type !== 'Orchestrator' && node.type !== 'Specialist') {
    return { field: `${at}.type`, message: "must be 'Orchestrator' or 'Specialist'" };
  }
  const config = node.config;
  if (!isRecord(config)) return { field: `${at}.config`, message: 'must be an object' };
  for (const key of ['name', 'system_prompt'] as const) {
    if (!nonEmptyString(config[key]))
      return { field: `${at}.config.${key}`, message: 'must be a non-empty string' };
  }
  const model = config.model;
  if (!isRecord(model) || !PROVIDERS.has(String(model.provider)) || !nonEmptyString(model.model)) {
    return {
      field: `${at}.config.model`,
      message: "must be {provider: 'openai'|'anthropic'|'ollama', model}",
    };
  }
  if (!Array.isArray(config.tools))
    return { field: `${at}.config.tools`, message: 'must be a list of tool names' };
  for (const [i, name] of config.tools.entries()) {
    if (typeof name !== 'string' || (!BUILTIN_TOOLS.has(name) && !HARNESS_TOOLS.has(name))) {
      const known = [...BUILTIN_TOOLS.keys()].join(', ');
      return {
        field: `${at}.config.tools[${i}]`,
        message: `unknown tool '${String(name)}' (built-in tools: ${known})`,
      };
    }
  }
  return undefined;
}

/**
 * Checks a request's `agent_definition`: one Orchestrator, well-formed nodes, tool names from
 * the built-in registry. Returns the first problem, or `undefined` when it can be built.
 */
export function checkAgentDefinition(value: unknown, at = 'agent_definition'): FieldProblem | undefined {
  if (!isRecord(value)) return { field: at, message: 'must be an object' };
  if (!Array.isArray(value.nodes) || value.nodes.length === 0) {
    return { field: `${at}.nodes`, message: 'must be a non-empty list' };
  }
  const ids = new Set<string>();
  for (const [i, node] of value.nodes.entries()) {
    const problem = checkNode(node, `${at}.nodes[${i}]`, ids);
    if (problem) return problem;
  }
  const orchestrators = (value.nodes as AgentDefinition['nodes']).filter((n) => n.type === 'Orchestrator');
  if (orchestrators.length !== 1) {
    return {
      field: `${at}.nodes`,
      message: `must have exactly one Orchestrator node (found ${orchestrators.length})`,
    };
  }
  if (value.edges !== undefined && !Array.isArray(value.edges))
    return { field: `${at}.edges`, message: 'must be a list' };
  return undefined;
}
