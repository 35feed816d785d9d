/** A file tree in the engine's shape, for scripts. */
export function files(tree: Record<string, string[]>): Record<string, unknown> {
  const at = '2026-01-01T00:00:00.000Z';
  return Object.fromEntries(
    Object.entries(tree).map(([path, content]) => [path, { content, created_at: at, modified_at: at }]),
  );
}

/**
 * A typical modern run: state updates (messages as a list), a token chunk, an unknown
 * event type with an unknown key, the final files, then `end` (with `endData`); one frame every `gapMs`.
 */
export function modernRun(
  final: Record<string, string[]>,
  gapMs = 0,
  endData: Record<string, unknown> = { status: 'completed' },
) {
  const frames: unknown[] = [
    { event_type: 'on_state_update', data: { messages: [{ type: 'ai', content: 'planning' }] } },
    { event_type: 'on_llm_stream', data: { chunk: 'tok' }, extra_key: { kept: true } },
    { event_type: 'on_custom_future_event', data: { anything: [1, 2, 3] } },
    { event_type: 'on_state_update', data: { messages: [], files: files({ '/draft.md': ['early'] }) } },
    { event_type: 'on_state_update', data: { messages: [], files: files(final), todos: [] } },
    { event_type: 'end', data: endData },
  ];
  return frames.map((f, i) => ({
    at: i * gapMs,
    frame: { ...(f as object), seq: i + 1, thread_id: 't', ts: '2026-01-01T00:00:00Z' },
  }));
}

/** An older engine's run: no `seq`, `data.messages` as a plain string, `end` with `{}`. */
export function legacyRun(final: Record<string, string[]>, gapMs = 0) {
  const frames = [
    { event_type: 'on_state_update', data: { messages: 'Thinking about the spec' } },
    { event_type: 'on_state_update', data: { messages: 'Done', files: files(final) } },
    { event_type: 'end', data: {} },
  ];
  return frames.map((frame, i) => ({ at: i * gapMs, frame }));
}
