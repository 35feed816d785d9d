/**
 * The reason to abort a run when this process shuts down: the run is not recorded as failed
 * but left to resume (a redelivered NATS job, or the next start in process mode).
 */
export class RunInterruptedError extends Error {
  readonly code = 'run_interrupted';
}
