/** What liveness needs of a socket (a `ws` WebSocket has it). */
export interface PingableSocket {
  ping(): void;
  terminate(): void;
  on(event: 'pong', listener: () => void): unknown;
}

interface Tracked {
  readonly socket: PingableSocket;
  isAlive: boolean;
  lastPingAt: number;
}

/** Options of {@link SocketLiveness}. */
interface LivenessOptions<K> {
  /** How often each socket is pinged; one unanswered ping drops it. */
  readonly intervalMs: number;
  /**
   * Checked for every socket on every tick before its ping (the owner's own limits: idle time,
   * session length…); return false when it closed the socket itself.
   */
  readonly check?: (key: K, now: number) => boolean;
  /** Called for a socket dropped for a missed pong, before it is terminated. */
  readonly onDead?: (key: K) => void;
}

/**
 * The WebSocket heartbeat both services use: pings every socket each `intervalMs` and
 * terminates one whose previous ping went unanswered, so a vanished peer (half-open TCP) does
 * not hold a reader or an upstream forever. One timer serves every socket.
 */
export class SocketLiveness<K> {
  readonly #options: LivenessOptions<K>;
  readonly #tracked = new Map<K, Tracked>();
  readonly #timer: NodeJS.Timeout;

  constructor(options: LivenessOptions<K>) {
    this.#options = options;
    // Ticks several times per interval, so a socket is pinged within ~1 s of its due time.
    this.#timer = setInterval(() => this.#tick(), Math.min(1000, options.intervalMs));
    this.#timer.unref();
  }

  /** Sockets being watched. */
  get size(): number {
    return this.#tracked.size;
  }

  add(key: K, socket: PingableSocket): void {
    const tracked: Tracked = { socket, isAlive: true, lastPingAt: Date.now() };
    socket.on('pong', () => {
      tracked.isAlive = true;
    });
    this.#tracked.set(key, tracked);
  }

  remove(key: K): void {
    this.#tracked.delete(key);
  }

  /** Stops the timer (the sockets are the owner's to close). */
  close(): void {
    clearInterval(this.#timer);
    this.#tracked.clear();
  }

  #tick(): void {
    const now = Date.now();
    const { intervalMs, check, onDead } = this.#options;
    for (const [key, tracked] of this.#tracked) {
      if (check && !check(key, now)) continue;
      if (now - tracked.lastPingAt < intervalMs) continue;
      if (!tracked.isAlive) {
        this.#tracked.delete(key);
        onDead?.(key);
        tracked.socket.terminate();
        continue;
      }
      tracked.isAlive = false;
      tracked.lastPingAt = now;
      tracked.socket.ping();
    }
  }
}

/**
 * Whether sending `nextBytes` more to a socket that has `bufferedBytes` unsent would pass
 * `maxBytes`: the reader is too slow and is dropped (it resumes with `after_seq` and loses
 * nothing) instead of being buffered for without bound. One frame always fits an empty buffer.
 */
export function exceedsSendBuffer(bufferedBytes: number, nextBytes: number, maxBytes: number): boolean {
  return bufferedBytes > 0 && bufferedBytes + nextBytes > maxBytes;
}

/** Close codes both services use (RFC 6455 §7.4.1). */
export const CLOSE = {
  normal: 1000,
  goingAway: 1001,
  internalError: 1011,
  tryAgainLater: 1013,
} as const;
