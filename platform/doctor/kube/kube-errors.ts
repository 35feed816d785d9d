/** Why a call to the Kubernetes API failed, as a stable code. */
export type KubeErrorCode =
  | 'unreachable'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'kind_not_served'
  | 'config'
  | 'http';

/** A failed Kubernetes API call or kubeconfig problem; `code` is part of the contract. */
export class KubeError extends Error {
  /** Stable reason code. */
  readonly code: KubeErrorCode;
  /** HTTP status, when the API server answered. */
  readonly status: number | undefined;
  readonly #fatal: boolean;

  constructor(
    code: KubeErrorCode,
    message: string,
    options: { status?: number; cause?: unknown; fatal?: boolean } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'KubeError';
    this.code = code;
    this.status = options.status;
    this.#fatal = options.fatal ?? false;
  }

  /** True when the cluster cannot be used at all (the CLI exits 2). */
  get isFatal(): boolean {
    return (
      this.#fatal || this.code === 'unreachable' || this.code === 'unauthorized' || this.code === 'config'
    );
  }
}

interface ApiExceptionLike {
  code: number;
  body: unknown;
}

function isApiException(error: unknown): error is ApiExceptionLike {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'number' &&
    'body' in error
  );
}

function statusMessage(body: unknown): string | undefined {
  if (typeof body === 'string') {
    try {
      return statusMessage(JSON.parse(body));
    } catch {
      return body.trim() || undefined;
    }
  }
  if (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { message?: unknown }).message === 'string'
  ) {
    return (body as { message: string }).message;
  }
  return undefined;
}

/** Names the network failure behind a fetch error (node-fetch puts the errno in `code`). */
function networkReason(error: Error): string {
  if (error.name === 'AbortError') return 'no answer within the request timeout';
  const code = (error as { code?: unknown }).code;
  const match = /reason: (.*)$/.exec(error.message);
  const reason = match?.[1] ?? error.message;
  return typeof code === 'string' && !reason.includes(code) ? `${code}: ${reason}` : reason;
}

/**
 * Turns whatever `@kubernetes/client-node` threw into a KubeError. `what` names the call for the
 * message (`list CustomResourceDefinitions`), `server` the API server URL for unreachable errors.
 */
export function toKubeError(error: unknown, what: string, server: string): KubeError {
  if (error instanceof KubeError) return error;
  if (isApiException(error)) {
    const detail = statusMessage(error.body) ?? `HTTP ${error.code}`;
    const status = error.code;
    if (status === 401) {
      // client-node drops the 401 body of typed calls, so the message cannot depend on it.
      return new KubeError(
        'unauthorized',
        `the API server at ${server} rejected our credentials (401 Unauthorized): renew the token or client certificate of the kubeconfig user`,
        {
          status,
          cause: error,
        },
      );
    }
    if (status === 403)
      return new KubeError('forbidden', `${what}: forbidden: ${detail}`, { status, cause: error });
    if (status === 404) return new KubeError('not_found', `${what}: ${detail}`, { status, cause: error });
    return new KubeError('http', `${what}: HTTP ${status}: ${detail}`, { status, cause: error });
  }
  if (error instanceof Error) {
    const unrecognized = /Unrecognized API version and kind: (.*)$/.exec(error.message);
    if (unrecognized) {
      return new KubeError('kind_not_served', `${unrecognized[1]} is not served by the cluster`, {
        cause: error,
      });
    }
    if (error.name === 'FetchError' || error.name === 'AbortError') {
      return new KubeError('unreachable', `cannot reach the cluster at ${server}: ${networkReason(error)}`, {
        cause: error,
      });
    }
    // Thrown by client-node before any request (TLS files, auth plugins, plain-HTTP guard).
    return new KubeError('config', `cannot use the cluster at ${server}: ${error.message}`, { cause: error });
  }
  return new KubeError('unreachable', `cannot reach the cluster at ${server}: ${String(error)}`, {
    cause: error,
  });
}
