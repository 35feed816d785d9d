import { type Context, context as otelContext, trace } from '@opentelemetry/api';
import type WebSocket from 'ws';
import type { Logger } from '../../common/observability/index.js';
import { getTracer, SpanKind } from '../../common/observability/tracing.js';
import type { SpecEngineClient } from '../services/spec-engine-client.js';
import { EngineStream, type StreamOutcome, type UpstreamFrame } from './engine-stream.js';
import type { StreamingMetrics } from './metrics.js';
import type { EngineTarget } from './upstream.js';
import { CLOSE, Viewer } from './viewer.js';

/** What the proxy needs. */
export interface ProxyDeps {
  readonly engine: SpecEngineClient;
  readonly target: EngineTarget;
  readonly metrics: StreamingMetrics;
  readonly logger: Logger;
  readonly maxBufferedBytes: number;
  readonly replayBufferBytes: number;
  readonly reconnectAttempts: number;
  readonly reconnectDelayMs: number;
  readonly heartbeatMs: number;
  readonly idleTimeoutMs: number;
  readonly maxSessionMs: number;
}

/** Who is watching and from where in the stream. */
export interface ViewerContext {
  readonly threadId: string;
  readonly afterSeq: number;
  /** Carries request, user, workflow, proposal and thread ids. */
  readonly log: Logger;
  /** Trace context of the upgrade request (its `traceparent`, when a client sent one). */
  readonly parent?: Context;
}

const tracer = getTracer('ide-orchestrator');

/**
 * One upstream connection to the engine for a thread, shared by every viewer that joins
 * while it can still give them all they need: it keeps the frames it relayed (up to a byte
 * bound) and replays them to late joiners before going live.
 */
class ThreadHub {
  readonly viewers = new Set<Viewer>();
  readonly #replay: UpstreamFrame[] = [];
  #replayBytes = 0;
  #isReplayComplete = true;
  #lastPosition: number;
  #isFinished = false;
  readonly #stream: EngineStream;

  constructor(
    readonly threadId: string,
    readonly startAfterSeq: number,
    readonly deps: ProxyDeps,
    readonly onDone: (hub: ThreadHub) => void,
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
      onConnection: (isOpen) => (isOpen ? deps.metrics.upstreams.inc() : deps.metrics.upstreams.dec()),
    });
    void this.#stream.run().then((outcome) => this.#finish(outcome));
  }

  /** True when a viewer resuming after `afterSeq` can be served from this hub. */
  canServe(afterSeq: number): boolean {
    if (this.#isFinished || afterSeq < this.startAfterSeq) return false;
    return this.#isReplayComplete || afterSeq >= this.#lastPosition;
  }

  add(viewer: Viewer): void {
    this.viewers.add(viewer);
    for (const frame of this.#replay) {
      if (frame.position > viewer.afterSeq && !this.#deliver(viewer, frame)) return;
    }
  }

  remove(viewer: Viewer): void {
    this.viewers.delete(viewer);
    if (this.viewers.size === 0 && !this.#isFinished) {
      this.#isFinished = true;
      this.#stream.close();
    }
  }

  /** Client frames go to the engine unchanged. */
  forward(data: Buffer, isBinary: boolean): void {
    this.#stream.send(data, isBinary);
  }

  #relay(frame: UpstreamFrame): void {
    this.#lastPosition = frame.position;
    if (this.#isReplayComplete) {
      this.#replayBytes += frame.raw.length;
      if (this.#replayBytes > this.deps.replayBufferBytes) {
        // Late joiners that need older frames get their own upstream instead.
        this.#isReplayComplete = false;
        this.#replay.length = 0;
        this.#replayBytes = 0;
      } else {
        this.#replay.push(frame);
      }
    }
    if (frame.envelope?.event_type === 'end') this.#isFinished = true;
    for (const viewer of this.viewers) {
      if (frame.position > viewer.afterSeq) this.#deliver(viewer, frame);
    }
  }

  #deliver(viewer: Viewer, frame: UpstreamFrame): boolean {
    if (!viewer.send(frame)) return false;
    this.deps.metrics.frameRelayed('to_client', frame.envelope?.event_type);
    if (frame.envelope?.event_type === 'end') viewer.close(CLOSE.normal, 'end');
    return true;
  }

  #finish(outcome: StreamOutcome): void {
    this.#isFinished = true;
    this.onDone(this);
    if (outcome.kind !== 'lost') {
      for (const viewer of this.viewers) viewer.close(CLOSE.normal, 'end');
      return;
    }
    const isBreakerOpen = outcome.error.code === 'breaker_open';
    const code = isBreakerOpen ? CLOSE.tryAgainLater : CLOSE.internalError;
    const frame = JSON.stringify({
      event_type: 'error',
      data: { error: outcome.error.message, context: 'upstream_lost' },
    });
    for (const viewer of this.viewers) {
      viewer.log.warn({ code: outcome.error.code }, 'engine stream lost; closing the client socket');
      viewer.sendText(frame);
      viewer.close(code, isBreakerOpen ? 'engine unavailable, try again later' : 'engine stream lost');
    }
  }
}

