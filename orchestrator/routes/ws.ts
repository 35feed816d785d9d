import { upgradeWebSocket } from '@hono/node-server';
import { Hono, type MiddlewareHandler } from 'hono';
import type WebSocket from 'ws';
import type { Sql } from '../../common/db/index.js';
import { lazyChild } from '../../common/observability/index.js';
import { extractTraceContext } from '../../common/observability/tracing.js';
import { bearerToken } from '../../common/http/bearer.js';
import { ApiError } from '../../common/http/errors.js';
import type { AppEnv } from '../contract/app-env.js';
import { verifySubject } from '../middleware/auth.js';
import { findProposalByThreadForUser } from '../services/proposals.js';
import type { TokenVerifier } from '../services/token-verifier.js';
import type { UserResolver } from '../services/users.js';
import type { RefinementProxy } from '../streaming/proxy.js';
import type { Viewer } from '../streaming/viewer.js';

/** The subprotocol a browser offers with its token (`Sec-WebSocket-Protocol: bearer, <jwt>`). */
const BEARER_PROTOCOL = 'bearer';

/** What the WebSocket route needs. */
interface WsRouteDeps {
  readonly sql: Sql;
  readonly verifyToken: TokenVerifier;
  readonly resolveUser: UserResolver;
  readonly allowedOrigins: readonly string[];
  readonly proxy: RefinementProxy;
}

/** The token from the `bearer, <token>` subprotocol list, if offered. */
function protocolToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const parts = header.split(',').map((p) => p.trim());
  const at = parts.indexOf(BEARER_PROTOCOL);
  return at >= 0 ? parts[at + 1] || undefined : undefined;
}

/** ws `handleProtocols`: select `bearer` when offered (Hono drops the header otherwise). */
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

function authorizeSocket(deps: WsRouteDeps): MiddlewareHandler<AppEnv> {
  const allowed = new Set(deps.allowedOrigins);
  return async function authorizeRefinementSocket(c, next) {
    const origin = c.req.header('origin');
    // Browsers always send Origin; a page from another site must not ride on a user's token.
    // The console served by this orchestrator is same-origin (host compared, as TLS may end at a gateway).
    if (origin !== undefined && !allowed.has(origin) && !isSameHost(origin, c.req.header('host'))) {
      throw new ApiError(403, 'origin_not_allowed', 'this origin is not allowed');
    }
    const token =
      bearerToken(c.req.header('authorization')) ??
      protocolToken(c.req.header('sec-websocket-protocol')) ??
      c.req.query('token');
    if (!token) {
      throw ApiError.unauthorized(
        'a token is required (Authorization header, "bearer, <token>" subprotocol or ?token=)',
      );
    }
    const subject = await verifySubject(deps.verifyToken, token);
    const userId = await deps.resolveUser(subject);
    const threadId = c.req.param('thread_id') ?? '';
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
    const afterSeq = c.req.query('after_seq');
    if (afterSeq !== undefined && !/^\d{1,9}$/.test(afterSeq)) {
      throw ApiError.invalid("'after_seq' must be an integer >= 0");
    }
    if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
      throw new ApiError(426, 'upgrade_required', 'this route only speaks WebSocket');
    }
    c.set('user', { id: userId, subject });
    c.set(
      'logger',
      lazyChild(c.var.logger, {
        userId,
        workflowId: proposal.workflow_id,
        proposalId: proposal.id,
        threadId,
      }),
    );
    await next();
  };
}

/**
 * `GET /api/ws/refinements/{thread_id}`: authenticates (header, subprotocol or `?token=`)
 * and authorizes before the upgrade (401, 403 for a foreign Origin, 404 for a thread the
 * user does not own), then hands the socket to the proxy.
 */
export function wsRoutes(deps: WsRouteDeps) {
  return new Hono<AppEnv>().get(
    '/refinements/:thread_id',
    authorizeSocket(deps),
    upgradeWebSocket((c) => {
      const threadId = c.req.param('thread_id') ?? '';
      const afterSeq = Number(c.req.query('after_seq') ?? 0);
      const log = c.var.logger;
      const parent = extractTraceContext({
        traceparent: c.req.header('traceparent'),
        tracestate: c.req.header('tracestate'),
      });
      let viewer: Viewer | undefined;
      return {
        onOpen(_event, ws) {
          viewer = deps.proxy.attach(ws.raw as WebSocket, { threadId, afterSeq, log, parent });
          log.info({ afterSeq }, 'refinement stream opened');
        },
        onMessage(event) {
          if (!viewer) return;
          const data = event.data;
          const isBinary = typeof data !== 'string';
          const buffer = isBinary ? Buffer.from(data as ArrayBuffer) : Buffer.from(data, 'utf8');
          deps.proxy.receive(viewer, buffer, isBinary);
        },
        onClose(event) {
          if (!viewer) return;
          deps.proxy.detach(viewer, event.code);
          log.info({ code: event.code }, 'refinement stream closed');
        },
      };
    }),
  );
}
