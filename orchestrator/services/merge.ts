import { createHash } from 'node:crypto';
import type { FileTree } from '../../common/events/index.js';
import type { Changes, ProposalChanges } from '../contract/proposals.js';
import { splitAdded } from './working-notes.js';

/**
 * Approve merges three ways by path: base (the draft when the refinement started, kept as
 * hashes), the proposal's files and the current draft. This module is that merge and its hash.
 */

/** Path → content hash of the draft as a refinement started (`proposals.base_hashes`). */
type BaseHashes = Readonly<Record<string, string>>;

/** sha256 (hex) of a file's content as stored, a JSON array of lines: the one hash of a file. */
function contentHash(lines: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify(lines)).digest('hex');
}

/** The hash of every file, by path. */
export function hashFiles(files: readonly { path: string; content: readonly string[] }[]): BaseHashes {
  return Object.fromEntries(files.map((file) => [file.path, contentHash(file.content)]));
}

/** What approving would do to the draft, by path, and the paths it conflicts on. */
export interface Merge {
  /** Spec changes against the current draft, conflicting ones included (and listed in `conflicts`). */
  readonly changes: ProposalChanges;
  /** The agent's working notes: shown, never applied. */
  readonly notes: string[];
}

/** A merge from a two-way diff (proposals without base hashes): nothing is known to conflict. */
export function twoWayMerge(diff: Changes, basePaths: readonly string[] | null): Merge {
  const { spec, notes } = splitAdded(diff.added, basePaths);
  return { changes: { ...diff, added: spec, conflicts: [] }, notes };
}

/**
 * The proposal's changes since base (a path whose hash differs, or that appeared or went away),
 * as they would apply to `draft`. A path the draft already holds as the proposal does is left
 * out; one the draft also changed since base, to something else, is a conflict. Paths the
 * draft changed and the proposal did not never appear: approving keeps them as they are.
 */
export function threeWayMerge(
  base: BaseHashes,
  draft: FileTree,
  proposal: FileTree,
  basePaths: readonly string[] | null,
): Merge {
  const hashOf = (tree: FileTree, path: string) => {
    const file = tree[path];
    return file ? contentHash(file.content) : undefined;
  };
  // Notes are what the agent created for itself, whatever the draft did meanwhile.
  const { notes } = splitAdded(
    Object.keys(proposal).filter((path) => !(path in base)),
    basePaths ?? Object.keys(base),
  );
  const skip = new Set(notes);
  const added: string[] = [];
  const modified: string[] = [];
  const deleted: string[] = [];
  const conflicts: string[] = [];
  for (const path of new Set([...Object.keys(base), ...Object.keys(proposal)])) {
    if (skip.has(path)) continue;
    const theirs = hashOf(proposal, path);
    if (theirs === base[path]) continue;
    const ours = hashOf(draft, path);
    if (ours === theirs) continue;
    if (ours !== base[path]) conflicts.push(path);
    if (theirs === undefined) deleted.push(path);
    else if (ours === undefined) added.push(path);
    else modified.push(path);
  }
  return {
    changes: {
      added: added.sort(),
      modified: modified.sort(),
      deleted: deleted.sort(),
      conflicts: conflicts.sort(),
    },
    notes: notes.sort(),
  };
}
