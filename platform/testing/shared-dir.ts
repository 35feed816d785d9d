import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * `../shared` beside the repository (pinned CRDs and fixtures, read at test time, never copied), or
 * undefined with the reason printed. With CI=true a missing folder throws instead of skipping.
 */
export function sharedDir(): string | undefined {
  const dir = path.resolve(repoRoot, '..', 'shared');
  if (existsSync(path.join(dir, 'crds'))) return dir;
  const reason = `${dir}/crds not found: skipping the tests that need the pinned CRDs`;
  if (process.env.CI === 'true') throw new Error(`${reason} is not allowed with CI=true`);
  console.warn(reason);
  return undefined;
}
