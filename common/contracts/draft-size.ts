/**
 * How large a workflow draft may grow, and what that means for the Spec Engine's invoke body:
 * the one home of both numbers, so a draft the orchestrator accepted always fits in a refinement.
 */

/** `WORKFLOW_DRAFT_MAX_BYTES` default and ceiling: 8 MiB of files, counted as they travel (JSON). */
export const DRAFT_MAX_BYTES = 8 * 1024 * 1024;

/** Longest refinement `instructions` (and `context_selection`), in characters. */
export const MAX_INSTRUCTIONS_LENGTH = 100_000;

/** JSON needs at most 6 bytes for one UTF-16 code unit (`\u001f`). */
const JSON_BYTES_PER_CHAR = 6;

/** The invoke body besides files and texts: agent definition, ids, keys (measured ~20 KiB). */
const ENVELOPE_BYTES = 1024 * 1024;

/**
 * Largest `POST /invoke` body the Spec Engine accepts: the largest draft plus the worst-case
 * JSON of the instructions (sent twice, as the message and as `instructions`), the context
 * selection and the envelope. Larger than any refinement of an accepted draft.
 */
export const INVOKE_MAX_BYTES =
  DRAFT_MAX_BYTES + 3 * MAX_INSTRUCTIONS_LENGTH * JSON_BYTES_PER_CHAR + ENVELOPE_BYTES;

/** Bytes a draft file adds besides its path and content (`{"content":…,"created_at":…,"modified_at":…}`). */
export const FILE_OVERHEAD_BYTES = 96;

/**
 * `WORKFLOW_DRAFT_MAX_BYTES` from `env`: the draft limit, at most {@link DRAFT_MAX_BYTES} (the
 * engine's invoke limit is derived from that ceiling). Throws naming the variable.
 */
export function draftMaxBytesFrom(env: NodeJS.ProcessEnv): number {
  const raw = env.WORKFLOW_DRAFT_MAX_BYTES?.trim();
  if (!raw) return DRAFT_MAX_BYTES;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1024 || value > DRAFT_MAX_BYTES) {
    throw new Error(
      `WORKFLOW_DRAFT_MAX_BYTES '${raw}' must be an integer between 1024 and ${DRAFT_MAX_BYTES} (8 MiB)`,
    );
  }
  return value;
}
