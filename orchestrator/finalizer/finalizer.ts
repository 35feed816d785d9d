import type { Sql } from '../../common/db/index.js';
import type { Logger } from '../../common/observability/index.js';
import { getTracer, SpanKind, withSpan } from '../../common/observability/tracing.js';
import type { ProposalRow, TokenUsage } from '../db/proposals.js';
import { completeProposal, failProposal, type TransitionResult } from '../services/proposals.js';
import { type SpecEngineClient, SpecEngineError } from '../engine/spec-engine-client.js';
import type { StreamingOptions } from '../settings/streaming-options.js';
import type { StreamOutcome } from '../engine/stream.js';
import type { ThreadFeeds } from '../engine/feeds.js';
import { claimFinalizerLease, releaseFinalizerLease, renewFinalizerLeases } from '../db/leases.js';
import type { OrchestratorMetrics } from '../observability/metrics.js';
import { END_KIND, ERROR_KIND, STATE_UPDATE_KIND, type UpstreamFrame } from '../engine/upstream-frame.js';

/** What the finalizer needs. */
interface FinalizerDeps {
  readonly sql: Sql;
  /** For the state fallback. */
  readonly engine: SpecEngineClient;
  /** The replica's engine streams, shared with the proxy. */
  readonly feeds: ThreadFeeds;
  readonly metrics: OrchestratorMetrics;
  readonly logger: Logger;
  readonly options: StreamingOptions;
}

/** What a run's stream said, as far as the proposal is concerned. */
interface RunReading {
  /** The last `on_state_update` with `data.files`: parsed only once the run is over. */
  filesFrame: UpstreamFrame | undefined;
  error: { error: string; context: string } | undefined;
  endStatus: string | undefined;
  usage: TokenUsage | null;
}

type Verdict =
  | { kind: 'complete'; files: unknown; usage: TokenUsage | null }
  | { kind: 'fail'; error: { error: string; context: string }; usage: TokenUsage | null }
  | { kind: 'later'; reason: string };

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** The engine's `usage` when it is well formed (older engines send none). */
function usageOf(value: unknown): TokenUsage | null {
  const u = value as { input_tokens?: unknown; output_tokens?: unknown } | null | undefined;
  if (!u || typeof u !== 'object' || !isCount(u.input_tokens) || !isCount(u.output_tokens)) return null;
  return { input_tokens: u.input_tokens, output_tokens: u.output_tokens };
}

const tracer = getTracer('ide-orchestrator');

/** Notes what the finalizer needs from a frame; only `error` and `end` frames are parsed here. */
function read(reading: RunReading, frame: UpstreamFrame): void {
  if (frame.kind === STATE_UPDATE_KIND) {
    if (frame.hasFiles) reading.filesFrame = frame;
    return;
  }
  if (frame.kind !== ERROR_KIND && frame.kind !== END_KIND) return;
  const data = frame.envelope()?.data;
  if (!data) return;
  if (frame.kind === ERROR_KIND) {
    reading.error = {
      error: typeof data.error === 'string' ? data.error : 'the run reported an error',
      context: typeof data.context === 'string' ? data.context : 'engine_event',
    };
  } else {
    reading.endStatus = typeof data.status === 'string' ? data.status : undefined;
    reading.usage = usageOf(data.usage);
  }
}

/** The files of the run's result frame (the last `on_state_update` that carried them). */
function filesOf(reading: RunReading | undefined): unknown {
  return reading?.filesFrame?.envelope()?.data.files;
}

function describeError(value: unknown): string | undefined {
  if (typeof value === 'string' && value) return value;
  if (value && typeof value === 'object') {
    const message =
      (value as { error?: unknown; message?: unknown }).error ?? (value as { message?: unknown }).message;
    if (typeof message === 'string') return message;
    return JSON.stringify(value).slice(0, 1000);
  }
  return undefined;
}

/**
 * The server-side finalizer: for each `processing` proposal whose lease this replica holds,
 * it reads the run's event stream (no browser needed) and moves the proposal through the
 * guarded state machine: the last `on_state_update` with `files` before `end` → completed;
 * an `error`, or a stream that ends without `end`, → decided by the engine's state.
 */
export class Finalizer {
  readonly #deps: FinalizerDeps;
  /** Proposals being finalized here, with a way to stop reading their stream once it is open. */
  readonly #active = new Map<string, { close(): void } | undefined>();
  /** Proposals being finalized here and when their engine state was last checked. */
  readonly #followed = new Map<string, { proposal: ProposalRow; log: Logger; checkedAt: number }>();
  readonly #renewTimer: NodeJS.Timeout;
  #isStopping = false;

