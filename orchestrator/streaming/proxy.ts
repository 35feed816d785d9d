import { type Context, context as otelContext, trace } from '@opentelemetry/api';
import type WebSocket from 'ws';
import type { Logger } from '../../common/observability/index.js';
import { getTracer, SpanKind } from '../../common/observability/tracing.js';
import type { FeedSubscriber, FeedSubscription, ThreadFeeds } from '../engine/feeds.js';
import type { OrchestratorMetrics } from '../observability/metrics.js';
import { END_KIND } from '../engine/upstream-frame.js';
import { CLOSE, SocketLiveness } from '../../common/websocket/liveness.js';
import { Viewer } from './viewer.js';

/** What the proxy needs. */
interface ProxyDeps {
  /** The replica's engine streams, shared with the finalizer. */
  readonly feeds: ThreadFeeds;
  readonly metrics: OrchestratorMetrics;
  readonly maxBufferedBytes: number;
  readonly heartbeatMs: number;
  readonly idleTimeoutMs: number;
  readonly maxSessionMs: number;
}

/** Who is watching and from where in the stream. */
interface ViewerContext {
  readonly threadId: string;
  readonly afterSeq: number;
  /** Carries request, user, workflow, proposal and thread ids. */
  readonly log: Logger;
  /** Trace context of the upgrade request (its `traceparent`, when a client sent one). */
  readonly parent?: Context;
}

const tracer = getTracer('ide-orchestrator');

/**
 * The WebSocket proxy: attaches authenticated client sockets to the replica's shared
 * per-thread feeds (which the finalizer reads too), relays frames both ways unchanged, and
 * enforces the shared heartbeat (`SocketLiveness`), idle, session and buffer limits with one timer.
 */
export class RefinementProxy {
  readonly #deps: ProxyDeps;
  readonly #sessions = new Map<Viewer, FeedSubscription>();
  readonly #liveness: SocketLiveness<Viewer>;
  #isClosed = false;

  constructor(deps: ProxyDeps) {
    this.#deps = deps;
    this.#liveness = new SocketLiveness<Viewer>({
      intervalMs: deps.heartbeatMs,
      check: (viewer, now) => this.#withinLimits(viewer, now),
      onDead: (viewer) => {
        viewer.log.info('client missed a heartbeat; terminating');
        viewer.isClosed = true;
      },
    });
  }

  /** Open client sockets. */
  get size(): number {
    return this.#sessions.size;
  }

  /**
   * Starts relaying for a freshly upgraded socket; returns the viewer for {@link detach}. Once the
   * proxy is closed, the socket is closed with 1001 at once so the client resumes elsewhere.
   */
  attach(socket: WebSocket, context: ViewerContext): Viewer {
    const viewer = new Viewer(
      socket,
      context.afterSeq,
      { maxBufferedBytes: this.#deps.maxBufferedBytes },
      context.log,
    );
    if (this.#isClosed) {
      viewer.close(CLOSE.goingAway, 'server shutting down');
      return viewer;
    }
    this.#liveness.add(viewer, socket);
    this.#deps.metrics.openSockets.inc();
    // The session span parents the upstream dial (and so the engine's stream span) it causes.
    viewer.span = tracer.startSpan(
      'refinement websocket session',
      {
        kind: SpanKind.SERVER,
        attributes: { 'thread.id': context.threadId, 'stream.after_seq': context.afterSeq },
      },
      context.parent,
    );
    const subscriber = this.#subscriberFor(viewer);
    const subscription = otelContext.with(
      trace.setSpan(context.parent ?? otelContext.active(), viewer.span),
      () => this.#deps.feeds.subscribe(context.threadId, subscriber),
    );
    viewer.span.setAttribute('stream.shared_upstream', subscription.isShared);
    this.#sessions.set(viewer, subscription);
    return viewer;
  }

  /** A client frame: forwarded to the engine unchanged. */
  receive(viewer: Viewer, data: Buffer, isBinary: boolean): void {
    viewer.lastActivityAt = Date.now();
    this.#sessions.get(viewer)?.forward(data, isBinary);
    this.#deps.metrics.frameToEngine();
  }

  /** The client socket closed. */
  detach(viewer: Viewer, code: number): void {
    const subscription = this.#sessions.get(viewer);
    if (!subscription) return;
    this.#sessions.delete(viewer);
    this.#liveness.remove(viewer);
    viewer.isClosed = true;
    subscription.close();
    viewer.span?.setAttribute('websocket.close_code', code);
    viewer.span?.end();
    this.#deps.metrics.openSockets.dec();
    this.#deps.metrics.socketClosed(code);
  }

  /** Closes every socket (1001); the feeds close their upstreams when their last reader leaves. */
  close(): void {
    this.#isClosed = true;
    this.#liveness.close();
    for (const viewer of [...this.#sessions.keys()]) viewer.close(CLOSE.goingAway, 'server shutting down');
  }

  /** The viewer as a feed reader: frames go out unchanged, `end` closes 1000, a lost stream 1011/1013. */
  #subscriberFor(viewer: Viewer): FeedSubscriber {
    const metrics = this.#deps.metrics;
    return {
      afterSeq: viewer.afterSeq,
      onFrame(frame) {
        if (!viewer.send(frame)) return false;
        metrics.frameToClient(frame.kind);
        if (frame.kind === END_KIND) viewer.close(CLOSE.normal, 'end');
        return true;
      },
      onBatchEnd() {
        viewer.flush();
      },
      onFinish(outcome) {
        if (outcome.kind !== 'lost') {
          viewer.close(CLOSE.normal, 'end');
          return;
        }
        const isBreakerOpen = outcome.error.code === 'breaker_open';
        viewer.log.warn({ code: outcome.error.code }, 'engine stream lost; closing the client socket');
        viewer.sendText(
          JSON.stringify({
            event_type: 'error',
            data: { error: outcome.error.message, context: 'upstream_lost' },
          }),
        );
        viewer.close(
          isBreakerOpen ? CLOSE.tryAgainLater : CLOSE.internalError,
          isBreakerOpen ? 'engine unavailable, try again later' : 'engine stream lost',
        );
      },
    };
  }

  /** The session and idle limits; false when the viewer is (being) closed. */
  #withinLimits(viewer: Viewer, now: number): boolean {
    if (viewer.isClosed) return false;
    const { idleTimeoutMs, maxSessionMs } = this.#deps;
    if (now - viewer.openedAt >= maxSessionMs) {
      viewer.close(CLOSE.goingAway, 'session time limit reached');
      return false;
    }
    if (now - viewer.lastActivityAt >= idleTimeoutMs) {
      viewer.close(CLOSE.goingAway, 'idle timeout');
      return false;
    }
    return true;
  }
}
