/**
 * Builds the web console (`console/dist`) when it is missing or older than its sources, the
 * way `npm start` and the browser tests need it. `npm run build:console` always builds.
 */
import { spawn } from 'node:child_process';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT } from './stack/service-process.js';

const CONSOLE_DIR = path.join(REPO_ROOT, 'console');
/** The built page; its time stamp is the build's. */
export const CONSOLE_PAGE = path.join(CONSOLE_DIR, 'dist', 'index.html');
/** What a build reads besides `console/src`: a change in any of them makes the build stale. */
const INPUTS = ['index.html', 'vite.config.ts', 'tsconfig.json'].map((f) => path.join(CONSOLE_DIR, f));
const SHARED_INPUTS = [path.join(REPO_ROOT, 'common', 'events'), path.join(REPO_ROOT, 'package-lock.json')];

async function newestMtime(target: string): Promise<number> {
  const info = await stat(target);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of await readdir(target))
    newest = Math.max(newest, await newestMtime(path.join(target, entry)));
  return newest;
}

/** True when `console/dist` is missing or older than a source file. */
export async function isConsoleStale(): Promise<boolean> {
  let built: number;
  try {
    built = (await stat(CONSOLE_PAGE)).mtimeMs;
  } catch {
    return true;
  }
  const sources = [path.join(CONSOLE_DIR, 'src'), ...INPUTS, ...SHARED_INPUTS];
  for (const source of sources) if ((await newestMtime(source)) > built) return true;
  return false;
}

/** Runs the console's production build (vite) and resolves when it succeeded. */
export function buildConsole(onLine: (line: string) => void = () => {}): Promise<void> {
  const vite = path.join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [vite, 'build', '--config', 'console/vite.config.ts', '--logLevel', 'warn'],
      {
        cwd: REPO_ROOT,
        // A test runner's NODE_ENV=test would give React's development build.
        env: { ...process.env, NODE_ENV: 'production' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk;
      for (const line of String(chunk).split('\n')) if (line.trim()) onLine(line);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`the console build failed (exit ${code}):\n${output.slice(-2000)}`)),
    );
  });
}

/** Held while one process builds: test files and `npm start` may ask at the same moment. */
const LOCK_DIR = path.join(CONSOLE_DIR, '.build-lock');
/** A lock older than this was left by a process that died mid-build. */
const LOCK_STALE_MS = 180_000;

async function acquireLock(): Promise<void> {
  for (;;) {
    try {
      await mkdir(LOCK_DIR);
      return;
    } catch {
      const age =
        Date.now() -
        (await stat(LOCK_DIR)
          .then((s) => s.mtimeMs)
          .catch(() => Date.now()));
      if (age > LOCK_STALE_MS) await rm(LOCK_DIR, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** Builds the console unless `console/dist` is up to date; says which it did. */
export async function ensureConsoleBuilt(
  onLine: (line: string) => void = () => {},
): Promise<'built' | 'fresh'> {
  if (!(await isConsoleStale())) return 'fresh';
  await acquireLock();
  try {
    // Another process may have built it while this one waited for the lock.
    if (!(await isConsoleStale())) return 'fresh';
    await buildConsole(onLine);
    return 'built';
  } finally {
    await rm(LOCK_DIR, { recursive: true, force: true });
  }
}
