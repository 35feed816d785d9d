import { ApiError } from '../../common/http/errors.js';

/** 409 `draft_changed`: the draft and a proposal changed these paths differently (also in the body). */
export function draftConflict(paths: readonly string[]): ApiError {
  const error = ApiError.conflict(
    'draft_changed',
    `the draft changed since this proposal was started, and these files were changed differently by both: ${paths.join(', ')}; approve the other files alone, or reject it and start a new refinement`,
  );
  error.conflicts = [...paths];
  return error;
}

/** 413: the workflow's draft would exceed `WORKFLOW_DRAFT_MAX_BYTES`; names the limit and the size. */
export function draftTooLarge(sizeBytes: number, maxBytes: number): ApiError {
  return new ApiError(
    413,
    'draft_too_large',
    `the draft would be ${sizeBytes} bytes; WORKFLOW_DRAFT_MAX_BYTES allows at most ${maxBytes} bytes in all files together`,
  );
}
