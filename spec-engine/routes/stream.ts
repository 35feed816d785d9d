import { upgradeWebSocket } from '@hono/node-server';
import { Hono } from 'hono';
import { extractTraceContext, getTracer, SpanKind } from '../../common/observability/tracing.js';
import { StreamQuery } from '../contract/runs.js';
import { ApiError } from '../../common/http/errors.js';
import type { FrameSink } from '../events/follow.js';
import { issueField } from '../runs/invoke-request.js';
import type { RunService } from '../runs/service.js';

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

/** Follows a thread's events into a sink (replay, then live); resolves to a stop function. */
export type FollowThread = (threadId: string, afterSeq: number, sink: FrameSink) => Promise<() => void>;

/**
 * `GET /stream/{thread_id}` (WebSocket): the replay from `seq` 1, or after `after_seq`, then
 * live events; closes with 1000 after `end`. An unknown thread or a bad `after_seq` is
 * answered before the upgrade (404 / 400).
 */
export function streamRoutes(runs: RunService, follow: FollowThread) {
  return new Hono().get(
    '/stream/:thread_id',
    async (c, next) => {
      // The WebSocket route is documented by hand (document.ts); its query schema is shared.
      const query = StreamQuery.safeParse(c.req.query());
      const issue = query.error?.issues[0];
      if (issue) throw ApiError.invalid(`${issueField(issue)}: ${issue.message}`);
      if (!(await runs.exists(c.req.param('thread_id')))) throw ApiError.notFound('thread');
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
}
