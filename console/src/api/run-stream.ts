import type { EventEnvelope } from '../../../common/events/index.js';
import { type WatchOutcome, watchRefinement } from '../../../orchestrator/client/index.js';

/** Options of {@link watchRun}. */
export interface WatchRunOptions {
  readonly threadId: string;
  /** Events up to this `seq` were seen already. */
  readonly afterSeq: number;
  /** Read on every (re)connect; sent in the `bearer` subprotocol, never in the URL. */
  readonly token: () => string | undefined;
  /**
   * Asked when a connection fails before opening: browsers hide the HTTP status of a refused
   * upgrade (410 for a resolved run), so the proposal tells whether the run is over.
   */
  readonly isRunOver: () => Promise<boolean>;
  readonly signal: AbortSignal;
}

/** A person waits minutes for a run to come back, not seconds (the pause grows to 10 s). */
const MAX_RECONNECTS = 30;

/**
 * Watches a refinement's events from this page's origin with the typed client's watcher: each
 * envelope once, `after_seq` resumes after a drop, done after `end`, a 410, or an abort.
 */
export function watchRun(options: WatchRunOptions): AsyncGenerator<EventEnvelope, WatchOutcome, undefined> {
  return watchRefinement({
    baseUrl: location.origin,
    threadId: options.threadId,
    token: () => options.token() ?? '',
    afterSeq: options.afterSeq,
    isRunOver: () => options.isRunOver().catch(() => false),
    signal: options.signal,
    maxReconnects: MAX_RECONNECTS,
  });
}