  constructor(deps: FinalizerDeps) {
    this.#deps = deps;
    this.#renewTimer = setInterval(() => void this.#renew(), Math.max(100, deps.options.leaseMs / 3));
    this.#renewTimer.unref();
  }

  /** How many more runs this replica takes on now. */
  get capacity(): number {
    return this.#isStopping ? 0 : Math.max(0, this.#deps.options.maxFinalizers - this.#active.size);
  }

  /** The refinement-started hook: claim the lease and finalize (errors are logged). */
  track(proposal: ProposalRow): void {
    if (this.#isStopping || this.#active.has(proposal.id)) return;
    const owner = this.#deps.options.replicaId;
    claimFinalizerLease(this.#deps.sql, proposal.id, owner, this.#deps.options.leaseMs).then(
      (row) => {
        if (row) this.adopt(row, false);
      },
      (error: unknown) =>
        this.#deps.logger.error({ err: error, proposalId: proposal.id }, 'lease claim failed'),
    );
  }

  /** Finalizes a proposal whose lease is already ours; `reconcileFirst` asks the engine's state first. */
  adopt(proposal: ProposalRow, reconcileFirst: boolean): void {
    if (this.#active.has(proposal.id)) return;
    this.#active.set(proposal.id, undefined);
    const log = this.#deps.logger.child({
      workflowId: proposal.workflow_id,
      proposalId: proposal.id,
      threadId: proposal.thread_id,
    });
    this.#followed.set(proposal.id, { proposal, log, checkedAt: Date.now() });
    withSpan(
      tracer,
      'finalize refinement',
      {
        kind: SpanKind.INTERNAL,
        attributes: { 'proposal.id': proposal.id, 'thread.id': proposal.thread_id },
      },
      () => this.#finalize(proposal, reconcileFirst, log),
    )
      .catch((error: unknown) =>
        log.error({ err: error }, 'finalizer failed; the lease will expire and be retried'),
      )
      .finally(() => {
        this.#active.delete(proposal.id);
        this.#followed.delete(proposal.id);
      });
  }

  /**
   * Reconciles runs followed here for longer than `stuckAfterMs` (a stream that went silent
   * without `end`): a finished or unknown run is finalized from the engine state and its
   * stream closed. Each run is checked at most once per `stuckAfterMs`.
   */
  async reconcileStuck(): Promise<void> {
    const now = Date.now();
    const { stuckAfterMs } = this.#deps.options;
    for (const [id, followed] of this.#followed) {
      if (now - followed.proposal.created_at.getTime() < stuckAfterMs) continue;
      if (now - followed.checkedAt < stuckAfterMs) continue;
      followed.checkedAt = now;
      const verdict = await this.#fromState(followed.proposal, undefined, followed.log);
      if (verdict.kind === 'later') continue;
      followed.log.warn(
        { verdict: verdict.kind },
        'run stuck in processing; finalizing from the engine state',
      );
      await this.#apply(followed.proposal, verdict, followed.log);
      this.#active.get(id)?.close();
    }
  }

  /** Stops every stream and gives the leases back so another replica takes over at once. */
  async stop(): Promise<void> {
    this.#isStopping = true;
    clearInterval(this.#renewTimer);
    const ids = [...this.#active.keys()];
    for (const stream of this.#active.values()) stream?.close();
    await Promise.all(
      ids.map((id) =>
        releaseFinalizerLease(this.#deps.sql, id, this.#deps.options.replicaId).catch(() => {}),
      ),
    );
  }

  async #finalize(proposal: ProposalRow, reconcileFirst: boolean, log: Logger): Promise<void> {
    const owner = this.#deps.options.replicaId;
    if (reconcileFirst) {
      const verdict = await this.#fromState(proposal, undefined, log);
      if (verdict.kind !== 'later' || verdict.reason !== 'running') {
        await this.#apply(proposal, verdict, log);
        return;
      }
    }
    const reading: RunReading = {
      filesFrame: undefined,
      error: undefined,
      endStatus: undefined,
      usage: null,
    };
    const isDebug = log.isLevelEnabled('debug');
    const outcome = await new Promise<StreamOutcome>((resolve) => {
      const subscription = this.#deps.feeds.subscribe(proposal.thread_id, {
        afterSeq: 0,
        onFrame(frame) {
          read(reading, frame);
          if (isDebug) log.debug({ eventType: frame.eventType, seq: frame.position }, 'refinement event');
          return true;
        },
        onFinish: resolve,
      });
      this.#active.set(proposal.id, {
        close() {
          subscription.close();
          resolve({ kind: 'aborted' });
        },
      });
      log.info({ sharedUpstream: subscription.isShared }, 'finalizer following the run');
    });
    if (outcome.kind === 'aborted') return;
    let verdict: Verdict;
    if (outcome.kind === 'ended' && !reading.error && reading.endStatus !== 'failed' && reading.filesFrame) {
      verdict = { kind: 'complete', files: filesOf(reading), usage: reading.usage };
    } else {
      if (outcome.kind === 'lost')
        log.warn({ code: outcome.error.code }, 'run stream lost; asking the engine state');
      verdict = await this.#fromState(proposal, reading, log);
    }
    await this.#apply(proposal, verdict, log);
    if (verdict.kind !== 'later') await releaseFinalizerLease(this.#deps.sql, proposal.id, owner);
  }

