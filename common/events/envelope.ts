/**
 * The event envelope every WebSocket text frame carries between the Spec Engine, the
 * orchestrator and the browser (DESIGN §3.1). `event_type` and `data` are the
 * compatibility core; `seq`, `thread_id` and `ts` are additions older engines do not
 * send, so consumers never require them.
 */
export interface EventEnvelope {
  readonly event_type: string;
  readonly data: Record<string, unknown>;
  readonly seq?: number;
  readonly thread_id?: string;
  readonly ts?: string;
}

/** Event types with a meaning in the contract; consumers ignore any others. */
export const EVENT_TYPES = [
  'on_state_update',
  'on_llm_stream',
  'on_tool_start',
  'on_tool_end',
  'error',
  'end',
] as const;

/** One of {@link EVENT_TYPES}. */
export type KnownEventType = (typeof EVENT_TYPES)[number];

/** A file in the engine's shape: content as a list of lines without newlines. */
export interface SpecFile {
  readonly content: readonly string[];
  readonly created_at: string;
  readonly modified_at: string;
}

/** A virtual file tree keyed by absolute path. */
export type FileTree = Record<string, SpecFile>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses one frame into an envelope, or returns `undefined` when it is not one
 * (not JSON, no string `event_type`, `data` not an object). Unknown keys are kept.
 */
export function parseEnvelope(frame: string): EventEnvelope | undefined {
  let value: unknown;
  try {
    value = JSON.parse(frame);
  } catch {
    return undefined;
  }
  if (!isRecord(value) || typeof value.event_type !== 'string') return undefined;
  const data = value.data === undefined ? {} : value.data;
  if (!isRecord(data)) return undefined;
  return { ...value, event_type: value.event_type, data } as EventEnvelope;
}

/** True when `value` is a file in the engine's shape. */
export function isSpecFile(value: unknown): value is SpecFile {
  return (
    isRecord(value) &&
    Array.isArray(value.content) &&
    value.content.every((line) => typeof line === 'string') &&
    typeof value.created_at === 'string' &&
    typeof value.modified_at === 'string'
  );
}

/** True when `value` is a file tree: absolute paths to files in the engine's shape. */
export function isFileTree(value: unknown): value is FileTree {
  return isRecord(value) && Object.entries(value).every(([p, f]) => p.startsWith('/') && isSpecFile(f));
}

/** Serialises an envelope as one text frame. */
export function encodeEnvelope(envelope: EventEnvelope): string {
  return JSON.stringify(envelope);
}
