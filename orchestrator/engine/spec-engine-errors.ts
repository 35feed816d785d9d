/** Stable codes of Spec Engine client failures (part of the contract; do not rename). */
export type SpecEngineErrorCode = 'engine_unavailable' | 'breaker_open' | 'engine_rejected' | 'engine_failed';

/** A failed Spec Engine call, typed by what the caller should do about it. */
export class SpecEngineError extends Error {
  override readonly name = 'SpecEngineError';
  constructor(
    readonly code: SpecEngineErrorCode,
    message: string,
    /** HTTP status the engine answered with, when it answered. */
    readonly engineStatus?: number,
    /** Seconds after which trying again makes sense (unavailable, breaker open). */
    readonly retryAfterSeconds?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  /** True for failures that say the engine is unhealthy (network, timeout, 5xx): counted by the breaker and retried. */
  get isTransient(): boolean {
    return this.code === 'engine_unavailable' || this.code === 'engine_failed';
  }
}
