import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../common/db/index.js';
import { createTempDataDir } from '../scripts/stack/database.js';
import { apiClient } from './support/http.js';
import { descendantsOf, type GroupProcess, inheritedEnv, isAlive, spawnGroup } from './support/processes.js';

// `npm start` on a bare machine: no DATABASE_URL, no NATS_URL, no auth, no model keys.
const BARE_ENV_DROPS = [
  'DATABASE_URL',
  'NATS_URL',
  'AUTH_JWT_SECRET',
  'AUTH_JWKS_URL',
  'AUTH_ISSUER',
  'AUTH_AUDIENCE',
  'SPEC_ENGINE_MODEL',
  'SPEC_ENGINE_TOKEN',
  'SPEC_ENGINE_ALLOW_UNAUTHENTICATED',
  'HOST',
  'OPENAI_API_KEY',
  'ANTHROPIC_API_KEY',
  'PORT',
  'NODE_ENV',
];
const dataDir = await createTempDataDir('zt-stack-');

async function bareEnv(extra: NodeJS.ProcessEnv = {}): Promise<NodeJS.ProcessEnv> {
  return {
    ...inheritedEnv(BARE_ENV_DROPS),
    ...extra,
    STACK_DATA_DIR: dataDir,
    ORCHESTRATOR_PORT: String(await freePort()),
    SPEC_ENGINE_PORT: String(await freePort()),
  };
}

/** Waits for the banner and returns what a user copies from it. */
async function readBanner(stack: GroupProcess) {
  await stack.waitForLine(/^Press Ctrl-C to stop\.$/, 90_000);
  const token = stack.output.map((l) => l.match(/^export TOKEN=(\S+)$/)).find(Boolean);
  const orchestrator = stack.output
    .map((l) => l.match(/IDE Orchestrator\s+(http:\/\/127\.0\.0\.1:\d+)/))
    .find(Boolean);
  const engine = stack.output.map((l) => l.match(/Spec Engine\s+(http:\/\/127\.0\.0\.1:\d+)/)).find(Boolean);
  const docs = stack.output
    .map((l) => l.match(/API docs\s+(http:\/\/127\.0\.0\.1:\d+\/api\/docs)/))
    .find(Boolean);
  expect(orchestrator && engine && docs, stack.output.join('\n')).toBeTruthy();
  return { token: token?.[1] ?? '', orchestrator: orchestrator![1]!, engine: engine![1]!, docs: docs![1]! };
}

/** No Node stack trace and no serialized error stack in anything the stack printed. */
function expectNoStackTraces(stack: GroupProcess): void {
  const traces = stack.output.filter((l) => /^\s+at \S/.test(l) || l.includes('"stack":'));
  expect(traces, stack.output.join('\n')).toEqual([]);
}

/** A non-loopback IPv4 address of this machine, if it has one. */
function externalAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

