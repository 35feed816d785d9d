/** The part of the WHATWG `WebSocket` the watcher uses (browsers, Node 22, or the `ws` package). */
export interface WebSocketLike {
  readonly protocol: string;
  addEventListener(type: 'open', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
  addEventListener(type: 'error', listener: (event: { readonly message?: string }) => void): void;
  addEventListener(
    type: 'close',
    listener: (event: { readonly code: number; readonly reason: string }) => void,
  ): void;
  close(code?: number, reason?: string): void;
}

/** A `WebSocket` constructor: `globalThis.WebSocket` or `ws`'s default export. */
export type WebSocketConstructor = new (url: string, protocols: string[]) => WebSocketLike;

/** What one connection reports, in order: maybe `open`, any `message`s, then one `close`. */
type SocketEvent =
  | { readonly kind: 'open' }
  | { readonly kind: 'message'; readonly data: string }
  | {
      readonly kind: 'close';
      readonly code: number;
      readonly reason: string;
      /** The HTTP status that refused the upgrade, when the runtime reveals it (Node's `ws` does; browsers do not). */
      readonly refusedStatus: number | undefined;
    };

/** One socket's events as an async queue, so a generator can `await` them in order. */
export class SocketEvents {
  readonly #queue: SocketEvent[] = [];
  #wake: (() => void) | undefined;
  #refusedStatus: number | undefined;
  #isClosed = false;
  readonly socket: WebSocketLike;

  constructor(Ctor: WebSocketConstructor, url: string, protocols: string[]) {
    this.socket = new Ctor(url, protocols);
    this.socket.addEventListener('open', () => this.#push({ kind: 'open' }));
    this.socket.addEventListener('message', (event) => {
      // Envelopes are text frames; a binary frame is not part of the contract.
      if (typeof event.data === 'string') this.#push({ kind: 'message', data: event.data });
    });
    this.socket.addEventListener('error', (event) => {
      // ws: "Unexpected server response: 410"; browsers hide the status on purpose.
      const match = /Unexpected server response: (\d{3})/.exec(event.message ?? '');
      if (match) this.#refusedStatus = Number(match[1]);
    });
    this.socket.addEventListener('close', (event) => {
      this.#push({
        kind: 'close',
        code: event.code,
        reason: event.reason,
        refusedStatus: this.#refusedStatus,
      });
    });
  }

  #push(event: SocketEvent): void {
    if (this.#isClosed) return;
    if (event.kind === 'close') this.#isClosed = true;
    this.#queue.push(event);
    this.#wake?.();
  }

  /** The next event; after `close` nothing else comes. */
  async next(): Promise<SocketEvent> {
    while (this.#queue.length === 0) {
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
      this.#wake = undefined;
    }
    return this.#queue.shift() as SocketEvent;
  }

  /** Closes the socket and ends the queue at once (the server's close frame may never come). */
  close(code = 1000, reason = 'client done'): void {
    try {
      this.socket.close(code, reason);
    } catch {
      // Closing a socket that never opened throws in some runtimes; it is closed either way.
    }
    this.#push({ kind: 'close', code, reason, refusedStatus: undefined });
  }
}
