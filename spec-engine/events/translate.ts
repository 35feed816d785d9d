import type { BaseMessage } from '@langchain/core/messages';

/** State keys that are the harness's bookkeeping, never shown to clients. */
const INTERNAL_KEYS = new Set(['jumpTo', 'structuredResponse', 'skillsMetadata', 'memoryContents']);
const MAX_TOOL_TEXT = 16_384;

/** A message as clients see it in `on_state_update` (DESIGN §3.1). */
export interface MessageJson {
  readonly type: string;
  readonly content: unknown;
  readonly tool_calls?: unknown[];
  readonly name?: string;
}

/** Serializes a LangChain message to `{type, content, tool_calls?, name?}`. */
export function messageToJson(message: BaseMessage): MessageJson {
  const m = message as BaseMessage & { tool_calls?: { name: string; args: unknown; id?: string }[] };
  const json: { type: string; content: unknown; tool_calls?: unknown[]; name?: string } = {
    type: message.getType(),
    content: message.content,
  };
  if (m.tool_calls && m.tool_calls.length > 0) {
    json.tool_calls = m.tool_calls.map((c) => ({ name: c.name, args: c.args, id: c.id }));
  }
  if (message.name) json.name = message.name;
  return json;
}

/** The `data` of an `on_state_update` from a state snapshot: internal keys filtered out. */
export function stateUpdateData(values: Record<string, unknown>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (key.startsWith('_') || INTERNAL_KEYS.has(key) || value === undefined) continue;
    data[key] =
      key === 'messages' && Array.isArray(value) ? (value as BaseMessage[]).map(messageToJson) : value;
  }
  return data;
}

function clip(text: string): string {
  return text.length > MAX_TOOL_TEXT ? `${text.slice(0, MAX_TOOL_TEXT)}…` : text;
}

/** A tool's input as JSON when it is JSON text (callbacks pass it serialized). */
export function toolInputOf(input: unknown): unknown {
  if (typeof input !== 'string') return input;
  try {
    return JSON.parse(input);
  } catch {
    return clip(input);
  }
}

/** A tool's output as text: a ToolMessage's content, or the message inside a Command update. */
export function toolOutputOf(output: unknown): string {
  const o = output as {
    content?: unknown;
    update?: { messages?: { content?: unknown }[] };
  } | null;
  const content = o?.content ?? o?.update?.messages?.[0]?.content ?? output;
  return clip(typeof content === 'string' ? content : JSON.stringify(content ?? null));
}

/**
 * The text of a streamed model chunk: a string, or the `text` parts of a content list
 * (@langchain/anthropic streams `[{type: 'text', text}]`; tool-call argument parts carry no text).
 */
export function chunkText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) =>
      part && typeof part === 'object' && (part as { type?: unknown }).type === 'text'
        ? String((part as { text?: unknown }).text ?? '')
        : '',
    )
    .join('');
}
