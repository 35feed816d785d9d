import { type EventEnvelope, parseEnvelope } from '../../../common/events/index.js';

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

/** Why watching stopped. */
export type WatchEnd = 'end' | 'gone' | 'aborted';

const MAX_DELAY_MS = 5_000;

function socketUrl(threadId: string, afterSeq: number): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const query = afterSeq > 0 ? `?after_seq=${afterSeq}` : '';
  return `${scheme}://${location.host}/api/ws/refinements/${encodeURIComponent(threadId)}${query}`;
}

type SocketEvent = { kind: 'open' } | { kind: 'frame'; data: string } | { kind: 'close' };

/** One socket's events as a queue a generator can await in order. */
function connect(url: string, token: string | undefined) {
  const queue: SocketEvent[] = [];
  let wake: (() => void) | undefined;
  const push = (event: SocketEvent) => {
    queue.push(event);
    wake?.();
  };
  const socket = new WebSocket(url, token ? ['bearer', token] : []);
  socket.onopen = () => push({ kind: 'open' });
  socket.onmessage = (event) => {
    if (typeof event.data === 'string') push({ kind: 'frame', data: event.data });
  };
  socket.onclose = () => push({ kind: 'close' });
  return {
    close: () => socket.close(1000),
    async next(): Promise<SocketEvent> {
      while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      return queue.shift()!;
    },
  };
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

/**
 * Watches a refinement's events: yields each envelope once, reconnects with `after_seq`
 * after a drop, and returns after `end`, when the run is over (410), or on abort.
 */
export async function* watchRun(options: WatchRunOptions): AsyncGenerator<EventEnvelope, WatchEnd> {
  let lastSeq = options.afterSeq;
  let failures = 0;
  while (!options.signal.aborted) {
    const socket = connect(socketUrl(options.threadId, lastSeq), options.token());
    const abort = () => socket.close();
    options.signal.addEventListener('abort', abort, { once: true });
    let isOpen = false;
    try {
      for (;;) {
        const event = await socket.next();
        if (event.kind === 'open') {
          isOpen = true;
          continue;
        }
        if (event.kind === 'close') break;
        const envelope = parseEnvelope(event.data);
        if (!envelope) continue;
        if (typeof envelope.seq === 'number') {
          if (envelope.seq <= lastSeq) continue;
          lastSeq = envelope.seq;
        }
        failures = 0;
        yield envelope;
        if (envelope.event_type === 'end') return 'end';
      }
    } finally {
      options.signal.removeEventListener('abort', abort);
      socket.close();
    }
    if (options.signal.aborted) return 'aborted';
    if (!isOpen && (await options.isRunOver().catch(() => false))) return 'gone';
    failures += 1;
    await pause(Math.min(MAX_DELAY_MS, 250 * 2 ** failures), options.signal);
  }
  return 'aborted';
}
