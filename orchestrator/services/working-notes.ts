/**
 * Which files of a proposal are the specification and which are the agent's working notes.
 * A reviewer expects the spec: `/THE_SPEC/…`, `/THE_CAST/…`, `/definition.json`, and every
 * file the draft had when the refinement started (the user's own files, whatever their path). Anything else the
 * agent created (`/guardrail_assessment.md`, `/impact_assessment.md`, `/notes/…`) is a working
 * note: shown with the proposal, never applied to the draft.
 */

const SPEC_FOLDERS = ['/THE_SPEC/', '/THE_CAST/'];
const SPEC_FILES = new Set(['/definition.json']);

/** True for a path that belongs to the specification wherever it appears. */
function isSpecPath(path: string): boolean {
  return SPEC_FILES.has(path) || SPEC_FOLDERS.some((folder) => path.startsWith(folder));
}

/**
 * Splits the paths a proposal adds to the draft into spec files and working notes: a note is
 * outside the spec folders and was not among `basePaths`, the draft the agent was given
 * (null for proposals from before this split: no notes).
 */
export function splitAdded(
  added: readonly string[],
  basePaths: readonly string[] | null,
): { spec: string[]; notes: string[] } {
  const base = new Set(basePaths ?? []);
  const isNote = (path: string) => basePaths !== null && !isSpecPath(path) && !base.has(path);
  return { spec: added.filter((p) => !isNote(p)), notes: added.filter(isNote) };
}
