/**
 * The bytes a scripted provider sends, in the two wire protocols the engine speaks: OpenAI
 * Chat Completions streaming (`chat.completion.chunk` SSE, `[DONE]`, a final `usage` chunk as
 * with `stream_options.include_usage`) and Anthropic Messages streaming (`message_start`,
 * `content_block_*`, `message_delta` with `usage`, `message_stop`).
 */

/** One scripted answer of a model turn. */
export type ScriptedTurn =
  | { readonly kind: 'text'; readonly text: string; readonly usage?: Usage }
  | {
      readonly kind: 'tool';
      readonly name: string;
      readonly args: Record<string, unknown>;
      readonly usage?: Usage;
    };

/** Tokens a scripted answer reports. */
export interface Usage {
  readonly input: number;
  readonly output: number;
}

/** Wire protocol of a scripted provider. */
export type Protocol = 'openai' | 'anthropic';

/** Splits text into pieces of `size` characters (how providers stream tokens and tool arguments). */
export function splitInto(text: string, size: number): string[] {
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += size) parts.push(text.slice(i, i + size));
  return parts.length > 0 ? parts : [''];
}

function sse(data: unknown, event?: string): string {
  return `${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}

function openaiEvents(turn: ScriptedTurn, n: number): string[] {
  const base = {
    id: `chatcmpl-${n}`,
    object: 'chat.completion.chunk',
    created: 1_700_000_000,
    model: 'scripted',
  };
  const chunk = (delta: unknown, finish: string | null = null) =>
    sse({ ...base, choices: [{ index: 0, delta, finish_reason: finish }] });
  const events = [chunk({ role: 'assistant', content: '' })];
  if (turn.kind === 'text') {
    for (const piece of splitInto(turn.text, 6)) events.push(chunk({ content: piece }));
    events.push(chunk({}, 'stop'));
  } else {
    const id = `call_${n}`;
    events.push(
      chunk({
        tool_calls: [{ index: 0, id, type: 'function', function: { name: turn.name, arguments: '' } }],
      }),
    );
    for (const piece of splitInto(JSON.stringify(turn.args), 7))
      events.push(chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] }));
    events.push(chunk({}, 'tool_calls'));
  }
  const usage = turn.usage ?? { input: 0, output: 0 };
  events.push(
    sse({
      ...base,
      choices: [],
      usage: {
        prompt_tokens: usage.input,
        completion_tokens: usage.output,
        total_tokens: usage.input + usage.output,
      },
    }),
  );
  events.push(sse('[DONE]'));
  return events;
}

function anthropicEvents(turn: ScriptedTurn, n: number): string[] {
  const usage = turn.usage ?? { input: 0, output: 0 };
  const events = [
    sse(
      {
        type: 'message_start',
        message: {
          id: `msg_${n}`,
          type: 'message',
          role: 'assistant',
          content: [],
          model: 'scripted',
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: usage.input, output_tokens: 0 },
        },
      },
      'message_start',
    ),
  ];
  const block = (index: number, content_block: unknown) =>
    sse({ type: 'content_block_start', index, content_block }, 'content_block_start');
  const delta = (index: number, d: unknown) =>
    sse({ type: 'content_block_delta', index, delta: d }, 'content_block_delta');
  const stop = (index: number) => sse({ type: 'content_block_stop', index }, 'content_block_stop');
  if (turn.kind === 'text') {
    events.push(block(0, { type: 'text', text: '' }));
    for (const piece of splitInto(turn.text, 6)) events.push(delta(0, { type: 'text_delta', text: piece }));
    events.push(stop(0));
  } else {
    events.push(block(0, { type: 'tool_use', id: `toolu_${n}`, name: turn.name, input: {} }));
    for (const piece of splitInto(JSON.stringify(turn.args), 7))
      events.push(delta(0, { type: 'input_json_delta', partial_json: piece }));
    events.push(stop(0));
  }
  events.push(
    sse(
      {
        type: 'message_delta',
        delta: { stop_reason: turn.kind === 'tool' ? 'tool_use' : 'end_turn', stop_sequence: null },
        usage: { output_tokens: usage.output },
      },
      'message_delta',
    ),
  );
  events.push(sse({ type: 'message_stop' }, 'message_stop'));
  return events;
}

/** The SSE events of one streamed answer in a protocol. */
export function streamEvents(protocol: Protocol, turn: ScriptedTurn, n: number): string[] {
  return protocol === 'openai' ? openaiEvents(turn, n) : anthropicEvents(turn, n);
}

/** The JSON error body a provider answers with. */
export function errorBody(protocol: Protocol, status: number, message: string): unknown {
  if (protocol === 'openai')
    return {
      error: { message, type: status === 401 ? 'invalid_request_error' : 'server_error', code: null },
    };
  const type = status === 401 ? 'authentication_error' : status === 429 ? 'rate_limit_error' : 'api_error';
  return { type: 'error', error: { type, message } };
}

/** A stream whose data is not JSON: what a broken gateway might send. */
export function malformedEvents(protocol: Protocol): string[] {
  return protocol === 'openai'
    ? [sse('{"id":"x","choices":[{"index":0,"delta":{"content":"Hel'), sse('[DONE]')]
    : [sse('{"type":"message_start","message":', 'message_start')];
}
