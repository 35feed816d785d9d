import type { Logger } from '../../common/observability/index.js';

/** The authenticated caller, set by the auth middleware. */
interface AuthUser {
  /** Our user id (uuid), created on first sight of the token's `sub`. */
  readonly id: string;
  /** The token's `sub`. */
  readonly subject: string;
}

/** Hono environment of the orchestrator app: what middleware puts on the context. */
export interface AppEnv {
  Variables: {
    /** Request-scoped logger carrying the request id. */
    logger: Logger;
    requestId: string;
    /** Set by the auth middleware on every `/api` route that needs a token. */
    user: AuthUser;
  };
}
