import type { ModelCallTarget } from '../agent/model-errors.js';

/** Tokens a run consumed, as providers count them. */
export interface TokenUsage {
  readonly input_tokens: number;
  readonly output_tokens: number;
}

type Metadata = { ls_provider?: unknown; ls_model_name?: unknown };
type UsageMetadata = { input_tokens?: unknown; output_tokens?: unknown };
type LlmOutput = { generations?: { message?: { usage_metadata?: UsageMetadata } }[][] };

function countOf(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.round(value) : 0;
}

/**
 * Watches a run's model calls through LangChain callbacks: which provider and model each call
 * went to (from the `ls_provider` / `ls_model_name` metadata the chat models attach), the
 * tokens each finished call used (the message's `usage_metadata`, which @langchain/openai fills
 * from the streamed `usage` chunk and @langchain/anthropic from `message_start` and
 * `message_delta`), and the last failure. Usage is handed to `record` in call order.
 */
export class ModelCallTracker {
  readonly #targets = new Map<string, ModelCallTarget>();
  readonly #record: (target: ModelCallTarget, usage: TokenUsage) => Promise<void>;
  #chain: Promise<void> = Promise.resolve();
  #lastTarget: ModelCallTarget | undefined;
  #lastError: unknown;

  constructor(record: (target: ModelCallTarget, usage: TokenUsage) => Promise<void>) {
    this.#record = record;
  }

  /** The model of the most recent call, if any call started. */
  get lastTarget(): ModelCallTarget | undefined {
    return this.#lastTarget;
  }

  /** The error of the most recent failed call (after its retries). */
  get lastError(): unknown {
    return this.#lastError;
  }

  /** Waits until every usage record handed to `record` so far is done (`record` must not throw). */
  async flush(): Promise<void> {
    await this.#chain;
  }

  /** The LangChain callback handler to pass with the run. */
  callbacks() {
    return {
      handleChatModelStart: (
        _llm: unknown,
        _messages: unknown,
        runId: string,
        _parentRunId?: string,
        _extra?: unknown,
        _tags?: unknown,
        metadata?: Metadata,
      ) => {
        const target = {
          provider: typeof metadata?.ls_provider === 'string' ? metadata.ls_provider : 'unknown',
          model: typeof metadata?.ls_model_name === 'string' ? metadata.ls_model_name : 'unknown',
        };
        this.#targets.set(runId, target);
        this.#lastTarget = target;
      },
      handleLLMEnd: (output: LlmOutput, runId: string) => {
        const target = this.#targets.get(runId) ?? { provider: 'unknown', model: 'unknown' };
        this.#targets.delete(runId);
        const usage = output.generations?.[0]?.[0]?.message?.usage_metadata;
        const tokens = {
          input_tokens: countOf(usage?.input_tokens),
          output_tokens: countOf(usage?.output_tokens),
        };
        // A later success means an earlier failure (a subagent's, handled as a tool error) is not the run's.
        this.#lastError = undefined;
        this.#chain = this.#chain.then(() => this.#record(target, tokens));
      },
      handleLLMError: (error: unknown, runId: string) => {
        this.#lastTarget = this.#targets.get(runId) ?? this.#lastTarget;
        this.#targets.delete(runId);
        this.#lastError = error;
      },
    };
  }
}
