import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** One relative import: the importing file and the file it names, both relative to the root. */
export interface ImportEdge {
  readonly from: string;
  readonly to: string;
}

/** `import … from`, `export … from`, `import '…'` and `import('…')`, relative specifiers only. */
const SPECIFIERS = [
  /^\s*(?:import|export)\s(?:[^'"`;]*?\sfrom\s*)?['"](\.{1,2}\/[^'"]+)['"]/gm,
  /\bimport\s*\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g,
];

/** Block and line comments blanked out (a specifier inside one is no import). */
function withoutComments(text: string): string {
  // Only comments that open a line: `/*` inside a string (a glob) opens none.
  return text.replace(/^\s*\/\*[\s\S]*?\*\//gm, (c) => c.replace(/[^\n]/g, ' ')).replace(/^\s*\/\/.*$/gm, '');
}

/** Every `.ts`/`.tsx` file under `dir` (relative to `root`), skipping dependencies and build output. */
export function sourceFiles(root: string, dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = path.posix.join(rel, entry.name);
      if (entry.isDirectory()) {
        if (!['node_modules', 'dist', 'charts-out'].includes(entry.name)) walk(child);
      } else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        out.push(child);
      }
    }
  };
  walk(dir);
  return out;
}

/** The relative imports of `files` (relative to `root`), resolved to the files they name. */
export function importEdges(root: string, files: readonly string[]): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const from of files) {
    const text = withoutComments(readFileSync(path.join(root, from), 'utf8'));
    for (const pattern of SPECIFIERS) {
      for (const match of text.matchAll(pattern)) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(from), match[1]!));
        edges.push({ from, to: resolveSource(root, target) });
      }
    }
  }
  return edges;
}

/** The source file an ESM specifier names: `x.js` is `x.ts` or `x.tsx`; a directory its index. */
function resolveSource(root: string, target: string): string {
  const stem = target.replace(/\.js$/, '');
  for (const candidate of [`${stem}.ts`, `${stem}.tsx`, `${stem}/index.ts`]) {
    if (existsSync(path.join(root, candidate))) return candidate;
  }
  return target;
}

/** The directory a file is in: the unit the layering rules speak about. */
export function folderOf(file: string): string {
  return path.posix.dirname(file);
}

/**
 * Cycles between folders: each strongly connected component of more than one folder, as one
 * cycle through it with the file edge behind every arrow.
 */
export function folderCycles(edges: readonly ImportEdge[]): string[] {
  const graph = new Map<string, Map<string, ImportEdge>>();
  for (const edge of edges) {
    const [a, b] = [folderOf(edge.from), folderOf(edge.to)];
    if (a === b) continue;
    if (!graph.has(a)) graph.set(a, new Map());
    if (!graph.get(a)!.has(b)) graph.get(a)!.set(b, edge);
  }
  // Tarjan's algorithm, iterative enough for a repository's folder count.
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string) => {
    indices.set(v, index);
    low.set(v, index);
    index += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, indices.get(w)!));
      }
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) components.push(component);
    }
  };
  for (const v of [...graph.keys()].sort()) if (!indices.has(v)) visit(v);
  return components.map((component) => describeCycle(graph, new Set(component)));
}

/** A shortest cycle from the component's first folder back to itself, with its file edges. */
function describeCycle(graph: Map<string, Map<string, ImportEdge>>, component: Set<string>): string {
  const start = [...component].sort()[0]!;
  const previous = new Map<string, string>();
  const queue = [start];
  let last: string | undefined;
  while (queue.length > 0 && !last) {
    const v = queue.shift()!;
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!component.has(w)) continue;
      if (w === start) {
        last = v;
        break;
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  const folders = [start];
  for (let v = last!; v !== start; v = previous.get(v)!) folders.splice(1, 0, v);
  folders.push(start);
  const arrows = folders
    .slice(1)
    .map((to, i) => {
      const edge = graph.get(folders[i]!)!.get(to)!;
      return `  ${edge.from} → ${edge.to}`;
    })
    .join('\n');
  return `${folders.join(' → ')} (folders: ${[...component].sort().join(', ')})\n${arrows}`;
}
