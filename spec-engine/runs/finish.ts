import type { Sql } from '../../common/db/index.js';
import type { Logger } from '../../common/observability/index.js';
import { RunEmitter } from '../events/emitter.js';
import type { EventBus } from '../events/fanout.js';
import { lastSeq } from '../events/log.js';
import { finishRun } from './registry.js';
import type { RunOutcome } from './runner.js';

/** What finishing a run needs. */
export interface FinishDeps {
  readonly sql: Sql;
  readonly bus: EventBus;
  readonly logger: Logger;
}

/**
 * Records a run's outcome, then emits `end` with the run's token usage: the state is final before a
 * client sees `end`. Returns undefined when the run was already finished, deleted or (with
 * `attempt`) taken over by a newer attempt (nothing is emitted then).
 */
export async function recordOutcome(
  deps: FinishDeps,
  emitter: RunEmitter,
  threadId: string,
  outcome: RunOutcome,
  attempt?: number,
): Promise<RunOutcome | undefined> {
  try {
    await emitter.drain();
    const usage = await finishRun(deps.sql, threadId, outcome, attempt);
    if (!usage) return undefined;
    // `usage` is an addition to the `end` contract (DESIGN §3.1): consumers ignore unknown keys.
    emitter.emit('end', { status: outcome.status, usage });
    await emitter.drain();
    return outcome;
  } catch (error) {
    deps.logger.error({ err: error, threadId }, 'could not record the end of a run');
    throw error;
  }
}

/**
 * Fails a run no worker can finish (its job ran out of deliveries): `error`, state `failed`,
 * then `end`, so clients and the orchestrator learn the truth instead of waiting forever.
 */
export async function failLostRun(
  deps: FinishDeps,
  threadId: string,
  reason: string,
): Promise<RunOutcome | undefined> {
  const emitter = new RunEmitter({
    sql: deps.sql,
    bus: deps.bus,
    threadId,
    nextSeq: (await lastSeq(deps.sql, threadId)) + 1,
    onGone: () => {},
  });
  const [row] = await deps.sql`select status from spec_runs where thread_id = ${threadId}`;
  if (!row || (row.status !== 'queued' && row.status !== 'running')) return undefined;
  emitter.emit('error', { error: reason, context: `job of thread ${threadId}` });
  return recordOutcome(deps, emitter, threadId, { status: 'failed', error: reason });
}