  async #fromState(proposal: ProposalRow, reading: RunReading | undefined, log: Logger): Promise<Verdict> {
    let state: Awaited<ReturnType<SpecEngineClient['getState']>>;
    try {
      state = await this.#deps.engine.getState(proposal.thread_id);
    } catch (error) {
      if (error instanceof SpecEngineError && error.code !== 'engine_rejected') {
        const ageMs = Date.now() - proposal.created_at.getTime();
        if (ageMs > this.#deps.options.maxProcessingMs) {
          log.warn({ code: error.code, ageMs }, 'engine unreachable past the maximum processing age');
          return {
            kind: 'fail',
            error: {
              error: 'the Spec Engine could not be reached to finish this run; start a new refinement',
              context: 'engine_unreachable',
            },
            usage: reading?.usage ?? null,
          };
        }
        return { kind: 'later', reason: error.code };
      }
      throw error;
    }
    if (!state) {
      return {
        kind: 'fail',
        error: reading?.error ?? {
          error: 'the Spec Engine does not know this run any more (it was lost)',
          context: 'engine_state_unknown',
        },
        usage: reading?.usage ?? null,
      };
    }
    const usage = usageOf(state.usage) ?? reading?.usage ?? null;
    if (state.status === 'completed') {
      const files = state.generated_files ?? (reading?.filesFrame ? filesOf(reading) : null);
      return { kind: 'complete', files, usage };
    }
    if (state.status === 'failed') {
      return {
        kind: 'fail',
        error: {
          error: describeError(state.error) ?? reading?.error?.error ?? 'the run failed',
          context: reading?.error?.context ?? 'engine_state',
        },
        usage,
      };
    }
    log.info({ engineStatus: state.status }, 'run still in progress on the engine');
    return { kind: 'later', reason: 'running' };
  }

  async #apply(proposal: ProposalRow, verdict: Verdict, log: Logger): Promise<void> {
    if (verdict.kind === 'later') {
      // Keep the lease unrenewed: it expires and a sweep (here or elsewhere) tries again.
      log.info({ reason: verdict.reason }, 'run not finished yet; retrying after the lease expires');
      return;
    }
    let result: TransitionResult;
    if (verdict.kind === 'complete') {
      result = await completeProposal(this.#deps.sql, proposal.id, verdict.files, verdict.usage);
    } else {
      result = await failProposal(this.#deps.sql, proposal.id, verdict.error, verdict.usage);
    }
    if (!result.moved) {
      log.info({ verdict: verdict.kind }, 'proposal already left processing; nothing to finalize');
      return;
    }
    const row = result.proposal;
    const outcome = verdict.kind === 'complete' ? 'completed' : 'failed';
    const seconds = row.completed_at
      ? (row.completed_at.getTime() - row.created_at.getTime()) / 1000
      : undefined;
    this.#deps.metrics.finalized(outcome, seconds);
    log.info({ outcome, seconds }, 'proposal finalized');
  }

  async #renew(): Promise<void> {
    const ids = [...this.#active.keys()];
    if (ids.length === 0) return;
    try {
      const held = await renewFinalizerLeases(
        this.#deps.sql,
        this.#deps.options.replicaId,
        ids,
        this.#deps.options.leaseMs,
      );
      for (const id of ids) {
        if (held.has(id) || !this.#active.has(id)) continue;
        this.#deps.logger.warn({ proposalId: id }, 'finalizer lease lost; stopping');
        this.#active.get(id)?.close();
      }
    } catch (error) {
      this.#deps.logger.error({ err: error }, 'lease renewal failed');
    }
  }
}
