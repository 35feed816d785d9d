/**
 * The import graph of the product code (tests excluded) keeps its layers: no cycle between
 * folders, `common` imports no product, the query layer imports nothing above it, routes run no SQL.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { folderCycles, type ImportEdge, importEdges, sourceFiles } from '../common/testing/import-graph.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PRODUCT_FOLDERS = ['common', 'orchestrator', 'spec-engine', 'platform', 'console'];
const files = PRODUCT_FOLDERS.flatMap((folder) => sourceFiles(root, folder)).filter(
  (file) => !/\.test\.tsx?$/.test(file),
);
const edges = importEdges(root, files);

/** An arrow the layering forbids: importers matching `from` may not import files matching `to`. */
const FORBIDDEN: readonly { rule: string; from: RegExp; to: RegExp }[] = [
  {
    rule: 'common/ imports no product code',
    from: /^common\//,
    to: /^(platform|orchestrator|spec-engine|console)\//,
  },
  {
    rule: 'orchestrator/db/ (every query) imports nothing above it',
    from: /^orchestrator\/db\//,
    to: /^orchestrator\/(services|routes|streaming|finalizer|engine)\//,
  },
  { rule: 'orchestrator routes run no SQL', from: /^orchestrator\/routes\//, to: /^orchestrator\/db\// },
  {
    rule: 'Spec Engine routes run no SQL',
    from: /^spec-engine\/routes\//,
    to: /^(spec-engine\/db|common\/db)\//,
  },
];

const show = (list: readonly ImportEdge[]) => list.map((e) => `${e.from} → ${e.to}`).join('\n');

describe('architecture', () => {
  it('scans the product code', () => {
    // A scanner that found nothing would pass every rule below.
    expect(files.length).toBeGreaterThan(300);
    expect(edges.length).toBeGreaterThan(1000);
  });

  it('has no import cycle between folders', () => {
    expect(folderCycles(edges).join('\n\n')).toBe('');
  });

  it.each(FORBIDDEN)('$rule', ({ from, to }) => {
    expect(show(edges.filter((e) => from.test(e.from) && to.test(e.to)))).toBe('');
  });
});
