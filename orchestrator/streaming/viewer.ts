import type { Writable } from 'node:stream';
import type { Span } from '@opentelemetry/api';
import type WebSocket from 'ws';
import type { Logger } from '../../common/observability/index.js';
import { CLOSE, exceedsSendBuffer } from '../../common/websocket/liveness.js';
import type { UpstreamFrame } from '../engine/stream.js';

/** Limits a viewer socket is held to. */
interface ViewerLimits {
  /** Unsent bytes allowed before the viewer is closed with 1013. */
  readonly maxBufferedBytes: number;
}

/** The TCP socket under a `ws` socket (ws 8.23 keeps it as `_socket`; lib/websocket.js `setSocket`). */
function tcpOf(socket: WebSocket): Writable {
  const tcp = (socket as unknown as { _socket?: Writable })._socket;
  if (!tcp) throw new Error('the ws socket has no underlying TCP socket (ws internals changed?)');
  return tcp;
}

/**
 * One browser socket watching a thread. It tracks activity for the heartbeat, idle and
 * session limits, and refuses to queue more than `maxBufferedBytes` for a slow reader.
 * Engine frames are written to the TCP socket as the bytes they arrived in (both hops carry
 * unmasked server frames), queued per read of the upstream and written as one batch.
 */
export class Viewer {
  readonly socket: WebSocket;
  readonly afterSeq: number;
  readonly openedAt = Date.now();
  readonly log: Logger;
  lastActivityAt = this.openedAt;
  isClosed = false;
  /** The proxy session span, ended when the socket closes. */
  span: Span | undefined;
  readonly #limits: ViewerLimits;
  readonly #tcp: Writable;
  /** Frames queued for the next flush: the first alone (the usual case), the rest in a list. */
  #queued: Buffer | undefined;
  #moreQueued: Buffer[] | undefined;
  #queuedBytes = 0;

  constructor(socket: WebSocket, afterSeq: number, limits: ViewerLimits, log: Logger) {
    this.socket = socket;
    this.afterSeq = afterSeq;
    this.#limits = limits;
    this.log = log;
    this.#tcp = tcpOf(socket);
  }

  /**
   * Queues an engine frame (its exact bytes) for the next {@link flush}; false when the viewer is
   * closed or was too slow (then it is closed with 1013).
   */
  send(frame: UpstreamFrame): boolean {
    if (this.isClosed || this.socket.readyState !== 1) return false;
    // Everything for this socket goes through the TCP socket's buffer (ws queues nothing itself
    // without compression), so its length is ws's `bufferedAmount` without the getter.
    const queued = this.#tcp.writableLength + this.#queuedBytes;
    if (exceedsSendBuffer(queued, frame.raw.length, this.#limits.maxBufferedBytes)) {
      this.log.warn({ queuedBytes: queued }, 'client reads too slowly; closing with 1013');
      this.#drop();
      this.close(CLOSE.tryAgainLater, 'client too slow');
      return false;
    }
    if (this.#queued === undefined) this.#queued = frame.raw;
    else if (!this.#append(frame.raw)) {
      if (this.#moreQueued) this.#moreQueued.push(frame.raw);
      else this.#moreQueued = [frame.raw];
    }
    this.#queuedBytes += frame.raw.length;
    return true;
  }

  /** Writes the queued frames: one write, or one corked batch. */
  flush(): void {
    const first = this.#queued;
    if (first === undefined) return;
    const more = this.#moreQueued;
    this.#drop();
    if (this.isClosed || this.socket.readyState !== 1) return;
    this.lastActivityAt = Date.now();
    const tcp = this.#tcp;
    if (!more) {
      tcp.write(first);
      return;
    }
    tcp.cork();
    tcp.write(first);
    for (const raw of more) tcp.write(raw);
    tcp.uncork();
  }

  /** Sends the proxy's own frame (only the final `error`). */
  sendText(text: string): void {
    this.flush();
    if (!this.isClosed && this.socket.readyState === 1) this.socket.send(text);
  }

  /** Closes with `code` once (after the queued frames); later calls do nothing. */
  close(code: number, reason: string): void {
    if (this.isClosed) return;
    this.flush();
    this.isClosed = true;
    this.socket.close(code, reason);
  }

  /** Joins `raw` to the last queued frame when it follows it in the same read buffer (one write). */
  #append(raw: Buffer): boolean {
    if (this.#moreQueued !== undefined) return false;
    const last = this.#queued as Buffer;
    if (last.buffer !== raw.buffer || last.byteOffset + last.length !== raw.byteOffset) return false;
    this.#queued = Buffer.from(last.buffer, last.byteOffset, last.length + raw.length);
    return true;
  }

  #drop(): void {
    this.#queued = undefined;
    this.#moreQueued = undefined;
    this.#queuedBytes = 0;
  }
}
