import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { Hono } from 'hono';
import type WebSocket from 'ws';
import type { WebSocketServer } from 'ws';
import type { Sql } from '../../common/db/index.js';
import { lazyChild } from '../../common/observability/index.js';
import { extractTraceContext } from '../../common/observability/tracing.js';
import { bearerToken } from '../../common/http/bearer.js';
import { ApiError } from '../../common/http/errors.js';
import type { AppEnv } from '../contract/app-env.js';
import { verifySubject } from '../middleware/auth.js';
import type { RequestTracker } from '../middleware/request-context.js';
import { findProposalByThreadForUser } from '../services/proposals.js';
import type { TokenVerifier } from '../services/token-verifier.js';
import type { UserResolver } from '../services/users.js';
import type { RefinementProxy } from '../streaming/proxy.js';

/** The subprotocol a browser offers with its token (`Sec-WebSocket-Protocol: bearer, <jwt>`). */
const BEARER_PROTOCOL = 'bearer';

/** The route, as metrics and logs name it. */
const ROUTE = '/api/ws/refinements/:thread_id';

/** `/api/ws/refinements/{thread_id}[?query]`: the thread id (still encoded) and the query. */
const PATH = /^\/api\/ws\/refinements\/([^/?#]+)(?:\?([^#]*))?$/;

/** What the WebSocket route needs to decide whether a socket may watch a thread. */
interface WsAuthDeps {
  readonly sql: Sql;
  readonly verifyToken: TokenVerifier;
  readonly resolveUser: UserResolver;
  readonly allowedOrigins: readonly string[];
}

/** An authorized watcher: who, which run, and from where in its stream. */
interface SocketGrant {
  readonly userId: string;
  readonly subject: string;
  readonly workflowId: string;
  readonly proposalId: string;
  readonly afterSeq: number;
}

/** The request facts authorization reads (from a Hono request or a raw upgrade request). */
interface SocketRequest {
  readonly threadId: string;
  header(name: string): string | undefined;
  readonly afterSeq: string | undefined;
  readonly hasTokenInQuery: boolean;
}

/** The token from the `bearer, <token>` subprotocol list, if offered. */
function protocolToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const parts = header.split(',').map((p) => p.trim());
  const at = parts.indexOf(BEARER_PROTOCOL);
  return at >= 0 ? parts[at + 1] || undefined : undefined;
}

/** ws `handleProtocols`: select `bearer` when offered. */
export function selectBearerProtocol(protocols: Set<string>): string | false {
  return protocols.has(BEARER_PROTOCOL) ? BEARER_PROTOCOL : false;
}

/** True when `origin` names the host the request was sent to. */
function isSameHost(origin: string, host: string | undefined): boolean {
  if (!host) return false;
  try {
    return new URL(origin).host === host.toLowerCase();
  } catch {
    return false;
  }
}

/**
 * Decides whether the request may watch its thread: origin, token (header or subprotocol, never
 * the URL), ownership, the run still streaming, `after_seq`. Throws the refusal as an ApiError.
 */
async function authorizeSocket(deps: WsAuthDeps, request: SocketRequest): Promise<SocketGrant> {
  const origin = request.header('origin');
  // Browsers always send Origin; a page from another site must not ride on a user's token.
  // The console served by this orchestrator is same-origin (host compared, as TLS may end at a gateway).
  if (
    origin !== undefined &&
    !deps.allowedOrigins.includes(origin) &&
    !isSameHost(origin, request.header('host'))
  ) {
    throw new ApiError(403, 'origin_not_allowed', 'this origin is not allowed');
  }
  const token =
    bearerToken(request.header('authorization')) ?? protocolToken(request.header('sec-websocket-protocol'));
  if (!token) {
    // URLs end up in access logs and browser history: a token there is refused, not read.
    throw ApiError.unauthorized(
      request.hasTokenInQuery
        ? 'a token in the URL is not accepted: send it in the "bearer, <token>" subprotocol or the Authorization header'
        : 'a token is required ("bearer, <token>" subprotocol or Authorization header)',
    );
  }
  const subject = await verifySubject(deps.verifyToken, token);
  const userId = await deps.resolveUser(subject);
  const { threadId } = request;
  const proposal =
    // A NUL cannot be in any stored thread id (PostgreSQL text refuses it): no such thread.
    threadId.length > 0 && threadId.length <= 200 && !threadId.includes('\u0000')
      ? await findProposalByThreadForUser(deps.sql, threadId, userId)
      : undefined;
  if (!proposal) throw ApiError.notFound('thread');
  // A resolved (or cleaned up) run's engine thread is gone: nothing to stream, its result is kept.
  if (proposal.status === 'resolved' || proposal.cleanup_state !== 'none') {
    throw new ApiError(
      410,
      'run_resolved',
      `this run is ${proposal.status === 'resolved' ? 'resolved' : 'finished'} and its stream is gone; read GET /api/proposals/${proposal.id}`,
    );
  }
  const { afterSeq } = request;
  if (afterSeq !== undefined && !/^\d{1,9}$/.test(afterSeq)) {
    throw ApiError.invalid("'after_seq' must be an integer >= 0");
  }
  return {
    userId,
    subject,
    workflowId: proposal.workflow_id,
    proposalId: proposal.id,
    afterSeq: Number(afterSeq ?? 0),
  };
}

/** What the app passes a refused upgrade in its `env`: the refusal the upgrade path decided on. */
export interface UpgradeRefusalEnv {
  readonly refusal?: unknown;
}

/**
 * `GET /api/ws/refinements/{thread_id}` without an upgrade (426 once authorized), and the JSON
 * answer of every refused upgrade: {@link refinementUpgrades} hands its refusal over in `env`,
 * so refusals get the request id, metrics, logs and error bodies of every other route.
 */
export function wsRoutes(deps: WsAuthDeps) {
  return new Hono<AppEnv & { Bindings: UpgradeRefusalEnv | undefined }>().get(
    '/refinements/:thread_id',
    async (c) => {
      if (c.env?.refusal !== undefined) throw c.env.refusal;
      await authorizeSocket(deps, {
        threadId: c.req.param('thread_id'),
        header: (name) => c.req.header(name),
        afterSeq: c.req.query('after_seq'),
        hasTokenInQuery: c.req.query('token') !== undefined,
      });
      throw new ApiError(426, 'upgrade_required', 'this route only speaks WebSocket');
    },
  );
}

/** What the upgrade path needs. */
interface UpgradeDeps extends WsAuthDeps {
  readonly wss: WebSocketServer;
  readonly proxy: RefinementProxy;
  readonly requests: RequestTracker;
  /** Answers an upgrade the fast path does not take or refuses, through the app. */
  refuse(request: IncomingMessage, socket: Duplex, refusal?: unknown): void;
}

function headerOf(headers: IncomingHttpHeaders): (name: string) => string | undefined {
  return (name) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
}

/** The thread id of a refinement stream URL (decoded), and its query; undefined for any other URL. */
function parseStreamUrl(url: string | undefined): { threadId: string; query: URLSearchParams } | undefined {
  const match = url ? PATH.exec(url) : null;
  if (!match) return undefined;
  try {
    return { threadId: decodeURIComponent(match[1] as string), query: new URLSearchParams(match[2] ?? '') };
  } catch {
    return undefined;
  }
}

/**
 * The server's `upgrade` listener. A WebSocket upgrade of `/api/ws/refinements/{thread_id}` is
 * authorized and upgraded here, on the Node request, without a Fetch `Request` and the REST
 * middleware chain (set-up is most of a short stream's cost); everything else, refusals included,
 * is answered by the app.
 */
export function refinementUpgrades(deps: UpgradeDeps) {
  const requestIds = new WeakMap<IncomingMessage, string>();
  deps.wss.on('headers', (headers: string[], request: IncomingMessage) => {
    const id = requestIds.get(request);
    if (id) headers.push(`X-Request-Id: ${id}`);
  });
  const ignoreError = () => {};
  return async function onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    if (request.headers.upgrade?.toLowerCase() !== 'websocket') {
      socket.destroy();
      return;
    }
    const target = request.method === 'GET' ? parseStreamUrl(request.url) : undefined;
    if (!target) {
      deps.refuse(request, socket);
      return;
    }
    // A client that resets while we authorize must not crash the process (no listener yet).
    socket.on('error', ignoreError);
    const header = headerOf(request.headers);
    let grant: SocketGrant;
    try {
      grant = await authorizeSocket(deps, {
        threadId: target.threadId,
        header,
        afterSeq: target.query.get('after_seq') ?? undefined,
        hasTokenInQuery: target.query.has('token'),
      });
    } catch (refusal) {
      deps.refuse(request, socket, refusal);
      return;
    }
    if (socket.destroyed) return;
    const tracked = deps.requests.begin(header('x-request-id'));
    requestIds.set(request, tracked.requestId);
    const attach = (ws: WebSocket) => {
      const { threadId } = target;
      const log = lazyChild(tracked.log, {
        userId: grant.userId,
        workflowId: grant.workflowId,
        proposalId: grant.proposalId,
        threadId,
      });
      const parent = extractTraceContext({
        traceparent: header('traceparent'),
        tracestate: header('tracestate'),
      });
      const viewer = deps.proxy.attach(ws, { threadId, afterSeq: grant.afterSeq, log, parent });
      log.info({ afterSeq: grant.afterSeq }, 'refinement stream opened');
      ws.on('message', (data: Buffer, isBinary: boolean) => deps.proxy.receive(viewer, data, isBinary));
      ws.once('close', (code: number) => {
        deps.proxy.detach(viewer, code);
        log.info({ code }, 'refinement stream closed');
      });
    };
    deps.wss.handleUpgrade(request, socket, head, (ws: WebSocket) => {
      socket.off('error', ignoreError);
      tracked.end('GET', ROUTE, 101, grant.userId);
      try {
        attach(ws);
      } catch (error) {
        // Never an unhandled rejection of this listener (it would end the process).
        tracked.log.error({ err: error }, 'could not attach the refinement stream');
        ws.close(1011, 'internal error');
      }
    });
  };
}
