import { ChatAnthropic } from '@langchain/anthropic';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ChatOpenAI } from '@langchain/openai';
import type { AgentModelRef } from '../../common/agents/spec-builder-definition.js';
import { OfflineChatModel } from './offline-model.js';
import { createStallGuardFetch } from './provider-fetch.js';

/** A parsed `SPEC_ENGINE_MODEL`: `offline`, or a provider and model name. */
export type ModelSetting =
  | { readonly provider: 'offline'; readonly stepDelayMs: number }
  | { readonly provider: 'openai' | 'anthropic'; readonly model: string };

/** Provider credentials and endpoints, from the environment. */
export interface ProviderEnv {
  readonly openaiApiKey?: string | undefined;
  readonly openaiBaseUrl?: string | undefined;
  readonly anthropicApiKey?: string | undefined;
  /** `ANTHROPIC_BASE_URL`: a gateway or proxy speaking the Messages API. */
  readonly anthropicBaseUrl?: string | undefined;
}

/** How each provider call is bounded. */
export interface ModelCallPolicy {
  /**
   * `SPEC_ENGINE_MODEL_TIMEOUT_SECONDS`: until the answer starts, and then the longest silence
   * inside a streamed answer.
   */
  readonly timeoutMs: number;
  /** `SPEC_ENGINE_MODEL_RETRIES`: retries of a call after 429, 5xx, timeouts and lost connections. */
  readonly maxRetries: number;
}

/** The policy used when none is configured (the documented defaults). */
export const DEFAULT_CALL_POLICY: ModelCallPolicy = { timeoutMs: 120_000, maxRetries: 3 };

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
    if (env.anthropicApiKey || env.anthropicBaseUrl)
      return { provider: 'anthropic', model: 'claude-sonnet-4-5' };
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
  policy: ModelCallPolicy = DEFAULT_CALL_POLICY,
): BaseChatModel {
  if (setting.provider === 'offline') return new OfflineChatModel({ stepDelayMs: setting.stepDelayMs });
  let provider: 'openai' | 'anthropic' = setting.provider;
  let model = setting.model;
  if (node?.provider === 'anthropic' && (env.anthropicApiKey || env.anthropicBaseUrl))
    [provider, model] = ['anthropic', node.model];
  if (
    (node?.provider === 'openai' && env.openaiApiKey) ||
    (node?.provider === 'ollama' && env.openaiBaseUrl)
  ) {
    [provider, model] = ['openai', node.model];
  }
  // Retries are LangChain's (@langchain/core AsyncCaller: exponential backoff with jitter,
  // `Retry-After` honoured, 4xx such as 401/403 never retried); the SDK clients retry nothing.
  const fetch = createStallGuardFetch(provider, policy.timeoutMs);
  if (provider === 'anthropic') {
    return new ChatAnthropic({
      model,
      streaming: true,
      maxRetries: policy.maxRetries,
      // A gateway in front of Anthropic may hold the key itself; the client requires one.
      apiKey: env.anthropicApiKey ?? 'not-needed',
      ...(env.anthropicBaseUrl ? { anthropicApiUrl: env.anthropicBaseUrl } : {}),
      clientOptions: { timeout: policy.timeoutMs, fetch },
    });
  }
  return new ChatOpenAI({
    model,
    streaming: true,
    maxRetries: policy.maxRetries,
    timeout: policy.timeoutMs,
    // OpenAI-compatible servers (Ollama, vLLM) often need no key; the client requires one.
    apiKey: env.openaiApiKey ?? 'not-needed',
    configuration: { fetch, ...(env.openaiBaseUrl ? { baseURL: env.openaiBaseUrl } : {}) },
  });
}
