import { type ClientResponse, hc } from 'hono/client';
import type { AppType } from '../app.js';

/** A bearer token, or a function giving the current one (called before every request). */
export type TokenSource = string | (() => string | Promise<string>);

/** Options of {@link createOrchestratorClient}. */
export interface OrchestratorClientOptions {
  /** The orchestrator's origin, e.g. `https://ide.example.com` (no `/api`). */
  readonly baseUrl: string;
  /** Sent as `Authorization: Bearer <token>`; omit for public routes only. */
  readonly token?: TokenSource;
  /** A fetch implementation (tests pass `app.request`-backed ones); `globalThis.fetch` by default. */
  readonly fetch?: typeof fetch;
  /** Extra headers on every request (e.g. `traceparent`). */
  readonly headers?: Record<string, string>;
}

/** Resolves a {@link TokenSource}. */
export async function resolveToken(token: TokenSource | undefined): Promise<string | undefined> {
  return typeof token === 'function' ? token() : token;
}

/**
 * The typed REST client of the orchestrator's `/api` routes: every path, parameter, body and
 * answer is typed from the route declarations (`AppType`), so it cannot drift from the server.
 * @example
 * const api = createOrchestratorClient({ baseUrl: 'http://localhost:8080', token });
 * const workflow = await readOk(api.workflows.$post({ json: { name: 'welcome emails' } }));
 */
export function createOrchestratorClient(options: OrchestratorClientOptions) {
  const base = options.baseUrl.replace(/\/+$/, '');
  return hc<AppType>(`${base}/api`, {
    ...(options.fetch ? { fetch: options.fetch } : {}),
    headers: async () => {
      const token = await resolveToken(options.token);
      return { ...options.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) };
    },
  });
}

/** The client {@link createOrchestratorClient} returns. */
export type OrchestratorClient = ReturnType<typeof createOrchestratorClient>;

/** The `{"error": {"code", "message"}}` body every failure answers with. */
export interface ApiErrorBody {
  readonly error: { readonly code: string; readonly message: string };
}

/** A non-2xx answer: its status, the stable error `code` and the server's message. */
export class ApiClientError extends Error {
  override readonly name = 'ApiClientError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type SuccessStatus = 200 | 201 | 202 | 204;

/** The body type of the 2xx answers of a typed response union. */
export type OkBody<R> =
  R extends ClientResponse<infer T, infer S, infer _F>
    ? S extends SuccessStatus
      ? S extends 204
        ? undefined
        : T
      : never
    : never;

function isErrorBody(value: unknown): value is ApiErrorBody {
  const error = (value as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return typeof error?.code === 'string' && typeof error.message === 'string';
}

/**
 * Awaits a typed call and returns its 2xx body (undefined for 204); any other answer throws
 * {@link ApiClientError} with the server's `code` and message.
 * @example
 * const { workflows } = await readOk(api.workflows.$get({ query: {} }));
 */
export async function readOk<R extends ClientResponse<unknown, number, string>>(
  call: R | Promise<R>,
): Promise<OkBody<R>> {
  const response = await call;
  if (response.status === 204) return undefined as OkBody<R>;
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) return body as OkBody<R>;
  if (isErrorBody(body)) throw new ApiClientError(response.status, body.error.code, body.error.message);
  throw new ApiClientError(response.status, 'http_error', `HTTP ${response.status}`);
}

/**
 * The `path` parameter of `/workflows/{id}/draft/files/{path}` for an absolute file path:
 * the leading `/` dropped and each segment URL-encoded.
 * @example
 * api.workflows[':id'].draft.files[':path{.+}'].$put({ param: { id, path: draftFileParam('/a b.md') }, json })
 */
export function draftFileParam(path: string): string {
  return path.replace(/^\/+/, '').split('/').map(encodeURIComponent).join('/');
}
