import type { FileTree } from '../../../common/events/index.js';

/** Where a run stands, as the console shows it. */
export type RunStatus = 'processing' | 'completed' | 'failed';

/** One line of the run log. `key` is stable, so a re-render never shows an entry twice. */
export type LogEntry =
  | { readonly key: string; readonly kind: 'message'; readonly role: string; readonly text: string }
  | { readonly key: string; readonly kind: 'tool_start'; readonly tool: string; readonly detail: string }
  | { readonly key: string; readonly kind: 'tool_end'; readonly tool: string; readonly detail: string }
  | { readonly key: string; readonly kind: 'todos'; readonly text: string }
  | { readonly key: string; readonly kind: 'file'; readonly path: string; readonly isNew: boolean }
  | { readonly key: string; readonly kind: 'error'; readonly text: string }
  | { readonly key: string; readonly kind: 'status'; readonly status: RunStatus };

/** A todo of the agent's plan (`write_todos`). */
export interface Todo {
  readonly content: string;
  readonly status: string;
}

/** Everything the console knows about one run, reduced from its event envelopes. */
export interface RunView {
  readonly status: RunStatus;
  /** Highest `seq` applied: the `after_seq` of the next connection. */
  readonly lastSeq: number;
  readonly entries: readonly LogEntry[];
  readonly todos: readonly Todo[];
  /** The latest file tree of the run (the result once it ended). */
  readonly files: FileTree | undefined;
  readonly error: string | undefined;
  /** True once `end` arrived (or the run was read from its proposal). */
  readonly isOver: boolean;
  /** How many of the state's messages are already in the log. */
  readonly messagesShown: number;
  /** `modified_at` of every file already announced, by path. */
  readonly fileStamps: Readonly<Record<string, string>>;
  /** Serial for entries of envelopes without `seq` (older engines). */
  readonly serial: number;
}

/** A run before its first event. */
export const EMPTY_RUN: RunView = {
  status: 'processing',
  lastSeq: 0,
  entries: [],
  todos: [],
  files: undefined,
  error: undefined,
  isOver: false,
  messagesShown: 0,
  fileStamps: {},
  serial: 0,
};
