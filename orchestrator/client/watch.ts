import { type EventEnvelope, parseEnvelope } from '../../common/events/envelope.js';
import { resolveToken, type TokenSource } from './rest.js';
import { SocketEvents, type WebSocketConstructor } from './socket-events.js';

/** The subprotocol that carries the token (`Sec-WebSocket-Protocol: bearer, <token>`). */
const BEARER = 'bearer';

/** Options of {@link watchRefinement}. */
export interface WatchRefinementOptions {
  /** The orchestrator's origin (`https://…` or `wss://…`, no `/api`). */
  readonly baseUrl: string;
  /** The refinement's `thread_id` (from `POST /workflows/{id}/refinements`). */
  readonly threadId: string;
  /** Sent in the `bearer` subprotocol, never in the URL; a function is asked again on every reconnect. */
  readonly token: TokenSource;
  /** Start after this sequence number (events up to it were seen already). @default 0 */
  readonly afterSeq?: number;
  /** The WebSocket constructor; `globalThis.WebSocket` by default (pass `ws`'s on Node 20). */
  readonly WebSocket?: WebSocketConstructor;
  /** Connections in a row that may fail before giving up. @default 5 */
  readonly maxReconnects?: number;
  /** First pause before a reconnect, doubled each time up to 10 s. @default 250 */
  readonly reconnectDelayMs?: number;
  /**
   * Asked when a connection fails without a visible HTTP status (browsers hide it): answer
   * true when the run is over (its proposal no longer `processing`), and watching stops as on 410.
   */
  readonly isRunOver?: () => Promise<boolean>;
  /** Stops watching (the generator returns `aborted`). */
  readonly signal?: AbortSignal;
}

/** Why watching stopped: the `end` event arrived, the server answered 410 (run resolved), or the caller aborted. */
export type WatchOutcome = 'end' | 'gone' | 'aborted';

/** Watching failed: the upgrade was refused (`status` 400/401/403/404) or reconnects ran out. */
export class WatchError extends Error {
  override readonly name = 'WatchError';
  constructor(
    readonly code: 'refused' | 'reconnects_exhausted',
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Statuses that no retry can change. */
const FINAL_REFUSALS = new Set([400, 401, 403, 404]);
const GONE = 410;

function socketUrl(baseUrl: string, threadId: string, afterSeq: number): string {
  const origin = baseUrl.replace(/\/+$/, '').replace(/^http/, 'ws');
  const query = afterSeq > 0 ? `?after_seq=${afterSeq}` : '';
  return `${origin}/api/ws/refinements/${encodeURIComponent(threadId)}${query}`;
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Watches a refinement's event stream: connects with the `bearer` subprotocol, yields each
 * envelope once in `seq` order, reconnects with `after_seq` after a drop (so nothing is
 * repeated or lost), and returns after `end` or when the server answers 410 (run resolved).
 * @example
 * for await (const event of watchRefinement({ baseUrl, threadId, token, WebSocket })) render(event);
 */
export async function* watchRefinement(
  options: WatchRefinementOptions,
): AsyncGenerator<EventEnvelope, WatchOutcome, undefined> {
  const Ctor = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (!Ctor) throw new TypeError('no WebSocket constructor: pass options.WebSocket (e.g. from "ws")');
  const maxReconnects = options.maxReconnects ?? 5;
  let lastSeq = options.afterSeq ?? 0;
  let failures = 0;
  while (!options.signal?.aborted) {
    const token = await resolveToken(options.token);
    const events = new SocketEvents(Ctor, socketUrl(options.baseUrl, options.threadId, lastSeq), [
      BEARER,
      ...(token ? [token] : []),
    ]);
    const abort = () => events.close(1000, 'aborted');
    options.signal?.addEventListener('abort', abort);
    let isOpen = false;
    try {
      for (;;) {
        const event = await events.next();
        if (event.kind === 'open') {
          isOpen = true;
          continue;
        }
        if (event.kind === 'message') {
          const envelope = parseEnvelope(event.data);
          if (!envelope) continue;
          // A replay after reconnecting may start before what was already yielded.
          if (typeof envelope.seq === 'number') {
            if (envelope.seq <= lastSeq) continue;
            lastSeq = envelope.seq;
          }
          failures = 0;
          yield envelope;
          if (envelope.event_type === 'end') return 'end';
          continue;
        }
        if (options.signal?.aborted) return 'aborted';
        if (event.refusedStatus === GONE) return 'gone';
        if (event.refusedStatus !== undefined && FINAL_REFUSALS.has(event.refusedStatus)) {
          throw new WatchError(
            'refused',
            `the server refused the stream (${event.refusedStatus})`,
            event.refusedStatus,
          );
        }
        if (!isOpen && (await options.isRunOver?.())) return 'gone';
        break;
      }
    } finally {
      options.signal?.removeEventListener('abort', abort);
      events.close();
    }
    failures += 1;
    if (failures > maxReconnects) {
      throw new WatchError('reconnects_exhausted', `the stream dropped ${failures} times in a row`);
    }
    await pause(Math.min(10_000, (options.reconnectDelayMs ?? 250) * 2 ** (failures - 1)), options.signal);
  }
  return 'aborted';
}
