/** A failed API call as the console shows it: the status, the stable error code and the server's message. */
export class ApiFailure extends Error {
  override readonly name = 'ApiFailure';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds from `Retry-After` (503 engine unavailable, breaker open). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  /** True when the Spec Engine cannot take work now and a retry later may succeed. */
  get isEngineUnavailable(): boolean {
    return this.status === 503;
  }
}

/** What a person reads for a failure: the server's message, plus what to do for the ones they will meet. */
export function describeFailure(error: unknown): string {
  if (!(error instanceof ApiFailure)) return error instanceof Error ? error.message : String(error);
  switch (error.code) {
    case 'breaker_open':
      return `The Spec Engine failed repeatedly, so requests are paused (circuit breaker open). ${error.message}`;
    case 'engine_unavailable':
      // The server's message ("…unreachable; please try again shortly") would say it twice, and the
      // retry is shown beside it.
      return 'The Spec Engine is unavailable right now.';
    case 'draft_changed':
      return `The draft changed since this refinement started, so it cannot be applied as is. ${error.message}`;
    case 'proposal_processing':
      return `The refinement is still running. ${error.message}`;
    case 'proposal_resolved':
      return `This proposal was already approved or rejected. ${error.message}`;
    case 'draft_too_large':
      // The server's message names the limit (WORKFLOW_DRAFT_MAX_BYTES) and the size it would be.
      return `The draft would be over its size limit, so nothing was changed. ${error.message}`;
    case 'database_unavailable':
      return 'The orchestrator cannot reach its database right now, so nothing was changed. Try again in a moment.';
    case 'payload_too_large':
      return `The draft is over its size limit. ${error.message}`;
    default:
      return error.message;
  }
}
