import type { BaseMessage } from '@langchain/core/messages';
import type { PostgresSaver } from '@langchain/langgraph-checkpoint-postgres';
import { SPEC_BUILDER_DEFINITION } from '../../common/agents/spec-builder-definition.js';
import type { Sql } from '../../common/db/index.js';
import type { Logger } from '../../common/observability/index.js';
import type { AgentCache } from '../agent/build.js';
import { describeModelError, type ModelCallTarget } from '../agent/model-errors.js';
import { RunEmitter } from '../events/emitter.js';
import type { EventBus } from '../events/fanout.js';
import { lastSeq } from '../events/log.js';
import { chunkText, stateUpdateData, toolInputOf, toolOutputOf } from '../events/translate.js';
import { stopAtNextCheckpoint } from './drain.js';
import { recordOutcome } from './finish.js';
import { RunInterruptedError } from './interrupted.js';
import { RunSupersededError } from './superseded.js';
import type { InvokeRequest } from './invoke-request.js';
import { ModelCallTracker, type TokenUsage } from './model-calls.js';
import { addRunUsage, getRun, startRun } from './registry.js';

/** What a run needs. */
export interface RunnerDeps {
  readonly sql: Sql;
  readonly bus: EventBus;
  readonly agents: AgentCache;
  readonly checkpointer: PostgresSaver;
  readonly logger: Logger;
  /** Runs alive in this process, so a delete can stop one. */
  readonly active: Map<string, AbortController>;
  readonly onFinished?: (status: 'completed' | 'failed', seconds: number) => void;
  /** Aborted when the process drains: runs then stop right after their next checkpoint. */
  readonly draining?: AbortSignal;
  /** A run (one attempt) still going after this fails. @default 1_800_000 */
  readonly runDeadlineMs?: number;
  /** The per-call model timeout, named in the message of a call that timed out. @default 120_000 */
  readonly modelTimeoutMs?: number;
  /** Called with the tokens of each finished model call. */
  readonly onTokens?: (target: ModelCallTarget, usage: TokenUsage) => void;
}

/** How a run ended. */
export type RunOutcome =
  | { readonly status: 'completed'; readonly result: RunResult }
  | { readonly status: 'failed'; readonly error: string };

/** The `result` of a completed run. */
export interface RunResult {
  readonly message: string;
  readonly file_count: number;
}

export { RunInterruptedError } from './interrupted.js';
export { RunSupersededError } from './superseded.js';

/** Thrown into a run that was deleted (or taken over by a newer attempt) while it ran. */
class RunDeletedError extends Error {
  readonly code = 'run_deleted';
}

/** Thrown into a run that outlived its deadline. */
class RunDeadlineError extends Error {
  readonly code = 'run_deadline';
}

function lastAiText(messages: readonly BaseMessage[]): string {
  const ai = [...messages].reverse().find((m) => m.getType() === 'ai');
  if (!ai) return '';
  return typeof ai.content === 'string' ? ai.content : JSON.stringify(ai.content);
}

function inputOf(request: InvokeRequest): Record<string, unknown> {
  return {
    messages: request.input_payload.messages.map((m) => ({ role: m.role, content: m.content })),
    files: request.input_payload.files,
  };
}

function toolCallbacks(emitter: RunEmitter) {
  const names = new Map<string, string>();
  return {
    handleToolStart(
      tool: { name?: string },
      input: string,
      runId: string,
      _p?: string,
      _t?: string[],
      _m?: unknown,
      name?: string,
    ) {
      const toolName = name ?? tool?.name ?? 'tool';
      names.set(runId, toolName);
      emitter.emit('on_tool_start', { name: toolName, input: toolInputOf(input), run_id: runId });
    },
    handleToolEnd(output: unknown, runId: string) {
      const toolName = names.get(runId) ?? 'tool';
      names.delete(runId);
      emitter.emit('on_tool_end', { name: toolName, output: toolOutputOf(output), run_id: runId });
    },
    handleToolError(error: unknown, runId: string) {
      const toolName = names.get(runId) ?? 'tool';
      names.delete(runId);
      emitter.emit('on_tool_end', {
        name: toolName,
        error: String((error as Error)?.message ?? error),
        run_id: runId,
      });
    },
  };
}

