import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { folderCycles, importEdges, sourceFiles } from './import-graph.js';

describe('import graph', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'import-graph-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  write(
    'app/a.ts',
    [
      "import { b } from '../lib/b.js';",
      "import type {\n  C,\n} from '../lib/c.js';",
      "export { d } from './d.js';",
      "export * from './e.js';",
      "import './side.js';",
      "const lazy = () => import('../lib/lazy.js');",
      "// import { no } from './commented.js';",
      "import { pkg } from 'some-package';",
    ].join('\n'),
  );
  write('app/view.tsx', "import { a } from './a.js';");
  write('lib/b.ts', "import { view } from '../app/view.js';");
  write('lib/c.ts', '');

  it('reads static, type, re-export, side-effect and dynamic relative imports, not comments or packages', () => {
    const edges = importEdges(root, ['app/a.ts']);
    expect(edges.map((e) => e.to)).toEqual([
      'lib/b.ts',
      'lib/c.ts',
      'app/d.js',
      'app/e.js',
      'app/side.js',
      'lib/lazy.js',
    ]);
  });

  it('finds .tsx files and names the file edges of a cycle between folders', () => {
    const files = [...sourceFiles(root, 'app'), ...sourceFiles(root, 'lib')].sort();
    expect(files).toEqual(['app/a.ts', 'app/view.tsx', 'lib/b.ts', 'lib/c.ts']);
    expect(folderCycles(importEdges(root, files))).toEqual([
      'app → lib → app (folders: app, lib)\n  app/a.ts → lib/b.ts\n  lib/b.ts → app/view.tsx',
    ]);
    expect(folderCycles(importEdges(root, ['app/a.ts', 'lib/c.ts']))).toEqual([]);
  });
});
