import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root (where `package.json` is). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** How a service process ended. */
export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** Options for {@link startServiceProcess}. */
export interface ServiceProcessOptions {
  /** Short name used in messages and output prefixes (`orchestrator`, `spec-engine`). */
  readonly name: string;
  /** Entry file relative to the repository root, run from source with tsx. */
  readonly entry: string;
  /** The port the service listens on (passed as `PORT`). */
  readonly port: number;
  /** The complete environment of the child (`PORT` is set from `port`). */
  readonly env: NodeJS.ProcessEnv;
  /** Receives every output line of the child. */
  readonly onLine?: (line: string) => void;
}

/** A service running as its own OS process. */
export interface ServiceProcess {
  readonly name: string;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** Settles when the process has exited. */
  readonly exited: Promise<ProcessExit>;
  /** True once the process has exited. */
  isRunning(): boolean;
  /** The last output lines, for error messages. */
  recentOutput(): string;
  /** Resolves when `GET /ready` answers 200; rejects when the process exits or the time is up. */
  waitReady(timeoutMs?: number): Promise<void>;
  /** Sends `signal` (SIGTERM by default) and waits; SIGKILL after `graceMs`. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<ProcessExit>;
}

const KEPT_LINES = 60;
/** Preload that stops a service whose stack process died without stopping it. */
const EXIT_WITH_PARENT = pathToFileURL(path.join(REPO_ROOT, 'scripts', 'stack', 'exit-with-parent.ts')).href;

/**
 * Starts a service (`orchestrator/main.ts`, `spec-engine/main.ts`) as a child process with
 * `node --import tsx`, so signals reach the service itself and not a wrapper; the service stops
 * itself if this process dies without stopping it.
 */
export function startServiceProcess(options: ServiceProcessOptions): ServiceProcess {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', '--import', EXIT_WITH_PARENT, options.entry],
    {
      cwd: REPO_ROOT,
      env: { ...options.env, PORT: String(options.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      if (lines.length > KEPT_LINES) lines.shift();
      options.onLine?.(line);
    });
  }
  let running = true;
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('exit', (code, signal) => {
      running = false;
      resolve({ code, signal });
    });
  });
  const url = `http://127.0.0.1:${options.port}`;
  const describeExit = (exit: ProcessExit) =>
    `${options.name} exited (${exit.signal ?? `code ${exit.code}`}) before it was ready:\n${lines.join('\n')}`;

  return {
    name: options.name,
    url,
    port: options.port,
    pid: child.pid ?? -1,
    exited,
    isRunning: () => running,
    recentOutput: () => lines.join('\n'),
    async waitReady(timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      let lastProblem = 'no answer yet';
      while (Date.now() < deadline) {
        if (!running) throw new Error(describeExit(await exited));
        try {
          const res = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(2_000) });
          await res.body?.cancel();
          if (res.status === 200) return;
          lastProblem = `GET /ready answered ${res.status}`;
        } catch (error) {
          lastProblem = (error as Error).message;
        }
        await new Promise((r) => setTimeout(r, 150));
      }
      throw new Error(
        `${options.name} not ready after ${timeoutMs} ms (${lastProblem}):\n${lines.join('\n')}`,
      );
    },
    async stop(signal = 'SIGTERM', graceMs = 10_000) {
      if (running) child.kill(signal);
      const timer = setTimeout(() => running && child.kill('SIGKILL'), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
