import { describe, expect, it } from 'vitest';
import { browserSkipReason } from './support/browser.js';
import { onNewWorkflow, useStack, writeFile } from './support/console-page.js';

const skipReason = browserSkipReason();

/** The stack's WORKFLOW_DRAFT_MAX_BYTES: a few lines of text fit, a page does not. */
const DRAFT_LIMIT = 2048;

describe.skipIf(skipReason !== undefined)('the console when the orchestrator refuses a change', () => {
  const ctx = useStack('console_refusals', async () => ({
    orchestrator: { WORKFLOW_DRAFT_MAX_BYTES: String(DRAFT_LIMIT) },
  }));

  it('says a save would put the draft over its size limit, names the limit and keeps the unsaved text', async () => {
    const page = await onNewWorkflow(ctx, 'size limit');
    await writeFile(page, '/THE_SPEC/plan.md', '# Plan\nshort');
    const workflowId = new URL(page.url()).pathname.split('/').at(-1)!;
    const revisionOf = async () =>
      (await ctx.services.orchestratorSql`select revision from drafts where workflow_id = ${workflowId}`)[0];
    const before = await revisionOf();

    const tooLong = `# Plan\n${'Send the welcome email. '.repeat(120)}`;
    const editor = page.getByRole('textbox', { name: 'File content' });
    await editor.fill(tooLong);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const alert = page.getByRole('region', { name: 'Draft', exact: true }).getByRole('alert');
    await expect.poll(() => alert.textContent(), { timeout: 20_000 }).toContain('over its size limit');
    expect(await alert.textContent()).toContain(`at most ${DRAFT_LIMIT} bytes`);
    expect(await editor.textContent()).toBe(tooLong.replace('\n', ''));
    expect(await revisionOf()).toEqual(before);

    // Shortened, the same text saves.
    await editor.fill('# Plan\nSend the welcome email.');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Saved /THE_SPEC/plan.md' }).waitFor();
    expect(await alert.count()).toBe(0);
    await page.close();
  }, 120_000);

  it('shows why deleting a workflow failed in its dialog, and the workflow stays', async () => {
    const page = await onNewWorkflow(ctx, 'kept through a failed delete');
    const workflowId = new URL(page.url()).pathname.split('/').at(-1)!;
    // The database refuses the delete as a server shutting down does (SQLSTATE 57P03).
    const sql = ctx.services.orchestratorSql;
    await sql.unsafe(`
      create function refuse_delete() returns trigger language plpgsql as
        $$ begin raise exception 'the database is shutting down' using errcode = '57P03'; end $$;
      create trigger refuse_delete before update of deleted_at on workflows
        for each row execute function refuse_delete();`);
    try {
      await page.getByRole('button', { name: 'Delete workflow' }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete kept through a failed delete?' });
      await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
      await expect
        .poll(() => dialog.getByRole('alert').textContent(), { timeout: 20_000 })
        .toContain('cannot reach its database');
      expect(await dialog.isVisible()).toBe(true);
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
        'kept through a failed delete',
      );
    } finally {
      await sql.unsafe('drop trigger refuse_delete on workflows; drop function refuse_delete();');
    }
    const [row] =
      await sql`select count(*)::int as n from workflows where id = ${workflowId} and deleted_at is null`;
    expect(row).toEqual({ n: 1 });
    await page.reload();
    await page.getByRole('link', { name: 'All workflows' }).click();
    await page
      .getByRole('list', { name: 'Your workflows' })
      .getByRole('link', { name: 'kept through a failed delete', exact: true })
      .waitFor();
    await page.close();
  }, 120_000);
});
