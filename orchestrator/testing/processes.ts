import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (cwd of spawned processes). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A `npx tsx` child in its own process group, so SIGKILL reaches the node process too. */
export interface TsxProcess {
  readonly child: ChildProcess;
  readonly output: string[];
  /** Resolves with the first output line matching `pattern`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** SIGKILLs the whole group and waits for the exit. */
  kill(): Promise<void>;
}

/**
 * Spawns `npx tsx <file>` with `env` on top of the current environment; with `nodeFlags`
 * (e.g. `--cpu-prof`) it runs `node --import tsx <flags> <file>` so the flags reach the script.
 * A compiled `.js` file (`dist/`, what the images run) runs on plain `node`.
 */
export function spawnTsx(file: string, env: Record<string, string>, nodeFlags: string[] = []): TsxProcess {
  const [command, args] = file.endsWith('.js')
    ? ['node', [...nodeFlags, file]]
    : nodeFlags.length > 0
      ? ['node', ['--import', 'tsx', ...nodeFlags, file]]
      : ['npx', ['tsx', file]];
  const child = spawn(command, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const waiters = new Set<{ pattern: RegExp; resolve: (m: RegExpMatchArray) => void }>();
  let rest = '';
  const onData = (chunk: Buffer) => {
    const lines = (rest + chunk.toString('utf8')).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      output.push(line);
      for (const w of waiters) {
        const m = w.pattern.exec(line);
        if (m) {
          waiters.delete(w);
          w.resolve(m);
        }
      }
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output,
    waitFor(pattern, timeoutMs = 30_000) {
      const seen = output.map((l) => pattern.exec(l)).find(Boolean);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const waiter = { pattern, resolve };
        waiters.add(waiter);
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(
            new Error(`no line matching ${pattern} within ${timeoutMs} ms:\n${output.slice(-20).join('\n')}`),
          );
        }, timeoutMs);
        void exited.then(() => {
          if (!waiters.has(waiter)) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          reject(new Error(`exited before ${pattern}:\n${output.slice(-20).join('\n')}`));
        });
        const original = waiter.resolve;
        waiter.resolve = (m) => {
          clearTimeout(timer);
          original(m);
        };
      });
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null && child.pid) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
        await exited;
      }
    },
  };
}

async function descendants(pid: number): Promise<number[]> {
  const children = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  const direct = children.trim().split(/\s+/).filter(Boolean).map(Number);
  const nested = await Promise.all(direct.map(descendants));
  return [...direct, ...nested.flat()];
}

async function rssKiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

/** The node process running the script under npx → tsx (the descendant with the largest RSS; tsx also runs esbuild). */
export async function serverPid(root: number): Promise<number> {
  let best = root;
  let bestRss = -1;
  for (const pid of await descendants(root)) {
    const rss = await rssKiB(pid);
    if (rss > bestRss) {
      best = pid;
      bestRss = rss;
    }
  }
  return best;
}

/** RSS of a process in KiB (0 when it is gone). */
export { rssKiB };
