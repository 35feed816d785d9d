import type { SpecEngineClient } from './spec-engine-client.js';
import { EngineStream, type StreamOutcome, type UpstreamErrorReason } from './stream.js';
import type { EngineTarget } from './dial.js';
import { ReplayLog } from './replay-log.js';
import { END_KIND, type UpstreamFrame } from './upstream-frame.js';

/** A reader of one thread's engine stream: a browser viewer or the finalizer. */
export interface FeedSubscriber {
  /** Deliver only frames after this position (`after_seq`). */
  readonly afterSeq: number;
  /** A frame after `afterSeq`, in order; `false` stops a replay (the reader is gone; it still calls `close`). */
  onFrame(frame: UpstreamFrame): boolean;
  /** The frames delivered since the last call came in one read (or one replay): flush them. */
  onBatchEnd?(): void;
  /** The stream ended (`end`), was lost, or was aborted; not called after {@link FeedSubscription.close}. */
  onFinish(outcome: StreamOutcome): void;
}

/** A subscriber's handle on its feed. */
export interface FeedSubscription {
  /** True when the subscriber joined a stream another reader had already opened. */
  readonly isShared: boolean;
  /** Sends a client frame to the engine unchanged. */
  forward(data: Buffer, isBinary: boolean): void;
  /** Leaves the feed; the last one to leave closes the upstream. */
  close(): void;
}

/** The metrics the feeds keep (the service's `OrchestratorMetrics` provides them). */
interface FeedMetrics {
  readonly upstreams: { inc(): void; dec(): void };
  upstreamError(reason: UpstreamErrorReason): void;
}

/** What the feeds need. */
export interface FeedDeps {
  readonly engine: SpecEngineClient;
  readonly target: EngineTarget;
  readonly metrics: FeedMetrics;
  readonly reconnectAttempts: number;
  readonly reconnectDelayMs: number;
  /** Bytes of relayed frames one feed keeps for late joiners. */
  readonly replayBufferBytes: number;
  /** Bytes all feeds of this replica keep together for late joiners. */
  readonly replayBudgetBytes: number;
}

/**
 * One upstream connection to the engine for a thread, shared by every reader that joins
 * while it can still give them all they need: it keeps the frames it relayed (up to a byte
 * bound per feed and a budget for all feeds) and replays them to late joiners first.
 */
class ThreadFeed {
  readonly #subscribers = new Set<FeedSubscriber>();
  /** Frames relayed so far, for late joiners: their bytes and the few facts read from them. */
  readonly #replay = new ReplayLog();
  #isReplayComplete = true;
  #lastPosition: number;
  #isFinished = false;
  readonly #stream: EngineStream;