/** What a failed run tells the user: the deadline, the model call that failed, or the error. */
function failureMessage(
  error: unknown,
  signal: AbortSignal,
  calls: ModelCallTracker,
  deps: RunnerDeps,
): string {
  if (signal.reason instanceof RunDeadlineError) return signal.reason.message;
  if (calls.lastError !== undefined && calls.lastTarget) {
    return describeModelError(calls.lastError, calls.lastTarget, (deps.modelTimeoutMs ?? 120_000) / 1000);
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * True when two state snapshots hold the very same values. LangGraph channels hand out the
 * stored object until an update replaces it, so identity means "unchanged".
 */
function isSameState(a: Record<string, unknown>, b: Record<string, unknown> | undefined): boolean {
  if (!b) return false;
  const keys = Object.keys(a).filter((k) => !k.startsWith('_'));
  return (
    keys.length === Object.keys(b).filter((k) => !k.startsWith('_')).length &&
    keys.every((k) => a[k] === b[k])
  );
}

/**
 * Runs (or resumes) one thread to its end: claims the run record, streams the agent with
 * `durability: "sync"` and turns the real stream into events, then records the outcome and
 * ends the stream with `end` (after `error` on failure). A thread with a checkpoint resumes
 * with `stream(null)`, so a redelivered job never re-sends its input. Returns undefined when
 * there is nothing to do (finished or deleted). Once the process drains, a run stops right after
 * its next checkpoint and one not yet started does not start: both throw {@link RunInterruptedError}.
 */
export async function executeRun(deps: RunnerDeps, threadId: string): Promise<RunOutcome | undefined> {
  // A job that waited for a slot while the process began to drain is not started here at all.
  if (deps.draining?.aborted) throw new RunInterruptedError('the engine is shutting down');
  const run = await startRun(deps.sql, threadId);
  if (!run) return undefined;
  const started = performance.now();
  const controller = new AbortController();
  deps.active.set(threadId, controller);
  const emitter = new RunEmitter({
    sql: deps.sql,
    bus: deps.bus,
    threadId,
    nextSeq: (await lastSeq(deps.sql, threadId)) + 1,
    attempt: run.attempts,
    onGone: () => controller.abort(new RunDeletedError(`thread ${threadId} was deleted or taken over`)),
  });
  const deadlineMs = deps.runDeadlineMs ?? 1_800_000;
  // Aborting the run's signal also aborts the provider request in flight (its HTTP connection).
  const deadline = setTimeout(
    () =>
      controller.abort(
        new RunDeadlineError(
          `the run exceeded its deadline of ${deadlineMs / 1000} s (SPEC_ENGINE_RUN_DEADLINE_SECONDS)`,
        ),
      ),
    deadlineMs,
  );
  const calls = new ModelCallTracker(async (target, usage) => {
    deps.onTokens?.(target, usage);
    // Nothing to add for a call that reported no tokens (the offline model): no write.
    if (usage.input_tokens === 0 && usage.output_tokens === 0) return;
    // A lost write undercounts one call; it never fails the run or later writes.
    await addRunUsage(deps.sql, threadId, usage).catch((error: unknown) =>
      deps.logger.warn({ err: error, threadId }, 'could not record the token usage of a model call'),
    );
  });
  const config = { configurable: { thread_id: threadId } };
  const stopWatching = deps.draining
    ? stopAtNextCheckpoint({
        checkpointer: deps.checkpointer,
        threadId,
        draining: deps.draining,
        run: controller,
        logger: deps.logger,
      })
    : () => {};
  let outcome: RunOutcome;
  try {
    const agent = deps.agents.get(run.request.agent_definition ?? SPEC_BUILDER_DEFINITION);
    const checkpoint = await deps.checkpointer.getTuple(config);
    const input = checkpoint ? null : inputOf(run.request);
    if (checkpoint)
      deps.logger.info({ threadId, attempt: run.attempts }, 'resuming run from its last checkpoint');
    const stream = await agent.stream(
      input as never,
      {
        ...config,
        durability: 'sync',
        streamMode: ['values', 'messages'],
        callbacks: [toolCallbacks(emitter), calls.callbacks()],
        signal: controller.signal,
        recursionLimit: 200,
      } as never,
    );
    let previous: Record<string, unknown> | undefined;
    for await (const [mode, chunk] of stream as AsyncIterable<[string, unknown]>) {
      if (mode === 'values') {
        const values = chunk as Record<string, unknown>;
        // Middleware steps that change nothing would repeat the same state: send changes only.
        if (!isSameState(values, previous)) emitter.emit('on_state_update', stateUpdateData(values));
        previous = values;
      } else if (mode === 'messages') {
        const [message, meta] = chunk as [BaseMessage, Record<string, unknown>];
        if (message.getType() !== 'tool') {
          emitter.llm(chunkText(message.content), { node: meta.langgraph_node, agent: meta.lc_agent_name });
        }
      }
    }
    stopWatching();
    const state = await agent.graph.getState(config);
    const values = state.values as { messages?: BaseMessage[]; files?: Record<string, unknown> };
    outcome = {
      status: 'completed',
      result: {
        message: lastAiText(values.messages ?? []),
        file_count: Object.keys(values.files ?? {}).length,
      },
    };
  } catch (error) {
    stopWatching();
    if (controller.signal.reason instanceof RunInterruptedError) {
      clearTimeout(deadline);
      deps.active.delete(threadId);
      await emitter.drain().catch(() => {});
      throw controller.signal.reason;
    }
    const message = failureMessage(error, controller.signal, calls, deps);
    outcome = { status: 'failed', error: message };
    if (!emitter.isGone) emitter.emit('error', { error: message, context: `run of thread ${threadId}` });
  }
  clearTimeout(deadline);
  await calls.flush();
  try {
    const recorded = await recordOutcome(deps, emitter, threadId, outcome, run.attempts);
    if (recorded) {
      deps.onFinished?.(outcome.status, (performance.now() - started) / 1000);
      return recorded;
    }
    const current = await getRun(deps.sql, threadId);
    // Deleted while it ran: the delete may have raced our last checkpoint write, remove it.
    if (!current) await deps.checkpointer.deleteThread(threadId);
    else if (current.attempts !== run.attempts)
      throw new RunSupersededError(`thread ${threadId}: attempt ${run.attempts} was taken over`);
    return undefined;
  } finally {
    deps.active.delete(threadId);
  }
}
