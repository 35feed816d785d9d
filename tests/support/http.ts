import { checkOrchestratorAnswer } from '../../orchestrator/testing/contract.js';

/** An answer from a service: status, parsed JSON body (or text) and headers. */
export interface ApiResponse<T = unknown> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

/** A small JSON client bound to a base URL and (optionally) a bearer token. */
export interface ApiClient {
  get<T = Record<string, unknown>>(path: string): Promise<ApiResponse<T>>;
  post<T = Record<string, unknown>>(path: string, body?: unknown): Promise<ApiResponse<T>>;
  put<T = Record<string, unknown>>(path: string, body?: unknown): Promise<ApiResponse<T>>;
  delete<T = Record<string, unknown>>(path: string): Promise<ApiResponse<T>>;
}

/**
 * Creates an {@link ApiClient}; `extraHeaders` go on every request (e.g. `traceparent`). Every
 * JSON answer under `/api/` is checked against the orchestrator's OpenAPI document unless
 * `checkContract` is false (benchmarks).
 *
 * @example const alice = apiClient(orchestratorUrl, tokenFor('alice'))
 */
export function apiClient(
  baseUrl: string,
  token?: string,
  extraHeaders: Record<string, string> = {},
  options: { readonly checkContract?: boolean } = {},
): ApiClient {
  async function call<T>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...extraHeaders };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    // Orchestrator answers (the engine's paths are not under /api) must match its contract.
    const isJson = res.headers.get('content-type')?.startsWith('application/json');
    if ((options.checkContract ?? true) && isJson && path.startsWith('/api/')) {
      checkOrchestratorAnswer(method, path, res.status, parsed);
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }
  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body ?? {}),
    put: (path, body) => call('PUT', path, body ?? {}),
    delete: (path) => call('DELETE', path),
  };
}

/** Polls `read` until `done` holds for its value, or fails after `timeoutMs` naming the last value. */
export async function waitFor<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(last)}`);
}
