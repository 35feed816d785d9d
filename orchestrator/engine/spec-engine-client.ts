import {
  BrokenCircuitError,
  ConsecutiveBreaker,
  circuitBreaker,
  ExponentialBackoff,
  handleWhen,
  IsolatedCircuitError,
  retry,
  wrap,
} from 'cockatiel';
import type { ErrorBody } from '../../common/http/errors.js';
import { SpecEngineError } from './spec-engine-errors.js';

export { SpecEngineError } from './spec-engine-errors.js';
export type { SpecEngineErrorCode } from './spec-engine-errors.js';

/** Body of `POST {prefix}/invoke` (DESIGN §3.2). */
export interface InvokeRequest {
  readonly job_id: string;
  readonly trace_id?: string;
  readonly agent_definition: unknown;
  readonly input_payload: Record<string, unknown>;
}

/** What `invoke` answers. */
interface InvokeResult {
  readonly thread_id: string;
  readonly status: string;
}

/** `GET {prefix}/state/{thread_id}` (DESIGN §3.2). */
interface EngineState {
  readonly thread_id: string;
  readonly status: 'queued' | 'running' | 'completed' | 'failed' | string;
  readonly generated_files?: unknown;
  readonly result?: unknown;
  readonly error?: unknown;
  readonly last_seq?: number;
  /** Tokens of the run so far (newer engines). */
  readonly usage?: unknown;
}

/** Circuit breaker state, observable by metrics and the WebSocket proxy. */
export type BreakerState = 'closed' | 'open' | 'half_open' | 'isolated';

/** One finished engine call, for metrics. */
export interface EngineCallObservation {
  readonly endpoint: 'invoke' | 'state' | 'delete' | 'stream';
  readonly result: 'ok' | 'not_found' | 'rejected' | 'failed' | 'unavailable' | 'breaker_open';
  readonly seconds: number;
}

/** Options of {@link createSpecEngineClient}. */
export interface SpecEngineClientOptions {
  /** `SPEC_ENGINE_URL`, without a trailing slash. */
  readonly baseUrl: string;
  /** `SPEC_ENGINE_PATH_PREFIX`, e.g. `/spec-engine`. */
  readonly pathPrefix: string;
  /** `SPEC_ENGINE_TOKEN`, sent as a bearer token when set. */
  readonly token?: string | undefined;
  /** Per-attempt timeout. @default 10_000 */
  readonly timeoutMs?: number;
  /** Attempts per call, first included. @default 4 */
  readonly maxAttempts?: number;
  /** First backoff delay; later ones grow exponentially with jitter. @default 200 */
  readonly initialDelayMs?: number;
  /** @default 5_000 */
  readonly maxDelayMs?: number;
  /** Consecutive failures that open the breaker ("more than 5"). @default 6 */
  readonly breakerThreshold?: number;
  /** Open → half-open delay. @default 30_000 */
  readonly halfOpenAfterMs?: number;
  /** Adds headers to every request (e.g. W3C `traceparent`). */
  readonly decorateHeaders?: (headers: Headers, endpoint: EngineCallObservation['endpoint']) => void;
  /** Called after every call with its outcome. */
  readonly onCall?: (observation: EngineCallObservation) => void;
}

/** The Spec Engine's HTTP API as the orchestrator uses it. */
export interface SpecEngineClient {
  /** Starts (or, for a known `job_id`, re-acknowledges) a run. Retries reuse the job id. */
  invoke(request: InvokeRequest): Promise<InvokeResult>;
  /** A thread's state, or undefined when the engine does not know it (404). */
  getState(threadId: string): Promise<EngineState | undefined>;
  /** Deletes a thread's checkpoints and events; false when it was already gone (404). */
  deleteThread(threadId: string): Promise<boolean>;
  /**
   * Runs one attempt of a non-HTTP call (the stream WebSocket dial) through the same retry
   * policy and breaker; `attempt` throws a {@link SpecEngineError} (transient ones are retried).
   */
  connect<T>(endpoint: 'stream', attempt: () => Promise<T>): Promise<T>;
  /**
   * True when the engine answers `GET /ready` with 200 (at `SPEC_ENGINE_URL`, outside the
   * prefix). Outside the retry policy and the breaker: a probe, not a call.
   */
  isReady(): Promise<boolean>;
  /** The breaker's state now. */
  breakerState(): BreakerState;
  /** Calls `listener` on every breaker transition; returns an unsubscribe function. */
  onBreakerStateChange(listener: (state: BreakerState) => void): () => void;
  /** Seconds a caller should wait before retrying while the breaker is open. */
  readonly retryAfterSeconds: number;
}

const STATES: readonly BreakerState[] = ['closed', 'open', 'half_open', 'isolated'];

/** Seconds suggested to clients when the engine is down but the breaker is still closed. */
const UNAVAILABLE_RETRY_AFTER_S = 5;

/**
 * The reason an engine error answer gives: the message of the shared error body
 * (`{error: {code, message}}`, common/http/errors.ts), or an older runtime's `detail`, or the text.
 */
async function readDetail(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as Partial<ErrorBody> & { detail?: unknown };
    const detail = body.error?.message ?? body.detail;
    if (typeof detail === 'string') return detail.slice(0, 300);
  } catch {
    // Not JSON: fall through to the raw text.
  }
  return text.slice(0, 300);
}

/**
 * Creates the Spec Engine client: every attempt has a timeout (`AbortSignal`), transient
 * failures (network, timeout, 5xx) are retried with exponential backoff and jitter and
 * counted by a cockatiel circuit breaker (opens after more than 5 consecutive failures,
 * half-open after 30 s). An engine 4xx is never retried.
 */
