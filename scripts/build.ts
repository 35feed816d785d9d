/**
 * Compiles the two services for production images: `dist/` gets the JavaScript of every
 * folder in `tsconfig.build.json` and, next to it, the non-TypeScript files the code reads at
 * run time (SQL migrations, prompts, schemas), so `node dist/orchestrator/main.js` runs alone.
 *
 * @example npm run build
 */
import { spawnSync } from 'node:child_process';
import { cp, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = 'dist';
// Never shipped: tests, their data and the vitest-only helpers.
const SKIPPED_DIRS = new Set(['node_modules', 'testdata', 'testing', '__snapshots__']);

/** True for a file the compiled code may read at run time (everything except sources and tests). */
export function isRuntimeAsset(name: string): boolean {
  return !name.endsWith('.ts') && name !== 'README.md' && name !== 'tsconfig.json';
}

/** Lists the run-time assets under `dir` (relative to the repository root), recursively. */
export async function listRuntimeAssets(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(path.join(repoRoot, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) found.push(...(await listRuntimeAssets(rel)));
    } else if (entry.isFile() && isRuntimeAsset(entry.name)) {
      found.push(rel);
    }
  }
  return found;
}

/** The source folders `tsconfig.build.json` compiles. */
export async function buildRoots(): Promise<string[]> {
  const config = JSON.parse(await readFile(path.join(repoRoot, 'tsconfig.build.json'), 'utf8')) as {
    include: string[];
  };
  return config.include;
}

async function main(): Promise<void> {
  await rm(path.join(repoRoot, OUT_DIR), { recursive: true, force: true });
  const tsc = spawnSync(
    process.execPath,
    [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    { cwd: repoRoot, stdio: 'inherit' },
  );
  if (tsc.status !== 0) {
    console.error(`build: tsc failed (exit ${tsc.status ?? tsc.signal})`);
    process.exit(1);
  }
  let copied = 0;
  for (const root of await buildRoots()) {
    for (const asset of await listRuntimeAssets(root)) {
      await cp(path.join(repoRoot, asset), path.join(repoRoot, OUT_DIR, asset));
      copied++;
    }
  }
  console.log(`build: compiled into ${OUT_DIR}/ and copied ${copied} run-time asset(s)`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
