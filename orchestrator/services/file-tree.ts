import type { FileTree, SpecFile } from '../../common/events/index.js';
import type { FileRow } from '../db/drafts.js';

/** Path lists of a proposal against the draft. */
export interface TreeChanges {
  readonly added: string[];
  readonly modified: string[];
  readonly deleted: string[];
}

/** Splits text into lines without newlines (`\r\n` and `\n`); an empty text is no lines. */
export function toLines(content: string | readonly string[]): string[] {
  if (typeof content !== 'string') return [...content];
  if (content === '') return [];
  return content.split(/\r?\n/);
}

/** A file row in the engine's file shape. */
export function toSpecFile(row: FileRow): SpecFile {
  return {
    content: row.content,
    created_at: row.created_at.toISOString(),
    modified_at: row.modified_at.toISOString(),
  };
}

/** File rows as a tree keyed by path. */
export function toFileTree(rows: readonly FileRow[]): FileTree {
  const tree: Record<string, SpecFile> = {};
  for (const row of rows) tree[row.path] = toSpecFile(row);
  return tree;
}

function sameLines(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((line, i) => line === b[i]);
}

/** What applying `next` over `current` would add, modify (content differs) and delete. */
export function diffTrees(current: FileTree, next: FileTree): TreeChanges {
  const added: string[] = [];
  const modified: string[] = [];
  const deleted: string[] = [];
  for (const [path, file] of Object.entries(next)) {
    const before = current[path];
    if (!before) added.push(path);
    else if (!sameLines(before.content, file.content)) modified.push(path);
  }
  for (const path of Object.keys(current)) if (!(path in next)) deleted.push(path);
  return { added: added.sort(), modified: modified.sort(), deleted: deleted.sort() };
}
