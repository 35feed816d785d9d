import { diffArrays } from 'diff';
import type { FileTree } from '../../../common/events/index.js';

/** How a proposal changes one file of the draft. */
export type ChangeKind = 'added' | 'modified' | 'deleted';

/** One line of a file diff. */
export interface DiffLine {
  readonly kind: 'added' | 'removed' | 'context';
  readonly text: string;
  /** Line number in the draft (removed, context) or in the proposal (added). */
  readonly number: number;
}

/** The diff of one file between the draft and a proposal. */
export interface FileDiff {
  readonly path: string;
  readonly change: ChangeKind;
  readonly lines: readonly DiffLine[];
  readonly added: number;
  readonly removed: number;
  /** The draft changed this file too since the run started, differently: approving it answers 409. */
  readonly conflict: boolean;
}

/** The changed paths of a proposal, as the orchestrator reports them (`changes`). */
export interface TreeChanges {
  readonly added: readonly string[];
  readonly modified: readonly string[];
  readonly deleted: readonly string[];
  readonly conflicts: readonly string[];
}

function lineDiff(before: readonly string[], after: readonly string[]): DiffLine[] {
  const lines: DiffLine[] = [];
  let oldNo = 0;
  let newNo = 0;
  for (const part of diffArrays([...before], [...after])) {
    for (const text of part.value) {
      if (part.added) lines.push({ kind: 'added', text, number: ++newNo });
      else if (part.removed) lines.push({ kind: 'removed', text, number: ++oldNo });
      else {
        ++newNo;
        lines.push({ kind: 'context', text, number: ++oldNo });
      }
    }
  }
  return lines;
}

/**
 * The per-file diffs of a proposal against the draft, in path order. Paths come from the
 * orchestrator's `changes` (the contract says which files change); lines from jsdiff.
 */
export function diffProposal(draft: FileTree, proposed: FileTree, changes: TreeChanges): FileDiff[] {
  const kinds: [ChangeKind, readonly string[]][] = [
    ['added', changes.added],
    ['modified', changes.modified],
    ['deleted', changes.deleted],
  ];
  const diffs: FileDiff[] = [];
  for (const [change, paths] of kinds) {
    for (const path of paths) {
      const lines = lineDiff(
        draft[path]?.content ?? [],
        change === 'deleted' ? [] : (proposed[path]?.content ?? []),
      );
      diffs.push({
        path,
        change,
        lines,
        added: lines.filter((l) => l.kind === 'added').length,
        removed: lines.filter((l) => l.kind === 'removed').length,
        conflict: changes.conflicts.includes(path),
      });
    }
  }
  return diffs.sort((a, b) => a.path.localeCompare(b.path));
}

/** The files taken for approval: the person's own choices, else every file that does not conflict. */
export function takenPaths(diffs: readonly FileDiff[], choices: ReadonlyMap<string, boolean>): Set<string> {
  return new Set(diffs.filter((d) => choices.get(d.path) ?? !d.conflict).map((d) => d.path));
}

/** The paths to send with a partial approval: `undefined` (apply all) when every file is taken. */
export function approvalSelection(
  diffs: readonly FileDiff[],
  taken: ReadonlySet<string>,
): string[] | undefined {
  const paths = diffs.map((d) => d.path).filter((p) => taken.has(p));
  return paths.length === diffs.length ? undefined : paths;
}
