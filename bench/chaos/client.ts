import type { Random } from './random.js';

/** An answer from an orchestrator replica. */
export interface Answer<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
}

/** Calls the orchestrator API on any live replica, the way a load balancer in front of them would. */
export interface ReplicaClient {
  /** Retries on other replicas while the answer is a network error, 502 or 503, until `deadline`. */
  call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<Answer<T>>;
  /** One call on one replica, no retry (network errors answer status 0). */
  once<T = Record<string, unknown>>(
    replica: number,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<Answer<T>>;
}

/** Creates a {@link ReplicaClient} for `urls` with the user's bearer token. */
export function replicaClient(
  urls: () => readonly string[],
  token: string,
  rng: Random,
  deadline: number,
): ReplicaClient {
  const once = async <T>(
    replica: number,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<Answer<T>> => {
    try {
      const res = await fetch(`${urls()[replica]}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(15_000),
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : {}) as T };
    } catch {
      return { status: 0, body: {} as T };
    }
  };
  return {
    once,
    async call<T>(method: string, path: string, body?: unknown) {
      let answer: Answer<T> = { status: 0, body: {} as T };
      while (Date.now() < deadline) {
        answer = await once<T>(rng.int(0, urls().length - 1), method, path, body);
        if (![0, 502, 503].includes(answer.status)) return answer;
        await new Promise((r) => setTimeout(r, 250));
      }
      return answer;
    },
  };
}