/**
 * The WebSocket proxy: attaches authenticated client sockets to shared per-thread
 * upstreams, relays frames both ways unchanged, and enforces heartbeat, idle, session and
 * buffer limits with one timer for all sockets.
 */
export class RefinementProxy {
  readonly #deps: ProxyDeps;
  readonly #hubs = new Map<string, Set<ThreadHub>>();
  readonly #viewerHub = new Map<Viewer, ThreadHub>();
  readonly #timer: NodeJS.Timeout;

  constructor(deps: ProxyDeps) {
    this.#deps = deps;
    this.#timer = setInterval(() => this.#tick(), Math.min(1000, deps.heartbeatMs));
    this.#timer.unref();
  }

  /** Open client sockets. */
  get size(): number {
    return this.#viewerHub.size;
  }

  /** Starts relaying for a freshly upgraded socket; returns the viewer for {@link detach}. */
  attach(socket: WebSocket, context: ViewerContext): Viewer {
    const viewer = new Viewer(
      socket,
      context.afterSeq,
      { maxBufferedBytes: this.#deps.maxBufferedBytes },
      context.log,
    );
    socket.on('pong', () => {
      viewer.isAlive = true;
    });
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
    const hub = otelContext.with(trace.setSpan(context.parent ?? otelContext.active(), viewer.span), () =>
      this.#hubFor(context.threadId, context.afterSeq),
    );
    this.#viewerHub.set(viewer, hub);
    hub.add(viewer);
    return viewer;
  }

  /** A client frame: forwarded to the engine unchanged. */
  receive(viewer: Viewer, data: Buffer, isBinary: boolean): void {
    viewer.lastActivityAt = Date.now();
    this.#viewerHub.get(viewer)?.forward(data, isBinary);
    this.#deps.metrics.frameRelayed('to_engine', undefined);
  }

  /** The client socket closed. */
  detach(viewer: Viewer, code: number): void {
    const hub = this.#viewerHub.get(viewer);
    if (!hub) return;
    this.#viewerHub.delete(viewer);
    viewer.isClosed = true;
    hub.remove(viewer);
    viewer.span?.setAttribute('websocket.close_code', code);
    viewer.span?.end();
    this.#deps.metrics.openSockets.dec();
    this.#deps.metrics.socketClosed(code);
  }

  /** Closes every socket (1001) and upstream. */
  close(): void {
    clearInterval(this.#timer);
    for (const viewer of [...this.#viewerHub.keys()]) viewer.close(CLOSE.goingAway, 'server shutting down');
  }

  #hubFor(threadId: string, afterSeq: number): ThreadHub {
    let hubs = this.#hubs.get(threadId);
    for (const hub of hubs ?? []) if (hub.canServe(afterSeq)) return hub;
    const hub = new ThreadHub(threadId, afterSeq, this.#deps, (done) => {
      const set = this.#hubs.get(threadId);
      set?.delete(done);
      if (set?.size === 0) this.#hubs.delete(threadId);
    });
    if (!hubs) {
      hubs = new Set();
      this.#hubs.set(threadId, hubs);
    }
    hubs.add(hub);
    return hub;
  }

  #tick(): void {
    const now = Date.now();
    const { heartbeatMs, idleTimeoutMs, maxSessionMs } = this.#deps;
    for (const viewer of this.#viewerHub.keys()) {
      if (viewer.isClosed) continue;
      if (now - viewer.openedAt >= maxSessionMs) {
        viewer.close(CLOSE.goingAway, 'session time limit reached');
      } else if (now - viewer.lastActivityAt >= idleTimeoutMs) {
        viewer.close(CLOSE.goingAway, 'idle timeout');
      } else if (now - viewer.lastPingAt >= heartbeatMs) {
        if (!viewer.isAlive) {
          viewer.log.info('client missed a heartbeat; terminating');
          viewer.isClosed = true;
          viewer.socket.terminate();
          continue;
        }
        viewer.isAlive = false;
        viewer.lastPingAt = now;
        viewer.socket.ping();
      }
    }
  }
}
