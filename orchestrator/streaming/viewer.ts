import type { Span } from '@opentelemetry/api';
import type WebSocket from 'ws';
import type { Logger } from '../../common/observability/index.js';
import type { UpstreamFrame } from './engine-stream.js';

/** Close codes the proxy uses (RFC 6455 §7.4.1). */
export const CLOSE = {
  normal: 1000,
  goingAway: 1001,
  internalError: 1011,
  tryAgainLater: 1013,
} as const;

/** Limits a viewer socket is held to. */
export interface ViewerLimits {
  /** Unsent bytes allowed before the viewer is closed with 1013. */
  readonly maxBufferedBytes: number;
}

/**
 * One browser socket watching a thread. It tracks activity for the heartbeat, idle and
 * session limits, and refuses to queue more than `maxBufferedBytes` for a slow reader.
 */
export class Viewer {
  readonly socket: WebSocket;
  readonly afterSeq: number;
  readonly openedAt = Date.now();
  readonly log: Logger;
  lastActivityAt = this.openedAt;
  lastPingAt = this.openedAt;
  isAlive = true;
  isClosed = false;
  /** The proxy session span, ended when the socket closes. */
  span: Span | undefined;
  readonly #limits: ViewerLimits;

  constructor(socket: WebSocket, afterSeq: number, limits: ViewerLimits, log: Logger) {
    this.socket = socket;
    this.afterSeq = afterSeq;
    this.#limits = limits;
    this.log = log;
  }

  /** Sends an upstream frame unchanged; false when the viewer is closed or was too slow. */
  send(frame: UpstreamFrame): boolean {
    if (this.isClosed || this.socket.readyState !== 1) return false;
    const queued = this.socket.bufferedAmount;
    // One frame always fits into an empty buffer (frames are up to 16 MiB).
    if (queued > 0 && queued + frame.raw.length > this.#limits.maxBufferedBytes) {
      this.log.warn({ queuedBytes: queued }, 'client reads too slowly; closing with 1013');
      this.close(CLOSE.tryAgainLater, 'client too slow');
      return false;
    }
    this.socket.send(frame.raw, { binary: frame.isBinary });
    this.lastActivityAt = Date.now();
    return true;
  }

  /** Sends the proxy's own frame (only the final `error`). */
  sendText(text: string): void {
    if (!this.isClosed && this.socket.readyState === 1) this.socket.send(text);
  }

  /** Closes with `code` once; later calls do nothing. */
  close(code: number, reason: string): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.socket.close(code, reason);
  }
}
