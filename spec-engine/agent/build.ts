import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { StructuredToolInterface } from '@langchain/core/tools';
import type { BaseCheckpointSaver } from '@langchain/langgraph';
import { createDeepAgent, StateBackend, type SubAgent } from 'deepagents';
import { todoListMiddleware } from 'langchain';
import type { AgentDefinition, AgentNode } from '../../common/agents/spec-builder-definition.js';
import { createChatModel, type ModelCallPolicy, type ModelSetting, type ProviderEnv } from './models.js';
import { BUILTIN_TOOLS } from './tools.js';

/** What {@link buildAgent} needs besides the definition. */
export interface BuildOptions {
  readonly model: ModelSetting;
  readonly env: ProviderEnv;
  /** Timeout and retries of each provider call. @default DEFAULT_CALL_POLICY */
  readonly calls?: ModelCallPolicy;
  readonly checkpointer: BaseCheckpointSaver;
  /** Replaces model creation (tests script a model with it). */
  readonly createModel?: (node: AgentNode) => BaseChatModel;
}

/** A compiled deep agent. */
export type SpecAgent = ReturnType<typeof createDeepAgent>;

function toolsOf(node: AgentNode): StructuredToolInterface[] {
  return node.config.tools.flatMap((name) => {
    const t = BUILTIN_TOOLS.get(name);
    return t ? [t] : [];
  });
}

function modelFor(node: AgentNode, options: BuildOptions): BaseChatModel {
  return options.createModel
    ? options.createModel(node)
    : createChatModel(options.model, options.env, node.config.model, options.calls);
}

/**
 * Builds the deep agent of a definition (checked with `checkAgentDefinition` first): the
 * Orchestrator node becomes the main agent and every Specialist a `task` subagent, with its
 * prompt, model and built-in tools. Files use the upstream shape (`content` as lines) and
 * `write_todos` is available.
 */
export function buildAgent(definition: AgentDefinition, options: BuildOptions): SpecAgent {
  const orchestrator = definition.nodes.find((n) => n.type === 'Orchestrator');
  if (!orchestrator) throw new Error('agent definition has no Orchestrator node');
  const subagents: SubAgent[] = definition.nodes
    .filter((n) => n.type === 'Specialist')
    .map((n) => ({
      name: n.id,
      description: n.config.description ?? n.config.name,
      systemPrompt: n.config.system_prompt,
      tools: toolsOf(n) as SubAgent['tools'],
      model: modelFor(n, options),
    }));
  return createDeepAgent({
    model: modelFor(orchestrator, options),
    systemPrompt: orchestrator.config.system_prompt,
    tools: toolsOf(orchestrator) as never,
    subagents,
    middleware: [todoListMiddleware()] as never,
    checkpointer: options.checkpointer,
    backend: new StateBackend({ fileFormat: 'v1' }),
    name: definition.name,
  });
}

/** Builds agents once per distinct definition: building is costly, runs are many. */
export class AgentCache {
  readonly #agents = new Map<string, SpecAgent>();
  readonly #options: BuildOptions;

  constructor(options: BuildOptions) {
    this.#options = options;
  }

  /** The agent for `definition`, built on first use. */
  get(definition: AgentDefinition): SpecAgent {
    const key = JSON.stringify(definition);
    let agent = this.#agents.get(key);
    if (!agent) {
      agent = buildAgent(definition, this.#options);
      if (this.#agents.size >= 32) this.#agents.delete(this.#agents.keys().next().value as string);
      this.#agents.set(key, agent);
    }
    return agent;
  }
}
