import type { Duplex, Writable } from 'node:stream';
import type WebSocket from 'ws';
import { FrameReader, type FrameSink, OPCODE } from './frame-reader.js';

/** Where a tap delivers the engine's messages. */
interface TapHandler {
  /** A data message as the exact bytes of its frame. */
  onData(raw: Buffer, headerBytes: number, isBinary: boolean): void;
  /** All messages of one TCP read were delivered: flush batched writes now. */
  onBatchEnd(): void;
}

/** ws internals the tap works with (ws 8.23, lib/websocket.js `setSocket`). */
interface WsInternals {
  readonly _socket: Duplex;
  readonly _receiver: Writable;
}

/**
 * Reads an open `ws` client socket's frames itself: `ws` did the handshake and still owns the
 * connection's life (close handshake, ping/pong, `send`, the `close` event), but data frames no
 * longer go through its decoder and its `message` event. The tap takes the socket's `data`
 * listener over; data messages go to the handler as the bytes they arrived in, and control
 * frames, whole, to `ws`'s own receiver, so the protocol's control flow stays `ws`'s.
 * Frames that arrive before {@link start} are kept in order.
 */
export class UpstreamTap implements FrameSink {
  readonly #ws: WebSocket;
  readonly #reader: FrameReader;
  #early: Buffer[] | undefined = [];
  #handler: TapHandler | undefined;
  #failure: { code: number; reason: string } | undefined;

  /** Call from the socket's `open` event, before any data is read (ws emits it synchronously). */
  constructor(ws: WebSocket, maxPayload: number) {
    this.#ws = ws;
    this.#reader = new FrameReader(this, maxPayload);
    const socket = (ws as unknown as WsInternals)._socket;
    // ws reads with one `data` listener feeding its decoder; ours replaces it.
    for (const listener of socket.listeners('data')) socket.removeListener('data', listener as () => void);
    socket.on('data', (chunk: Buffer) => {
      if (this.#early) this.#early.push(chunk);
      else this.#reader.push(chunk);
    });
  }

  /** Why the tap stopped the connection, when the engine broke the protocol. */
  get failure(): { code: number; reason: string } | undefined {
    return this.#failure;
  }

  /** Starts delivering messages (first the ones read so far). */
  start(handler: TapHandler): void {
    this.#handler = handler;
    const early = this.#early ?? [];
    this.#early = undefined;
    for (const chunk of early) this.#reader.push(chunk);
  }

  /** @internal */
  onData(raw: Buffer, headerBytes: number, isBinary: boolean): void {
    this.#handler?.onData(raw, headerBytes, isBinary);
  }

  /** @internal */
  onBatchEnd(): void {
    this.#handler?.onBatchEnd();
  }

  /** @internal Control frames are ws's: it answers pings and completes the close handshake. */
  onControl(raw: Buffer, opcode: number): void {
    (this.#ws as unknown as WsInternals)._receiver.write(raw);
    if (opcode === OPCODE.close) this.#reader.stop();
  }

  /** @internal */
  onProtocolError(code: number, reason: string): void {
    this.#failure = { code, reason };
    this.#ws.terminate();
  }
}
