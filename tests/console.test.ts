import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { browserSkipReason } from './support/browser.js';
import {
  createWorkflow,
  expectedKeys,
  logKeys,
  onNewWorkflow,
  proposalSays,
  refine,
  runStatus,
  SHOTS,
  signIn,
  threadOf,
  useStack,
  waitRunOver,
  writeFile,
} from './support/console-page.js';

const skipReason = browserSkipReason();

describe.skipIf(skipReason !== undefined)('the console in Chromium', () => {
  const ctx = useStack('console');

  it('takes a person through a whole refinement: sign in, draft, refine live, review, approve, reload', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${ctx.proxy.url}/`);
    await page.screenshot({ path: path.join(SHOTS, 'sign-in.png') });
    await signIn(page, ctx);
    await createWorkflow(page, 'welcome emails');
    await writeFile(page, '/THE_SPEC/plan.md', '# Plan\nSend a welcome email within one minute of sign-up.');
    expect(page.url()).not.toContain(ctx.token);

    const proposalId = await refine(page, 'Send a welcome email, then retry failed sends');
    await expect.poll(() => page.getByRole('log').textContent(), { timeout: 60_000 }).toContain('write_file');
    await waitRunOver(page);
    const log = (await page.getByRole('log').textContent()) ?? '';
    expect(log).toContain('You: ');
    expect(log).toMatch(/New file \/THE_SPEC\/constitution\.md/);
    expect(log).toContain('Run completed');
    await page.screenshot({ path: path.join(SHOTS, 'run.png'), fullPage: true });

    const review = page.getByRole('region', { name: 'Proposal', exact: true });
    await review.getByRole('heading', { name: 'Proposal', exact: true }).waitFor();
    await expect.poll(() => review.getByRole('checkbox').count(), { timeout: 30_000 }).toBeGreaterThan(1);
    for (const box of await review.getByRole('checkbox').all()) expect(await box.isChecked()).toBe(true);
    expect(await review.getByRole('article', { name: 'modified /THE_SPEC/plan.md' }).count()).toBe(1);
    expect(await review.getByRole('article', { name: 'added /THE_SPEC/constitution.md' }).count()).toBe(1);
    await page.screenshot({ path: path.join(SHOTS, 'review.png'), fullPage: true });
    await review.getByRole('button', { name: 'Approve' }).click();
    await proposalSays(page, 'Approved');

    const files = page.getByRole('navigation', { name: 'Files' });
    await files.getByRole('button', { name: '/THE_SPEC/constitution.md' }).waitFor();
    const [row] = await ctx.services
      .orchestratorSql`select status, resolution from proposals where id = ${proposalId}`;
    expect(row).toEqual({ status: 'resolved', resolution: 'approved' });

    // A reload after approve: the draft has the new files, the proposal says approved.
    await page.reload();
    await files.getByRole('button', { name: '/THE_SPEC/constitution.md' }).waitFor();
    await proposalSays(page, 'Approved');
    await files.getByRole('button', { name: '/THE_SPEC/plan.md' }).click();
    await expect
      .poll(() => page.getByRole('textbox', { name: 'File content' }).textContent())
      .toContain('| step | agent | responsibility |');
    await page.screenshot({ path: path.join(SHOTS, 'workflow.png'), fullPage: true });
    await page.close();
  }, 180_000);

  it('reconnects a dropped socket with after_seq and shows nothing twice; a reload mid-run picks the run up', async () => {
    const page = await onNewWorkflow(ctx, 'dropped socket');
    const first = await refine(page, 'Collect invoices, then send reminders, then report totals');
    await expect.poll(async () => (await logKeys(page)).length, { timeout: 60_000 }).toBeGreaterThan(2);
    expect(ctx.proxy.cutAll()).toBeGreaterThan(0);
    await waitRunOver(page);
    const seen = await logKeys(page);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(await expectedKeys(ctx, await threadOf(ctx, first)));

    await page.getByRole('button', { name: 'Reject' }).click();
    await proposalSays(page, 'Rejected');
    const second = await refine(page, 'Archive old invoices, then notify finance');
    await expect.poll(async () => (await logKeys(page)).length, { timeout: 60_000 }).toBeGreaterThan(2);
    await page.reload();
    await waitRunOver(page);
    expect(await logKeys(page)).toEqual(await expectedKeys(ctx, await threadOf(ctx, second)));
    await page.close();
  }, 180_000);

  it('signs in by keyboard, marks a file both the person and the run changed, explains its 409, and a 401 by returning to sign-in', async () => {
    const page = await ctx.browser.newPage();
    // Keyboard only: the token field is the first stop, Enter signs in.
    await page.goto(`${ctx.proxy.url}/`);
    // React renders after the load event: a Tab pressed before the form exists focuses nothing.
    await page.getByLabel('Access token').waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.type(ctx.token);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Workflows' }).waitFor();
    await createWorkflow(page, 'conflict');
    await writeFile(page, '/THE_SPEC/plan.md', '# Plan\nfirst');
    await refine(page, 'Draft a plan for onboarding');
    await waitRunOver(page);
    // The person edits the same file the run changed, then tries to approve.
    await page
      .getByRole('navigation', { name: 'Files' })
      .getByRole('button', { name: '/THE_SPEC/plan.md' })
      .click();
    await page.getByRole('textbox', { name: 'File content' }).fill('# Plan\nedited meanwhile');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Saved /THE_SPEC/plan.md' }).waitFor();
    const review = page.getByRole('region', { name: 'Proposal', exact: true });
    // The review marks the file both changed and leaves it out of the approval unless ticked.
    const conflicting = review.getByRole('article', { name: 'modified /THE_SPEC/plan.md' });
    await expect
      .poll(() => conflicting.textContent(), { timeout: 20_000 })
      .toContain('Conflicts with your edits');
    const box = review.getByRole('checkbox', { name: '/THE_SPEC/plan.md' });
    expect(await box.isChecked()).toBe(false);
    await box.check();
    await review.getByRole('button', { name: 'Approve' }).click();
    await expect
      .poll(() => review.getByRole('alert').textContent(), { timeout: 20_000 })
      .toContain('The draft changed');
    expect(await review.getByRole('alert').textContent()).toContain('/THE_SPEC/plan.md');

    const stranger = await ctx.browser.newPage();
    await signIn(stranger, ctx, 'not-a-token');
    await expect
      .poll(() => stranger.getByRole('alert').textContent(), { timeout: 20_000 })
      .toContain('You were signed out');
    await stranger.getByLabel('Access token').waitFor();
    await page.close();
    await stranger.close();
  }, 180_000);

  it('approves only the checked files, renames the workflow and lists its proposals', async () => {
    const page = await onNewWorkflow(ctx, 'partial');
    await refine(page, 'Plan a weekly digest');
    await waitRunOver(page);
    const review = page.getByRole('region', { name: 'Proposal', exact: true });
    await review.getByRole('checkbox', { name: '/THE_SPEC/constitution.md' }).uncheck();
    await review.getByRole('button', { name: 'Approve' }).click();
    await proposalSays(page, 'Approved');
    const files = page.getByRole('navigation', { name: 'Files' });
    await files.getByRole('button', { name: '/THE_SPEC/plan.md' }).waitFor();
    expect(await files.getByRole('button', { name: '/THE_SPEC/constitution.md' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Rename' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rename workflow' });
    await dialog.getByLabel('Name').fill('weekly digest');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 20_000 })
      .toBe('weekly digest');
    const proposals = page.getByRole('list', { name: 'Proposals of this workflow' }).getByRole('listitem');
    await expect
      .poll(() => proposals.allTextContents(), { timeout: 20_000 })
      .toEqual([expect.stringContaining('approved: Plan a weekly digest')]);
    await page.close();
  }, 180_000);

  it('deletes a workflow once the person confirms, and the list no longer shows it', async () => {
    const page = await onNewWorkflow(ctx, 'kept');
    await page.getByRole('link', { name: 'All workflows' }).click();
    await createWorkflow(page, 'short-lived');
    const workflowId = new URL(page.url()).pathname.split('/').at(-1)!;
    const dialog = page.getByRole('dialog', { name: 'Delete short-lived?' });
    await page.getByRole('button', { name: 'Delete workflow' }).click();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('short-lived');

    await page.getByRole('button', { name: 'Delete workflow' }).click();
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('heading', { name: 'Workflows', level: 1 }).waitFor();
    const list = page.getByRole('list', { name: 'Your workflows' });
    await list.getByRole('link', { name: 'kept', exact: true }).first().waitFor();
    expect(await list.getByRole('link', { name: 'short-lived', exact: true }).count()).toBe(0);
    const [row] = await ctx.services
      .orchestratorSql`select count(*)::int as n from workflows where id = ${workflowId} and deleted_at is null`;
    expect(row).toEqual({ n: 0 });
    await page.close();
  }, 120_000);

  it('says when the Spec Engine is unavailable and starts the run by itself once it is back', async () => {
    const page = await onNewWorkflow(ctx, 'engine outage');
    await ctx.services.engine().stop('SIGTERM', 10_000);
    const started = refine(page, 'Plan a nightly report', 90_000);
    await expect
      .poll(() => page.getByRole('alert').first().textContent(), { timeout: 30_000 })
      .toMatch(/Spec Engine is unavailable|circuit breaker open/);
    await page
      .getByRole('status')
      .filter({ hasText: /Trying again in \d+ s/ })
      .waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'engine-unavailable.png'), fullPage: true });
    await ctx.services.startEngine();
    await started;
    await waitRunOver(page);
    await page.close();
  }, 240_000);
});

describe.skipIf(skipReason !== undefined)('the console when the model provider refuses', () => {
  // The LLM provider is the one test double: an OpenAI-compatible endpoint that answers 400.
  const provider = http.createServer((_req, res) => {
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({ error: { message: 'model gpt-test does not exist', type: 'invalid_request_error' } }),
    );
  });
  const ctx = useStack('console_failed', async () => {
    await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
    const { port } = provider.address() as AddressInfo;
    return {
      engine: {
        SPEC_ENGINE_MODEL: 'openai:gpt-test',
        OPENAI_API_KEY: 'test-key',
        OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`,
      },
    };
  });
  afterAll(() => new Promise<void>((resolve) => provider.close(() => resolve())));

  it('shows a failed run with its error, offers nothing to approve, and lets the person reject it', async () => {
    const page = await onNewWorkflow(ctx, 'failing model');
    await refine(page, 'Plan a nightly report');
    await waitRunOver(page, 'failed');
    expect(await runStatus(page).textContent()).toContain('does not exist');
    expect(await page.getByRole('log').textContent()).toContain('Run failed');
    const review = page.getByRole('region', { name: 'Proposal', exact: true });
    await proposalSays(page, 'The run failed');
    expect(await review.getByRole('button', { name: 'Approve' }).isDisabled()).toBe(true);
    await review.getByRole('button', { name: 'Reject' }).click();
    await proposalSays(page, 'Rejected');
    await page.close();
  }, 180_000);
});
