import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { reduceAll } from '../../console/src/run/reducer.js';
import { ensureConsoleBuilt } from '../../scripts/console-build.js';
import { REPO_ROOT } from '../../scripts/stack/service-process.js';
import { launchChromium } from './browser.js';
import { type CuttableProxy, startCuttableProxy } from './cuttable-proxy.js';
import { type E2eServices, startE2eServices } from './services.js';
import { readStream } from './ws-client.js';

// What the console's browser tests do, as a person would: controls are found by role and name
// (the accessible names the issue lists), never by CSS class.

/** Where screenshots go: the README's with UPDATE_SCREENSHOTS=1, otherwise beside the test results. */
export const SHOTS = process.env.UPDATE_SCREENSHOTS
  ? path.join(REPO_ROOT, 'docs', 'console')
  : path.join(REPO_ROOT, '.test-results', 'console');

/** One stack for a describe block: both services, a cuttable relay in front, Chromium, a token. */
export interface Ctx {
  services: E2eServices;
  proxy: CuttableProxy;
  browser: Browser;
  token: string;
}

/** Signs in on the console's page by pasting `token` (the stack's valid one by default). */
export async function signIn(page: Page, ctx: Ctx, token = ctx.token): Promise<void> {
  await page.goto(`${ctx.proxy.url}/`);
  await page.getByLabel('Access token').fill(token);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** New workflow → Name, Description → Create; waits for the workflow's page. */
export async function createWorkflow(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'New workflow' }).click();
  const dialog = page.getByRole('dialog', { name: 'New workflow' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Description').fill('made in the browser test');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect
    .poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 20_000 })
    .toBe(name);
}

/** A new tab, signed in, on a new workflow called `name`. */
export async function onNewWorkflow(ctx: Ctx, name: string): Promise<Page> {
  const page = await ctx.browser.newPage();
  await signIn(page, ctx);
  await createWorkflow(page, name);
  return page;
}

/** New file → Path → Create, types `text` into File content and saves. */
export async function writeFile(page: Page, filePath: string, text: string): Promise<void> {
  await page.getByRole('button', { name: 'New file' }).click();
  const dialog = page.getByRole('dialog', { name: 'New file' });
  await dialog.getByLabel('Path').fill(filePath);
  await dialog.getByRole('button', { name: 'Create' }).click();
  const editor = page.getByRole('textbox', { name: 'File content' });
  await editor.fill(text);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page
    .getByRole('status')
    .filter({ hasText: `Saved ${filePath}` })
    .waitFor();
}

/** The proposal the page shows (from its URL). */
export function shownProposal(page: Page): string | null {
  return new URL(page.url()).searchParams.get('proposal');
}

/** Asks for a refinement and returns the new proposal's id once the page shows it. */
export async function refine(page: Page, instructions: string, timeout = 30_000): Promise<string> {
  const before = shownProposal(page);
  await page.getByLabel('Instructions').fill(instructions);
  await page.getByRole('button', { name: 'Refine' }).click();
  await page.waitForURL(
    (url) =>
      /^[0-9a-f-]{36}$/.test(url.searchParams.get('proposal') ?? '') &&
      url.searchParams.get('proposal') !== before,
    { timeout },
  );
  return shownProposal(page)!;
}

/** Waits until the Proposal section's status says `text`. */
export function proposalSays(page: Page, text: string): Promise<void> {
  return page
    .getByRole('region', { name: 'Proposal', exact: true })
    .getByRole('status')
    .filter({ hasText: text })
    .waitFor();
}

/** The run's status line (`Status: …`). */
export function runStatus(page: Page) {
  return page.getByRole('status', { name: 'Run status' });
}

/** Waits until the run's status says `status`. */
export async function waitRunOver(page: Page, status = 'completed'): Promise<void> {
  await expect.poll(() => runStatus(page).textContent(), { timeout: 90_000 }).toContain(`Status: ${status}`);
}

/** The keys of the log's rows: one per entry the console derived from the run's events. */
export function logKeys(page: Page): Promise<string[]> {
  return page
    .getByRole('log')
    .locator('[data-key]')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')!));
}

/** The log a viewer who saw every event exactly once would show (the same reducer, fed by a plain socket). */
export async function expectedKeys(ctx: Ctx, threadId: string): Promise<string[]> {
  const { frames } = await readStream(ctx.services.wsUrl(threadId), { token: ctx.token, timeoutMs: 90_000 });
  const keys = reduceAll(frames).entries.map((e) => e.key);
  expect(keys.length, JSON.stringify(frames).slice(0, 2000)).toBeGreaterThan(3);
  return keys;
}

/** The thread of a proposal, from the orchestrator's database. */
export async function threadOf(ctx: Ctx, proposalId: string): Promise<string> {
  const [row] = await ctx.services.orchestratorSql`select thread_id from proposals where id = ${proposalId}`;
  return String(row!.thread_id);
}

/** Extra variables of a stack's services. */
export interface StackEnv {
  readonly engine?: Record<string, string>;
  readonly orchestrator?: Record<string, string>;
}

/** Starts a stack before the describe block's tests and stops it after them. */
export function useStack(name: string, env: () => Promise<StackEnv> = async () => ({})): Ctx {
  const ctx = {} as Ctx;
  beforeAll(async () => {
    await ensureConsoleBuilt();
    await mkdir(SHOTS, { recursive: true });
    const { engine, orchestrator } = await env();
    ctx.services = await startE2eServices({
      name,
      engineEnv: { SPEC_ENGINE_OFFLINE_STEP_DELAY_MS: '150', ...engine },
      ...(orchestrator ? { orchestratorEnv: orchestrator } : {}),
    });
    ctx.proxy = await startCuttableProxy(ctx.services.orchestratorUrl);
    ctx.browser = await launchChromium();
    ctx.token = await ctx.services.tokenFor('ada');
  }, 180_000);
  afterAll(async () => {
    await ctx.browser?.close();
    await ctx.proxy?.close();
    await ctx.services?.stop();
  });
  return ctx;
}