  constructor(
    readonly startAfterSeq: number,
    threadId: string,
    readonly feeds: ThreadFeeds,
    readonly deps: FeedDeps,
  ) {
    this.#lastPosition = startAfterSeq;
    this.#stream = new EngineStream({
      engine: deps.engine,
      target: deps.target,
      threadId,
      afterSeq: startAfterSeq,
      reconnectAttempts: deps.reconnectAttempts,
      reconnectDelayMs: deps.reconnectDelayMs,
      onFrame: (frame) => this.#relay(frame),
      onBatchEnd: () => {
        for (const subscriber of this.#subscribers) subscriber.onBatchEnd?.();
      },
      onConnection: (isOpen) => (isOpen ? deps.metrics.upstreams.inc() : deps.metrics.upstreams.dec()),
      onError: (reason) => deps.metrics.upstreamError(reason),
    });
    void this.#stream.run().then((outcome) => this.#finish(outcome));
  }

  /** True when a reader resuming after `afterSeq` can be served from this feed. */
  canServe(afterSeq: number): boolean {
    if (this.#isFinished || afterSeq < this.startAfterSeq) return false;
    return this.#isReplayComplete || afterSeq >= this.#lastPosition;
  }

  add(subscriber: FeedSubscriber): void {
    this.#subscribers.add(subscriber);
    for (const kept of this.#replay.after(subscriber.afterSeq)) {
      if (!subscriber.onFrame(kept)) break;
    }
    subscriber.onBatchEnd?.();
  }

  remove(subscriber: FeedSubscriber): void {
    this.#subscribers.delete(subscriber);
    if (this.#subscribers.size === 0 && !this.#isFinished) {
      this.#isFinished = true;
      this.#stream.close();
    }
  }

  forward(data: Buffer, isBinary: boolean): void {
    this.#stream.send(data, isBinary);
  }

  #relay(frame: UpstreamFrame): void {
    this.#lastPosition = frame.position;
    if (this.#isReplayComplete) {
      const size = frame.raw.length;
      if (this.#replay.bytes + size > this.deps.replayBufferBytes || !this.feeds.takeReplayBytes(size)) {
        // Late joiners that need older frames get their own upstream instead.
        this.#dropReplay();
      } else {
        this.#replay.append(frame);
      }
    }
    if (frame.kind === END_KIND) this.#isFinished = true;
    for (const subscriber of this.#subscribers) {
      if (frame.position > subscriber.afterSeq) subscriber.onFrame(frame);
    }
  }

  #dropReplay(): void {
    this.#isReplayComplete = false;
    this.feeds.giveReplayBytes(this.#replay.bytes);
    this.#replay.clear();
  }

  #finish(outcome: StreamOutcome): void {
    this.#isFinished = true;
    this.#dropReplay();
    this.feeds.forget(this);
    for (const subscriber of this.#subscribers) subscriber.onFinish(outcome);
    this.#subscribers.clear();
  }
}

/**
 * The engine streams this replica reads, one per thread and starting point: the finalizer
 * and the browsers watching a refinement share one upstream connection (and so one read of
 * every frame) whenever the feed can replay what a newcomer has not seen yet.
 */
export class ThreadFeeds {
  readonly #deps: FeedDeps;
  readonly #byThread = new Map<string, Set<ThreadFeed>>();
  readonly #threadOf = new Map<ThreadFeed, string>();
  #replayBytes = 0;

  constructor(deps: FeedDeps) {
    this.#deps = deps;
  }

  /** Upstream connections open or being dialed. */
  get size(): number {
    return this.#threadOf.size;
  }

  /** Bytes kept for late joiners across all feeds. */
  get replayBytes(): number {
    return this.#replayBytes;
  }

  /**
   * Starts delivering the thread's frames after `subscriber.afterSeq`: from a feed that can
   * replay them, or from a new upstream dialed in the caller's trace context.
   */
  subscribe(threadId: string, subscriber: FeedSubscriber): FeedSubscription {
    let feed = [...(this.#byThread.get(threadId) ?? [])].find((f) => f.canServe(subscriber.afterSeq));
    const isShared = feed !== undefined;
    if (!feed) {
      feed = new ThreadFeed(subscriber.afterSeq, threadId, this, this.#deps);
      const feeds = this.#byThread.get(threadId) ?? new Set();
      feeds.add(feed);
      this.#byThread.set(threadId, feeds);
      this.#threadOf.set(feed, threadId);
    }
    const joined = feed;
    joined.add(subscriber);
    return {
      isShared,
      forward: (data, isBinary) => joined.forward(data, isBinary),
      close: () => joined.remove(subscriber),
    };
  }

  /** @internal Reserves replay bytes from the replica's budget; false when it is spent. */
  takeReplayBytes(bytes: number): boolean {
    if (this.#replayBytes + bytes > this.#deps.replayBudgetBytes) return false;
    this.#replayBytes += bytes;
    return true;
  }

  /** @internal Returns replay bytes to the budget. */
  giveReplayBytes(bytes: number): void {
    this.#replayBytes -= bytes;
  }

  /** @internal A finished feed leaves the registry. */
  forget(feed: ThreadFeed): void {
    const threadId = this.#threadOf.get(feed);
    if (threadId === undefined) return;
    this.#threadOf.delete(feed);
    const feeds = this.#byThread.get(threadId);
    feeds?.delete(feed);
    if (feeds?.size === 0) this.#byThread.delete(threadId);
  }
}
