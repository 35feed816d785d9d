import { context } from '@opentelemetry/api';
import WebSocket from 'ws';
import { injectTraceHeaders } from '../../common/observability/tracing.js';
import { type SpecEngineClient, SpecEngineError } from './spec-engine-client.js';
import { UpstreamTap } from './upstream-tap.js';

/** Where the engine's stream lives: `SPEC_ENGINE_URL` + `SPEC_ENGINE_PATH_PREFIX` and the token. */
export interface EngineTarget {
  readonly baseUrl: string;
  readonly pathPrefix: string;
  readonly token?: string | undefined;
  /** Largest frame accepted from the engine. */
  readonly maxFrameBytes: number;
  /** Handshake timeout per dial attempt. @default 10_000 */
  readonly handshakeTimeoutMs?: number;
}

/** The engine's `WS {prefix}/stream/{thread_id}` URL, with `after_seq` when resuming. */
function engineStreamUrl(target: EngineTarget, threadId: string, afterSeq: number): string {
  const base = target.baseUrl.replace(/^http/, 'ws');
  const query = afterSeq > 0 ? `?after_seq=${afterSeq}` : '';
  return `${base}${target.pathPrefix}/stream/${encodeURIComponent(threadId)}${query}`;
}

/** An open upstream socket and the tap that reads its frames (keeping early ones until started). */
export interface OpenedUpstream {
  readonly socket: WebSocket;
  readonly tap: UpstreamTap;
}

function dialOnce(target: EngineTarget, threadId: string, afterSeq: number): Promise<OpenedUpstream> {
  const headers: Record<string, string> = {};
  if (target.token) headers.authorization = `Bearer ${target.token}`;
  // The dial carries the active span's traceparent, so the engine's stream span joins the trace.
  injectTraceHeaders(headers, context.active());
  const timeoutMs = target.handshakeTimeoutMs ?? 10_000;
  return new Promise<OpenedUpstream>((resolve, reject) => {
    const socket = new WebSocket(engineStreamUrl(target, threadId, afterSeq), {
      headers,
      maxPayload: target.maxFrameBytes,
      handshakeTimeout: timeoutMs,
      perMessageDeflate: false,
    });
    const fail = (error: SpecEngineError) => {
      socket.removeAllListeners();
      socket.on('error', () => {});
      socket.terminate();
      reject(error);
    };
    socket.once('open', () => {
      socket.removeAllListeners('error');
      socket.removeAllListeners('unexpected-response');
      socket.on('error', () => {});
      // The engine replays at once: the tap keeps what arrives before the caller's reader starts.
      resolve({ socket, tap: new UpstreamTap(socket, target.maxFrameBytes) });
    });
    socket.once('unexpected-response', (_req, res) => {
      const status = res.statusCode ?? 0;
      res.resume();
      if (status >= 500) {
        fail(new SpecEngineError('engine_failed', `the Spec Engine stream failed (HTTP ${status})`, status));
      } else {
        const what = status === 404 ? 'does not know this thread' : `refused the stream (HTTP ${status})`;
        fail(new SpecEngineError('engine_rejected', `the Spec Engine ${what}`, status));
      }
    });
    socket.once('error', (error) => {
      fail(
        new SpecEngineError('engine_unavailable', 'the Spec Engine stream is unreachable', undefined, 5, {
          cause: error,
        }),
      );
    });
  });
}

/**
 * Opens the engine's stream for a thread through the client's retry policy and circuit
 * breaker: network failures, timeouts and 5xx are retried with backoff; a 404 (unknown
 * thread) or another 4xx is not. Rejects with a {@link SpecEngineError}.
 */
export function dialEngineStream(
  engine: SpecEngineClient,
  target: EngineTarget,
  threadId: string,
  afterSeq: number,
): Promise<OpenedUpstream> {
  return engine.connect('stream', () => dialOnce(target, threadId, afterSeq));
}