export function createSpecEngineClient(options: SpecEngineClientOptions): SpecEngineClient {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const halfOpenAfter = options.halfOpenAfterMs ?? 30_000;
  const breaker = circuitBreaker(
    handleWhen((e) => e instanceof SpecEngineError && e.isTransient),
    { halfOpenAfter, breaker: new ConsecutiveBreaker(options.breakerThreshold ?? 6) },
  );
  const retryPolicy = retry(
    handleWhen((e) => e instanceof SpecEngineError && e.isTransient),
    {
      maxAttempts: (options.maxAttempts ?? 4) - 1,
      backoff: new ExponentialBackoff({
        initialDelay: options.initialDelayMs ?? 200,
        maxDelay: options.maxDelayMs ?? 5_000,
      }),
    },
  );
  // Retry outside the breaker: every attempt is counted, and an open breaker stops retrying.
  const policy = wrap(retryPolicy, breaker);
  const retryAfterSeconds = Math.ceil(halfOpenAfter / 1000);
  const base = `${options.baseUrl}${options.pathPrefix}`;

  async function attempt(
    endpoint: EngineCallObservation['endpoint'],
    method: string,
    path: string,
    body?: unknown,
  ): Promise<Response> {
    const headers = new Headers({ accept: 'application/json' });
    if (body !== undefined) headers.set('content-type', 'application/json');
    if (options.token) headers.set('authorization', `Bearer ${options.token}`);
    options.decorateHeaders?.(headers, endpoint);
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      throw new SpecEngineError(
        'engine_unavailable',
        timedOut ? `the Spec Engine did not answer within ${timeoutMs} ms` : 'the Spec Engine is unreachable',
        undefined,
        UNAVAILABLE_RETRY_AFTER_S,
        { cause: error },
      );
    }
    if (response.status >= 500) {
      // A 5xx body may carry the engine's internals: it is kept for logs, never shown to users.
      const detail = await readDetail(response);
      throw new SpecEngineError(
        'engine_failed',
        `the Spec Engine failed (HTTP ${response.status})`,
        response.status,
        undefined,
        detail ? { cause: new Error(detail) } : undefined,
      );
    }
    return response;
  }

  async function call(
    endpoint: EngineCallObservation['endpoint'],
    method: string,
    path: string,
    body?: unknown,
  ): Promise<Response> {
    return guarded(
      endpoint,
      () => attempt(endpoint, method, path, body),
      (response) => (response.status === 404 ? 'not_found' : response.status >= 400 ? 'rejected' : 'ok'),
    );
  }

  async function guarded<T>(
    endpoint: EngineCallObservation['endpoint'],
    run: () => Promise<T>,
    classify: (value: T) => EngineCallObservation['result'],
  ): Promise<T> {
    const started = performance.now();
    let result: EngineCallObservation['result'] = 'ok';
    try {
      const value = await policy.execute(run);
      result = classify(value);
      return value;
    } catch (error) {
      if (error instanceof BrokenCircuitError || error instanceof IsolatedCircuitError) {
        result = 'breaker_open';
        throw new SpecEngineError(
          'breaker_open',
          'the Spec Engine is failing; requests are paused for a moment, try again shortly',
          undefined,
          retryAfterSeconds,
          { cause: error },
        );
      }
      result =
        error instanceof SpecEngineError && error.code === 'engine_failed'
          ? 'failed'
          : error instanceof SpecEngineError && error.code === 'engine_rejected'
            ? error.engineStatus === 404
              ? 'not_found'
              : 'rejected'
            : 'unavailable';
      throw error;
    } finally {
      options.onCall?.({ endpoint, result, seconds: (performance.now() - started) / 1000 });
    }
  }

  async function rejected(response: Response, what: string): Promise<SpecEngineError> {
    const detail = await readDetail(response);
    return new SpecEngineError(
      'engine_rejected',
      `the Spec Engine rejected the ${what} (HTTP ${response.status})${detail ? `: ${detail}` : ''}`,
      response.status,
    );
  }

  return {
    retryAfterSeconds,
    async invoke(request) {
      const response = await call('invoke', 'POST', '/invoke', request);
      if (!response.ok) throw await rejected(response, 'refinement');
      const body = (await response.json().catch(() => ({}))) as Partial<InvokeResult>;
      if (typeof body.thread_id !== 'string' || body.thread_id === '' || body.thread_id.length > 200) {
        throw new SpecEngineError(
          'engine_failed',
          'the Spec Engine answered invoke without a valid thread_id',
        );
      }
      return { thread_id: body.thread_id, status: String(body.status ?? 'started') };
    },
    async getState(threadId) {
      const response = await call('state', 'GET', `/state/${encodeURIComponent(threadId)}`);
      if (response.status === 404) {
        await response.body?.cancel();
        return undefined;
      }
      if (!response.ok) throw await rejected(response, 'state request');
      return (await response.json()) as EngineState;
    },
    async deleteThread(threadId) {
      const response = await call('delete', 'DELETE', `/threads/${encodeURIComponent(threadId)}`);
      if (response.status !== 404 && !response.ok) throw await rejected(response, 'thread deletion');
      await response.body?.cancel();
      return response.status !== 404;
    },
    connect: (endpoint, run) => guarded(endpoint, run, () => 'ok'),
    async isReady() {
      try {
        const response = await fetch(`${options.baseUrl}/ready`, { signal: AbortSignal.timeout(timeoutMs) });
        await response.body?.cancel();
        return response.status === 200;
      } catch {
        return false;
      }
    },
    breakerState: () => STATES[breaker.state] ?? 'closed',
    onBreakerStateChange(listener) {
      const subscription = breaker.onStateChange((state) => listener(STATES[state] ?? 'closed'));
      return () => subscription.dispose();
    },
  };
}