async function waitGone(pids: number[], timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  while (pids.some(isAlive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return pids.filter(isAlive);
}

const started: GroupProcess[] = [];

/** Starts the stack with `command` in its own process group on the shared data dir; waits for the banner. */
async function startStack(command: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const stack = spawnGroup(command, args, await bareEnv(env));
  started.push(stack);
  return { stack, banner: await readBanner(stack) };
}
let firstToken = '';
afterAll(async () => {
  for (const stack of started)
    if (stack.child.pid && isAlive(stack.child.pid)) process.kill(-stack.child.pid, 'SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

describe('npm start on a bare machine', () => {
  it('starts PostgreSQL, the Spec Engine and the orchestrator, prints URLs and a token, and Ctrl-C stops all of it', async () => {
    const { stack, banner } = await startStack('npm', ['start', '--silent']);
    firstToken = banner.token;

    const api = apiClient(banner.orchestrator, banner.token);
    const created = await api.post('/api/workflows', { name: 'quick start' });
    expect(created.status).toBe(201);
    expect((await api.get('/api/workflows')).status).toBe(200);
    expect((await fetch(banner.docs)).status).toBe(200);
    expect((await fetch(`${banner.engine}/ready`)).status).toBe(200);
    expect((await apiClient(banner.orchestrator).get('/api/workflows')).status).toBe(401);
    // The engine is not open to whoever reaches its port: it wants the generated service token.
    const engineState = await fetch(`${banner.engine}/spec-engine/threads/any/state`);
    expect(engineState.status).toBe(401);
    expect(existsSync(path.join(dataDir, 'spec-engine-token'))).toBe(true);
    // Both services listen on loopback only.
    const external = externalAddress();
    if (external) {
      for (const url of [banner.orchestrator, banner.engine]) {
        const port = new URL(url).port;
        const reached = await fetch(`http://${external}:${port}/health`).then(
          () => true,
          () => false,
        );
        expect(reached, `${url} answered on ${external}`).toBe(false);
      }
    }

    const pgPidFile = path.join(dataDir, 'stack-pg', 'postmaster.pid');
    expect(existsSync(pgPidFile)).toBe(true);
    const pids = [stack.child.pid!, ...descendantsOf(stack.child.pid!)];
    expect(pids.length).toBeGreaterThanOrEqual(5); // npm, tsx, the stack, two services, postgres…

    process.kill(-stack.child.pid!, 'SIGINT'); // what a terminal sends on Ctrl-C
    const exit = await stack.exited;
    expect(await waitGone(pids, 10_000), stack.output.join('\n')).toEqual([]);
    expect(existsSync(pgPidFile)).toBe(false);
    expect(exit.code === 0 || exit.signal === 'SIGINT', JSON.stringify(exit)).toBe(true);
    expectNoStackTraces(stack);
  }, 120_000);

  it('restarts on the same data with the earlier secret; a killed stack leaves no service running', async () => {
    const { stack, banner } = await startStack(process.execPath, [
      '--import',
      'tsx',
      'scripts/start-stack.ts',
    ]);
    // The token printed by the first run still works: the generated secret is kept in the data dir.
    const workflows = await apiClient(banner.orchestrator, firstToken).get<{ workflows: unknown[] }>(
      '/api/workflows',
    );
    expect(workflows.status).toBe(200);
    expect(workflows.body.workflows).toHaveLength(1); // the first run's workflow survived in the data dir

    // SIGKILL gives the stack no chance to clean up: the services notice and stop themselves.
    const services = descendantsOf(stack.child.pid!).filter((pid) =>
      /(orchestrator|spec-engine)\/main\.ts/.test(commandLine(pid)),
    );
    expect(services).toHaveLength(2);
    process.kill(stack.child.pid!, 'SIGKILL');
    expect(await waitGone(services, 15_000)).toEqual([]);
  }, 120_000);

  // What an IDE, a process manager or `timeout` does: signal the npm process alone.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`stops everything within 10 s when only npm gets ${signal} (the first run also replaces a stale PostgreSQL)`, async () => {
      const { stack, banner } = await startStack('npm', ['start', '--silent']);
      expect((await apiClient(banner.orchestrator, firstToken).get('/api/workflows')).status).toBe(200);

      const pids = [stack.child.pid!, ...descendantsOf(stack.child.pid!)];
      process.kill(stack.child.pid!, signal);
      expect(await waitGone(pids, 10_000), stack.output.join('\n')).toEqual([]);
      expect(existsSync(path.join(dataDir, 'stack-pg', 'postmaster.pid'))).toBe(false);
      expectNoStackTraces(stack);
    }, 120_000);
  }

  it("does not mint a token with the operator's AUTH_JWT_SECRET, and says how to make one", async () => {
    const { stack, banner } = await startStack(
      process.execPath,
      ['--import', 'tsx', 'scripts/start-stack.ts'],
      {
        AUTH_JWT_SECRET: 'an-operator-secret-of-at-least-32-characters',
      },
    );
    expect(banner.token).toBe('');
    expect(stack.output.join('\n')).toContain('npm run token -- --sub <user>');
    process.kill(stack.child.pid!, 'SIGTERM');
    expect(await stack.exited).toEqual({ code: 0, signal: null });
  }, 120_000);
});
