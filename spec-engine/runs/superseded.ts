/**
 * Thrown when a run's attempt lost its fencing token: the process was paused past its job's ack
 * wait and another worker took the run over as a newer attempt. The old attempt records nothing
 * and leaves the job alone (its delivery belongs to the newer attempt now).
 */
export class RunSupersededError extends Error {
  readonly code = 'run_superseded';
}
