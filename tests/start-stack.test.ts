import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
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
  'OPENAI_API_KEY',
  'ANTHROPIC_API_KEY',
  'PORT',
  'NODE_ENV',
];
const dataDir = await createTempDataDir('zt-stack-');

async function bareEnv(): Promise<NodeJS.ProcessEnv> {
  return {
    ...inheritedEnv(BARE_ENV_DROPS),
    STACK_DATA_DIR: dataDir,
    ORCHESTRATOR_PORT: String(await freePort()),
    SPEC_ENGINE_PORT: String(await freePort()),
  };
}

/** Waits for the banner and returns what a user copies from it. */
async function readBanner(stack: GroupProcess) {
  const [, token] = await stack.waitForLine(/^export TOKEN=(\S+)$/, 90_000);
  const orchestrator = stack.output
    .map((l) => l.match(/IDE Orchestrator\s+(http:\/\/localhost:\d+)/))
    .find(Boolean);
  const engine = stack.output.map((l) => l.match(/Spec Engine\s+(http:\/\/localhost:\d+)/)).find(Boolean);
  const docs = stack.output
    .map((l) => l.match(/API docs\s+(http:\/\/localhost:\d+\/api\/docs)/))
    .find(Boolean);
  const consoleUrl = stack.output.map((l) => l.match(/Console\s+(http:\/\/localhost:\d+\/)$/)).find(Boolean);
  expect(orchestrator && engine && docs && consoleUrl, stack.output.join('\n')).toBeTruthy();
  return {
    token: token!,
    orchestrator: orchestrator![1]!,
    engine: engine![1]!,
    docs: docs![1]!,
    console: consoleUrl![1]!,
  };
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
async function startStack(command: string, args: string[]) {
  const stack = spawnGroup(command, args, await bareEnv());
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
    // npm start built the console when it was missing or stale, and serves it at the printed URL.
    const page = await fetch(banner.console);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root"></div>');
    expect((await fetch(`${banner.engine}/ready`)).status).toBe(200);
    expect((await apiClient(banner.orchestrator).get('/api/workflows')).status).toBe(401);

    const pgPidFile = path.join(dataDir, 'stack-pg', 'postmaster.pid');
    expect(existsSync(pgPidFile)).toBe(true);
    const pids = [stack.child.pid!, ...descendantsOf(stack.child.pid!)];
    expect(pids.length).toBeGreaterThanOrEqual(5); // npm, tsx, the stack, two services, postgres…

    process.kill(-stack.child.pid!, 'SIGINT'); // what a terminal sends on Ctrl-C
    const exit = await stack.exited;
    expect(await waitGone(pids, 15_000), stack.output.join('\n')).toEqual([]);
    expect(existsSync(pgPidFile)).toBe(false);
    expect(exit.code === 0 || exit.signal === 'SIGINT', JSON.stringify(exit)).toBe(true);
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

  it('starts over a killed stack (stale PostgreSQL replaced) and stops cleanly on SIGTERM', async () => {
    const { stack, banner } = await startStack(process.execPath, [
      '--import',
      'tsx',
      'scripts/start-stack.ts',
    ]);
    expect((await apiClient(banner.orchestrator, firstToken).get('/api/workflows')).status).toBe(200);

    const pids = [stack.child.pid!, ...descendantsOf(stack.child.pid!)];
    process.kill(stack.child.pid!, 'SIGTERM'); // a process manager signals only the leader
    expect(await stack.exited).toEqual({ code: 0, signal: null });
    expect(await waitGone(pids, 15_000)).toEqual([]);
    expect(existsSync(path.join(dataDir, 'stack-pg', 'postmaster.pid'))).toBe(false);
  }, 120_000);
});
