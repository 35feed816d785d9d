import { type EventEnvelope, type FileTree, isFileTree } from '../../../common/events/index.js';
import { EMPTY_RUN, type LogEntry, type RunStatus, type RunView, type Todo } from './run-view.js';

const MAX_DETAIL = 200;

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_DETAIL ? `${flat.slice(0, MAX_DETAIL)}…` : flat;
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    // LangChain content blocks: keep the text parts.
    return value
      .map((part) => (typeof part === 'object' && part && 'text' in part ? String(part.text) : ''))
      .join('');
  }
  return value === undefined || value === null ? '' : JSON.stringify(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The messages of an `on_state_update`: a list, or (older engines) a JSON string of one. */
function messagesOf(raw: unknown): Record<string, unknown>[] {
  let value = raw;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return [];
    }
  }
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function todosOf(raw: unknown): Todo[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  return raw.filter(isRecord).map((t) => ({ content: textOf(t.content), status: textOf(t.status) }));
}

function sameTodos(a: readonly Todo[], b: readonly Todo[]): boolean {
  return a.length === b.length && a.every((t, i) => t.content === b[i]?.content && t.status === b[i]?.status);
}

function todoSummary(todos: readonly Todo[]): string {
  const done = todos.filter((t) => t.status === 'completed').length;
  const current = todos.find((t) => t.status === 'in_progress');
  return `Todos ${done}/${todos.length} done${current ? `; now: ${current.content}` : ''}`;
}

/** Log entries for a state update: new messages, changed todos, files that appeared or changed. */
function stateEntries(view: RunView, data: Record<string, unknown>, key: string) {
  const entries: LogEntry[] = [];
  let { messagesShown, fileStamps, todos, files } = view;
  if ('messages' in data) {
    const messages = messagesOf(data.messages);
    messages.slice(messagesShown).forEach((m, i) => {
      const text = textOf(m.content).trim();
      const calls = Array.isArray(m.tool_calls) ? m.tool_calls.filter(isRecord) : [];
      const role = textOf(m.type) || 'message';
      // Tool results are shown by on_tool_end; an AI turn that only calls tools says nothing.
      if (role === 'tool' || (text === '' && calls.length > 0) || text === '') return;
      entries.push({ key: `${key}:m${i}`, kind: 'message', role, text: clip(text) });
    });
    messagesShown = Math.max(messagesShown, messages.length);
  }
  const nextTodos = todosOf(data.todos);
  if (nextTodos && !sameTodos(nextTodos, todos)) {
    todos = nextTodos;
    if (nextTodos.length > 0) entries.push({ key: `${key}:t`, kind: 'todos', text: todoSummary(nextTodos) });
  }
  if (isFileTree(data.files)) {
    const tree: FileTree = data.files;
    const stamps: Record<string, string> = { ...fileStamps };
    for (const [path, file] of Object.entries(tree).sort(([a], [b]) => a.localeCompare(b))) {
      if (stamps[path] === file.modified_at) continue;
      entries.push({ key: `${key}:f${path}`, kind: 'file', path, isNew: !(path in stamps) });
      stamps[path] = file.modified_at;
    }
    fileStamps = stamps;
    files = tree;
  }
  return { entries, messagesShown, fileStamps, todos, files };
}

function endStatus(view: RunView, data: Record<string, unknown>): RunStatus {
  if (data.status === 'failed' || data.status === 'completed') return data.status;
  return view.error ? 'failed' : 'completed';
}

/**
 * Applies one event envelope to a run view (DESIGN §3.1). Envelopes with a `seq` at or below
 * the last one applied are ignored, so a replay after a reconnect shows nothing twice;
 * unknown event types and anything after `end` change nothing.
 */
export function reduceRun(view: RunView, envelope: EventEnvelope): RunView {
  const seq = typeof envelope.seq === 'number' ? envelope.seq : undefined;
  if (view.isOver || (seq !== undefined && seq <= view.lastSeq)) return view;
  const serial = view.serial + 1;
  const key = seq !== undefined ? `s${seq}` : `n${serial}`;
  const next: RunView = { ...view, serial, lastSeq: seq ?? view.lastSeq };
  const data = envelope.data;
  switch (envelope.event_type) {
    case 'on_state_update': {
      const update = stateEntries(view, data, key);
      return { ...next, ...update, entries: [...view.entries, ...update.entries] };
    }
    case 'on_tool_start':
    case 'on_tool_end': {
      const isStart = envelope.event_type === 'on_tool_start';
      const tool = textOf(data.name) || 'tool';
      const detail = clip(textOf(isStart ? data.input : data.output));
      const entry: LogEntry = { key, kind: isStart ? 'tool_start' : 'tool_end', tool, detail };
      return { ...next, entries: [...view.entries, entry] };
    }
    case 'error': {
      const text = textOf(data.error) || 'the run failed';
      return { ...next, error: text, entries: [...view.entries, { key, kind: 'error', text }] };
    }
    case 'end': {
      const status = endStatus(view, data);
      return {
        ...next,
        status,
        isOver: true,
        entries: [...view.entries, { key, kind: 'status', status }],
      };
    }
    default:
      return next;
  }
}

/** Reduces a whole list of envelopes (a replay) from an empty run. */
export function reduceAll(envelopes: readonly EventEnvelope[], from: RunView = EMPTY_RUN): RunView {
  return envelopes.reduce(reduceRun, from);
}

/** What a settled proposal says about its run, for a run the socket no longer serves (410). */
export interface SettledRun {
  readonly status: 'processing' | 'completed' | 'failed' | 'resolved';
  readonly generated_files: unknown;
  readonly error: Record<string, unknown> | null;
}

/**
 * The run view of a run read from its proposal: the log keeps what was seen live, and the
 * status, files and error come from the proposal, which holds the result.
 */
export function settleFromProposal(view: RunView, proposal: SettledRun): RunView {
  if (proposal.status === 'processing') return view;
  const failed = proposal.status === 'failed' || (proposal.error !== null && !proposal.generated_files);
  const status: RunStatus = failed ? 'failed' : 'completed';
  const error = failed
    ? textOf(proposal.error?.error ?? proposal.error?.message ?? proposal.error)
    : undefined;
  const files = isFileTree(proposal.generated_files) ? proposal.generated_files : view.files;
  if (view.isOver) return { ...view, files };
  const serial = view.serial + 1;
  const tail: LogEntry[] = [];
  if (error) tail.push({ key: `p${serial}:e`, kind: 'error', text: error });
  tail.push({ key: `p${serial}`, kind: 'status', status });
  return { ...view, serial, status, error, files, isOver: true, entries: [...view.entries, ...tail] };
}
