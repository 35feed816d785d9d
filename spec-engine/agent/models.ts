import { ChatAnthropic } from '@langchain/anthropic';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ChatOpenAI } from '@langchain/openai';
import type { AgentModelRef } from '../../common/agents/spec-builder-definition.js';
import { OfflineChatModel } from './offline-model.js';

/** A parsed `SPEC_ENGINE_MODEL`: `offline`, or a provider and model name. */
export type ModelSetting =
  | { readonly provider: 'offline'; readonly stepDelayMs: number }
  | { readonly provider: 'openai' | 'anthropic'; readonly model: string };

/** Provider credentials and endpoints, from the environment. */
export interface ProviderEnv {
  readonly openaiApiKey?: string | undefined;
  readonly openaiBaseUrl?: string | undefined;
  readonly anthropicApiKey?: string | undefined;
}

/**
 * Parses `SPEC_ENGINE_MODEL` (`offline` | `openai:<model>` | `anthropic:<model>`). Unset means
 * `offline` when no provider key is configured, else the provider's default model.
 */
export function parseModelSetting(
  value: string | undefined,
  env: ProviderEnv,
  stepDelayMs = 0,
): ModelSetting {
  const raw = value?.trim();
  if (!raw) {
    if (env.openaiApiKey || env.openaiBaseUrl) return { provider: 'openai', model: 'gpt-4.1-mini' };
    if (env.anthropicApiKey) return { provider: 'anthropic', model: 'claude-sonnet-4-5' };
    return { provider: 'offline', stepDelayMs };
  }
  if (raw === 'offline') return { provider: 'offline', stepDelayMs };
  const match = /^(openai|anthropic):(.+)$/.exec(raw);
  if (!match) {
    throw new Error(`SPEC_ENGINE_MODEL '${raw}' must be 'offline', 'openai:<model>' or 'anthropic:<model>'`);
  }
  return { provider: match[1] as 'openai' | 'anthropic', model: match[2]! };
}

/**
 * Creates the chat model for one node. With `offline` every node runs offline; otherwise a
 * node's own model from the definition is used when its provider is configured (`ollama` goes
 * through the OpenAI-compatible endpoint), else the engine's default.
 */
export function createChatModel(
  setting: ModelSetting,
  env: ProviderEnv,
  node?: AgentModelRef,
): BaseChatModel {
  if (setting.provider === 'offline') return new OfflineChatModel({ stepDelayMs: setting.stepDelayMs });
  let provider: 'openai' | 'anthropic' = setting.provider;
  let model = setting.model;
  if (node?.provider === 'anthropic' && env.anthropicApiKey) [provider, model] = ['anthropic', node.model];
  if (
    (node?.provider === 'openai' && env.openaiApiKey) ||
    (node?.provider === 'ollama' && env.openaiBaseUrl)
  ) {
    [provider, model] = ['openai', node.model];
  }
  if (provider === 'anthropic') {
    return new ChatAnthropic({ model, ...(env.anthropicApiKey ? { apiKey: env.anthropicApiKey } : {}) });
  }
  return new ChatOpenAI({
    model,
    streaming: true,
    // OpenAI-compatible servers (Ollama, vLLM) often need no key; the client requires one.
    apiKey: env.openaiApiKey ?? 'not-needed',
    ...(env.openaiBaseUrl ? { configuration: { baseURL: env.openaiBaseUrl } } : {}),
  });
}
