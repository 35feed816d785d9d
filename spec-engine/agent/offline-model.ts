import { createHash } from 'node:crypto';
import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import {
  BaseChatModel,
  type BaseChatModelCallOptions,
  type BindToolsInput,
  type LangSmithParams,
} from '@langchain/core/language_models/chat_models';
import { AIMessage, AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import { ChatGenerationChunk, type ChatResult } from '@langchain/core/outputs';
import { getCurrentTaskInput } from '@langchain/langgraph';
import { type DraftLines, decideTurn, type OfflineTool, textOf } from './offline-decide.js';

/**
 * The files of the run's state (the user's draft and what the agent wrote), which a real model
 * would read with `read_file`; empty outside a graph run.
 */
function draftOfRun(): DraftLines {
  let files: Record<string, { content?: unknown }> | undefined;
  try {
    files = getCurrentTaskInput<{ files?: Record<string, { content?: unknown }> }>()?.files;
  } catch {
    return {};
  }
  const lines: Record<string, readonly string[]> = {};
  for (const [path, file] of Object.entries(files ?? {})) {
    const content = file?.content;
    if (Array.isArray(content)) lines[path] = content.map(String);
    else if (typeof content === 'string') lines[path] = content.split('\n');
  }
  return lines;
}

/** Options of {@link OfflineChatModel}. */
export interface OfflineModelOptions {
  /** Delay before each model call, so tests can kill a worker mid-run. @default 0 */
  readonly stepDelayMs?: number;
  /** Characters per streamed chunk. @default 24 */
  readonly chunkSize?: number;
  /** Awaited before each step (tests hold a run at a known point with it). */
  readonly beforeStep?: () => Promise<void>;
}

function describeTool(input: BindToolsInput): OfflineTool {
  const t = input as {
    name?: string;
    schema?: { shape?: Record<string, { description?: string }> };
    function?: { name?: string; parameters?: { properties?: Record<string, { description?: string }> } };
  };
  const name = t.name ?? t.function?.name ?? 'unknown';
  if (name !== 'task') return { name };
  const described =
    t.schema?.shape?.subagent_type?.description ??
    t.function?.parameters?.properties?.subagent_type?.description ??
    '';
  const list = /Available:\s*(.*)$/s.exec(described)?.[1] ?? '';
  return {
    name,
    agents: list
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  };
}

/**
 * The `offline` model, for development and tests only: a deterministic chat model with tool
 * calling that drives the real deepagents loop (todos, `task` delegation, `write_file`,
 * `validate_definition`) and designs the specification from the user's instructions, so the
 * whole system runs on a bare machine without an LLM provider. Different instructions give
 * different agents, prompts and files. Output streams in small chunks like a real provider.
 */
export class OfflineChatModel extends BaseChatModel {
  readonly #options: OfflineModelOptions;
  readonly #tools: readonly OfflineTool[];

  constructor(options: OfflineModelOptions = {}, tools: readonly OfflineTool[] = []) {
    super({});
    this.#options = options;
    this.#tools = tools;
  }

  /** Names the model in callbacks and traces (tokens and failures are reported per provider). */
  override getLsParams(options: this['ParsedCallOptions']): LangSmithParams {
    return { ...super.getLsParams(options), ls_provider: 'offline', ls_model_name: 'offline' };
  }

  override _llmType(): string {
    return 'offline';
  }

  override bindTools(tools: BindToolsInput[]): OfflineChatModel {
    return new OfflineChatModel(this.#options, tools.map(describeTool));
  }

  async #turn(messages: BaseMessage[]): Promise<{ content: string; toolCalls: AIMessage['tool_calls'] }> {
    const delay = this.#options.stepDelayMs ?? 0;
    // Always yield to the event loop between steps; a run never monopolizes it.
    await new Promise((resolve) => (delay > 0 ? setTimeout(resolve, delay) : setImmediate(resolve)));
    await this.#options.beforeStep?.();
    const first = messages.find((m) => m.getType() === 'human');
    const salt = createHash('sha1')
      .update(first ? textOf(first) : '')
      .digest('hex')
      .slice(0, 8);
    const turn = decideTurn(messages, this.#tools, salt, draftOfRun());
    return { content: turn.content, toolCalls: turn.toolCalls };
  }

  override async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    const { content, toolCalls } = await this.#turn(messages);
    const message = new AIMessage({ content, tool_calls: toolCalls ?? [] });
    return { generations: [{ text: content, message }] };
  }

  override async *_streamResponseChunks(
    messages: BaseMessage[],
    _options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    const { content, toolCalls } = await this.#turn(messages);
    const size = this.#options.chunkSize ?? 24;
    for (let i = 0; i < content.length; i += size) {
      const text = content.slice(i, i + size);
      const chunk = new ChatGenerationChunk({ text, message: new AIMessageChunk({ content: text }) });
      yield chunk;
      await runManager?.handleLLMNewToken(text, undefined, undefined, undefined, undefined, { chunk });
    }
    if (toolCalls && toolCalls.length > 0) {
      yield new ChatGenerationChunk({
        text: '',
        message: new AIMessageChunk({
          content: '',
          tool_call_chunks: toolCalls.map((c, index) => ({
            name: c.name,
            args: JSON.stringify(c.args),
            id: c.id,
            index,
            type: 'tool_call_chunk' as const,
          })),
        }),
      });
    }
  }
}

/** Call options of the offline model (the base ones). */
export type OfflineCallOptions = BaseChatModelCallOptions;
