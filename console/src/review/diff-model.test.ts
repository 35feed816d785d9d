import { describe, expect, it } from 'vitest';
import { approvalSelection, diffProposal, takenPaths } from './diff-model.js';

const T = '2026-01-01T00:00:00.000Z';
const file = (...content: string[]) => ({ content, created_at: T, modified_at: T });

const DRAFT = { '/plan.md': file('# Plan', 'old step', 'end'), '/gone.md': file('bye') };
const PROPOSED = { '/plan.md': file('# Plan', 'new step', 'end'), '/new.md': file('hello', 'world') };
const CHANGES = { added: ['/new.md'], modified: ['/plan.md'], deleted: ['/gone.md'], conflicts: [] };

describe('the proposal diff model', () => {
  it('gives each changed file its kind and line diff, in path order', () => {
    const diffs = diffProposal(DRAFT, PROPOSED, CHANGES);
    expect(diffs.map((d) => [d.path, d.change, d.added, d.removed])).toEqual([
      ['/gone.md', 'deleted', 0, 1],
      ['/new.md', 'added', 2, 0],
      ['/plan.md', 'modified', 1, 1],
    ]);
    expect(diffs[2]!.lines).toEqual([
      { kind: 'context', text: '# Plan', number: 1 },
      { kind: 'removed', text: 'old step', number: 2 },
      { kind: 'added', text: 'new step', number: 2 },
      { kind: 'context', text: 'end', number: 3 },
    ]);
  });

  it('approves everything without a file list, and only the checked files otherwise', () => {
    const diffs = diffProposal(DRAFT, PROPOSED, CHANGES);
    expect(approvalSelection(diffs, new Set(['/gone.md', '/new.md', '/plan.md']))).toBeUndefined();
    expect(approvalSelection(diffs, new Set(['/new.md']))).toEqual(['/new.md']);
    expect(approvalSelection(diffs, new Set())).toEqual([]);
  });

  it('marks conflicting files and does not take them unless the person ticks them', () => {
    const diffs = diffProposal(DRAFT, PROPOSED, { ...CHANGES, conflicts: ['/plan.md'] });
    expect(diffs.map((d) => [d.path, d.conflict])).toEqual([
      ['/gone.md', false],
      ['/new.md', false],
      ['/plan.md', true],
    ]);
    expect([...takenPaths(diffs, new Map())]).toEqual(['/gone.md', '/new.md']);
    expect([
      ...takenPaths(
        diffs,
        new Map([
          ['/plan.md', true],
          ['/new.md', false],
        ]),
      ),
    ]).toEqual(['/gone.md', '/plan.md']);
  });
});
