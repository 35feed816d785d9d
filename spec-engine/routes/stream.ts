import { upgradeWebSocket } from '@hono/node-server';
import { Hono } from 'hono';
import { extractTraceContext, getTracer, SpanKind } from '../../common/observability/tracing.js';
import { StreamQuery } from '../contract/runs.js';
import { ApiError } from '../../common/http/errors.js';
import {
  CLOSE,
  exceedsSendBuffer,
  type PingableSocket,
  SocketLiveness,
} from '../../common/websocket/liveness.js';
import type { FrameSink } from '../events/follow.js';
import { issueField } from '../runs/invoke-request.js';
import type { RunService } from '../runs/service.js';

const MAX_BUFFERED = 16 * 1024 * 1024;
const HEARTBEAT_MS = 30_000;

/** A socket as the route uses it: `ws`'s, under Hono's wrapper. */
type RawSocket = PingableSocket & { readonly bufferedAmount: number };

/** Follows a thread's events into a sink (replay, then live); resolves to a stop function. */
export type FollowThread = (threadId: string, afterSeq: number, sink: FrameSink) => Promise<() => void>;

/**
 * `GET /stream/{thread_id}` (WebSocket): the replay from `seq` 1, or after `after_seq`, then
 * live events; closes with 1000 after `end`. An unknown thread or a bad `after_seq` is
 * answered before the upgrade (404 / 400).
 */
export function streamRoutes(runs: RunService, follow: FollowThread) {
  // One heartbeat timer for every follower: a vanished peer (half-open TCP) is dropped.
  const liveness = new SocketLiveness<RawSocket>({ intervalMs: HEARTBEAT_MS });
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
      let raw: RawSocket | undefined;
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
          raw = ws.raw as RawSocket | undefined;
          if (raw) liveness.add(raw, raw);
          follow(threadId, afterSeq, {
            send: (frame: string) => {
              if (isClosed) return;
              // A client that stops reading is dropped instead of buffered without bound; it can
              // reconnect with after_seq and lose nothing.
              // The frame's length in characters stands in for its bytes: a bound, not an account.
              if (exceedsSendBuffer(raw?.bufferedAmount ?? 0, frame.length, MAX_BUFFERED)) {
                isClosed = true;
                ws.close(CLOSE.tryAgainLater, 'slow consumer: reconnect with after_seq');
                return;
              }
              ws.send(frame);
            },
            end: () => {
              if (!isClosed) ws.close(CLOSE.normal, 'end');
            },
            deleted: () => {
              if (!isClosed) ws.close(CLOSE.normal, 'thread deleted');
            },
            // The client resumes with after_seq (the orchestrator's engine stream does).
            failed: () => {
              if (!isClosed) ws.close(CLOSE.internalError, 'event log unavailable');
            },
          })
            .then((s: () => void) => {
              stop = s;
              if (isClosed) s();
            })
            .catch(() => {
              if (!isClosed) ws.close(CLOSE.internalError, 'event log unavailable');
            });
        },
        onClose() {
          if (raw) liveness.remove(raw);
          span.end();
          isClosed = true;
          stop?.();
        },
      };
    }),
  );
}
