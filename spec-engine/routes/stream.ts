import { upgradeWebSocket } from '@hono/node-server';
import { Hono } from 'hono';
import { extractTraceContext, getTracer, SpanKind } from '../../common/observability/tracing.js';
import type { AppEnv } from '../app-env.js';
import { ApiError } from '../errors.js';

const MAX_BUFFERED = 16 * 1024 * 1024;
const HEARTBEAT_MS = 30_000;

type HeartbeatSocket = { ping(): void; terminate(): void; on(event: 'pong', listener: () => void): unknown };

/**
 * Pings the client every 30 s and drops it when the previous ping went unanswered, so a
 * vanished peer (half-open TCP) does not hold a follower forever. Returns a stop function.
 */
function startHeartbeat(socket: HeartbeatSocket | undefined): () => void {
  if (!socket) return () => {};
  let isAlive = true;
  socket.on('pong', () => {
    isAlive = true;
  });
  const timer = setInterval(() => {
    if (!isAlive) {
      socket.terminate();
      return;
    }
    isAlive = false;
    socket.ping();
  }, HEARTBEAT_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * `GET /stream/{thread_id}` (WebSocket): the replay from `seq` 1, or after `after_seq`, then
 * live events; closes with 1000 after `end`. An unknown thread or a bad `after_seq` is
 * answered before the upgrade (404 / 400).
 */
export const streamRoutes = new Hono<AppEnv>().get(
  '/stream/:thread_id',
  async (c, next) => {
    const raw = c.req.query('after_seq');
    if (raw !== undefined && !/^\d{1,9}$/.test(raw))
      throw ApiError.invalid('after_seq', 'must be an integer >= 0');
    if (!(await c.var.runs.exists(c.req.param('thread_id')))) throw ApiError.notFound('thread');
    await next();
  },
  upgradeWebSocket((c) => {
    const threadId = c.req.param('thread_id') ?? '';
    const afterSeq = Number(c.req.query('after_seq') ?? 0);
    let stop: (() => void) | undefined;
    let isClosed = false;
    let heartbeat: (() => void) | undefined;
    // One span per stream session, joined to the caller's trace by its traceparent.
    const span = getTracer('spec-engine').startSpan(
      'spec-engine stream',
      { kind: SpanKind.SERVER, attributes: { 'thread.id': threadId, 'stream.after_seq': afterSeq } },
      extractTraceContext({
        traceparent: c.req.header('traceparent'),
        tracestate: c.req.header('tracestate'),
      }),
    );
    return {
      onOpen(_event, ws) {
        heartbeat = startHeartbeat(ws.raw as HeartbeatSocket | undefined);
        const follow = (c.var as AppEnv['Variables']).follow;
        follow(threadId, afterSeq, {
          send: (frame: string) => {
            if (isClosed) return;
            // A client that stops reading is dropped instead of buffered without bound; it can
            // reconnect with after_seq and lose nothing.
            const buffered = (ws.raw as { bufferedAmount?: number } | undefined)?.bufferedAmount ?? 0;
            if (buffered > MAX_BUFFERED) {
              isClosed = true;
              ws.close(1013, 'slow consumer: reconnect with after_seq');
              return;
            }
            ws.send(frame);
          },
          end: () => {
            if (!isClosed) ws.close(1000, 'end');
          },
          deleted: () => {
            if (!isClosed) ws.close(1000, 'thread deleted');
          },
        })
          .then((s: () => void) => {
            stop = s;
            if (isClosed) s();
          })
          .catch(() => {
            if (!isClosed) ws.close(1011, 'event log unavailable');
          });
      },
      onClose() {
        heartbeat?.();
        span.end();
        isClosed = true;
        stop?.();
      },
    };
  }),
);
