import type { PostgresSaver } from '@langchain/langgraph-checkpoint-postgres';
import type { Sql } from '../../common/db/index.js';
import type { EventBus } from '../events/fanout.js';
import { lastSeq } from '../events/log.js';
import type { InvokeRequest } from './invoke-request.js';
import type { TokenUsage } from './model-calls.js';
import type { JobQueue } from './queue.js';
import { createRun, deleteRunRows, getRun, type RunStatus } from './registry.js';

/** The answer of `GET /spec-engine/state/{thread_id}`. */
export interface ThreadState {
  readonly thread_id: string;
  readonly status: RunStatus;
  readonly generated_files: Record<string, unknown>;
  readonly result?: unknown;
  readonly error?: string;
  readonly last_seq: number;
  /** Tokens the run consumed so far, across attempts (zero for the offline model). */
  readonly usage: TokenUsage;
}

/** A library-style error of the run service. */
export class RunServiceError extends Error {
  constructor(
    readonly code: 'queue_unavailable' | 'thread_deleted',
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** What the routes call. */
export interface RunService {
  /** Starts a run, or finds the one with the same `job_id`; `isNew` tells which. */
  invoke(request: InvokeRequest, traceparent?: string): Promise<{ threadId: string; isNew: boolean }>;
  /** The truthful state of a thread, or undefined when it does not exist. */
  state(threadId: string): Promise<ThreadState | undefined>;
  /** True when the thread exists (has a run record). */
  exists(threadId: string): Promise<boolean>;
  /** Deletes checkpoints, events and the run record; idempotent. */
  deleteThread(threadId: string): Promise<void>;
}

/** Dependencies of {@link createRunService}. */
export interface RunServiceDeps {
  readonly sql: Sql;
  readonly checkpointer: PostgresSaver;
  readonly queue: JobQueue;
  /** Tells open streams of a deleted thread to close. */
  readonly bus: EventBus;
  /** Runs alive in this process (a delete stops its run). */
  readonly active: Map<string, AbortController>;
}

/** Creates the run service. */
export function createRunService(deps: RunServiceDeps): RunService {
  const { sql, checkpointer, queue } = deps;
  return {
    async invoke(request, traceparent) {
      const threadId = request.job_id;
      const created = await createRun(sql, threadId, request);
      if (created === 'deleted')
        throw new RunServiceError('thread_deleted', `thread ${threadId} was deleted; use a new job_id`);
      if (created === 'exists') return { threadId, isNew: false };
      try {
        await queue.submit(request, traceparent);
      } catch (error) {
        // Not queued: forget the record so the caller can retry with the same job_id.
        await deleteRunRows(sql, threadId);
        throw new RunServiceError('queue_unavailable', 'the job queue is unavailable; retry later', {
          cause: error,
        });
      }
      return { threadId, isNew: true };
    },
    async state(threadId) {
      const run = await getRun(sql, threadId);
      if (!run) return undefined;
      const tuple = await checkpointer.getTuple({ configurable: { thread_id: threadId, checkpoint_ns: '' } });
      const values = (tuple?.checkpoint.channel_values ?? {}) as { files?: Record<string, unknown> };
      return {
        thread_id: threadId,
        status: run.status,
        generated_files: values.files ?? {},
        ...(run.result !== null && run.result !== undefined ? { result: run.result } : {}),
        ...(run.error ? { error: run.error } : {}),
        last_seq: await lastSeq(sql, threadId),
        usage: run.usage,
      };
    },
    async exists(threadId) {
      return (await getRun(sql, threadId)) !== undefined;
    },
    async deleteThread(threadId) {
      // Rows first: a run stopped by the abort then finds no record and emits no `end`, so a
      // follower sees the thread deleted, never a run that "failed".
      await deleteRunRows(sql, threadId, true);
      deps.active.get(threadId)?.abort(new Error(`thread ${threadId} was deleted`));
      await checkpointer.deleteThread(threadId);
      deps.bus.publishDeleted(threadId);
    },
  };
}
