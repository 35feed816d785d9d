import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetricsRegistry } from '../../common/observability/index.js';
import { createSpecEngineClient } from '../engine/spec-engine-client.js';
import { type CleanupWorker, startCleanupWorker } from '../finalizer/cleanup.js';
import { createOrchestratorMetrics } from '../observability/metrics.js';
import { fastStreamingOptions, waitFor } from '../testing/stack.js';
import { createTestApp, type TestApp } from '../testing/harness.js';

const NOT_FOUND = { error: { code: 'not_found', message: 'workflow not found' } };

describe('DELETE /api/workflows/{id}', () => {
  let t: TestApp;
  let worker: CleanupWorker;
  beforeAll(async () => {
    t = await createTestApp('orch_wf_delete');
    // The outbox worker the streaming half runs, on the fake engine; passes are run by hand.
    const engine = createSpecEngineClient({
      baseUrl: t.engine.url,
      pathPrefix: t.config.specEnginePathPrefix,
      maxAttempts: 1,
    });
    worker = startCleanupWorker(
      t.sql,
      engine,
      fastStreamingOptions({ cleanupPollMs: 3_600_000, cleanupRetryMs: 50 }),
      createOrchestratorMetrics(createMetricsRegistry('test', false)),
      pino({ level: 'silent' }),
    );
  });
  afterAll(async () => {
    await worker?.stop();
    await t?.close();
  });

  /** A workflow of `sub` with a draft file, a published version and a processing refinement. */
  async function populated(sub = 'alice') {
    const id = (await t.call('POST', '/api/workflows', { body: { name: 'doomed' }, sub })).body.id as string;
    await t.call('PUT', `/api/workflows/${id}/draft/files/plan.md`, { body: { content: 'plan' }, sub });
    expect((await t.call('POST', `/api/workflows/${id}/versions`, { sub })).status).toBe(201);
    const run = await t.call('POST', `/api/workflows/${id}/refinements`, {
      body: { instructions: 'go' },
      sub,
    });
    expect(run.status).toBe(202);
    return { id, proposalId: run.body.proposal_id as string, threadId: run.body.thread_id as string };
  }

  /** How many rows of the workflow each table still holds. */
  async function rowsOf(id: string) {
    const [row] = await t.sql`
      select (select count(*) from workflows where id = ${id})::int as workflows,
             (select count(*) from drafts where workflow_id = ${id})::int as drafts,
             (select count(*) from draft_files where workflow_id = ${id})::int as draft_files,
             (select count(*) from versions where workflow_id = ${id})::int as versions,
             (select count(*) from version_files where workflow_id = ${id})::int as version_files,
             (select count(*) from proposals where workflow_id = ${id})::int as proposals`;
    return row;
  }

  /** Runs cleanup passes until the workflow's rows are gone (a retry waits `cleanupRetryMs`). */
  async function purged(id: string) {
    await waitFor(async () => {
      await worker.runOnce();
      return (await rowsOf(id))?.workflows === 0;
    }, 10_000);
  }

  const threadDeletes = (threadId: string) =>
    t.engine.requests.filter((r) => r.method === 'DELETE' && r.path.endsWith(`/threads/${threadId}`));

  it('answers 204 with no body; then the workflow and its proposal answer 404 on every route', async () => {
    const { id, proposalId } = await populated();
    const res = await t.call('DELETE', `/api/workflows/${id}`);
    expect(res.status).toBe(204);
    expect(res.body).toBeUndefined();
    const workflowRoutes: [string, string, unknown?][] = [
      ['GET', `/api/workflows/${id}`],
      ['PATCH', `/api/workflows/${id}`, { name: 'back' }],
      ['DELETE', `/api/workflows/${id}`],
      ['GET', `/api/workflows/${id}/draft`],
      ['DELETE', `/api/workflows/${id}/draft`],
      ['PUT', `/api/workflows/${id}/draft/files/plan.md`, { content: 'x' }],
      ['DELETE', `/api/workflows/${id}/draft/files/plan.md`],
      ['GET', `/api/workflows/${id}/versions`],
      ['POST', `/api/workflows/${id}/versions`],
      ['GET', `/api/workflows/${id}/versions/1`],
      ['GET', `/api/workflows/${id}/proposals`],
      ['POST', `/api/workflows/${id}/refinements`, { instructions: 'again' }],
    ];
    for (const [method, path, body] of workflowRoutes) {
      const answer = await t.call(method, path, body === undefined ? {} : { body });
      expect({ method, path, status: answer.status, body: answer.body }).toEqual({
        method,
        path,
        status: 404,
        body: NOT_FOUND,
      });
    }
    for (const [method, path] of [
      ['GET', `/api/proposals/${proposalId}`],
      ['POST', `/api/proposals/${proposalId}/approve`],
      ['POST', `/api/proposals/${proposalId}/reject`],
      ['POST', `/api/refinements/${proposalId}/approve`],
      ['POST', `/api/refinements/${proposalId}/reject`],
    ] as const) {
      const answer = await t.call(method, path);
      expect({ path, status: answer.status, code: answer.body.error.code }).toEqual({
        path,
        status: 404,
        code: 'not_found',
      });
    }
    const list = await t.call('GET', '/api/workflows');
    expect(list.body.workflows.map((w: { id: string }) => w.id)).not.toContain(id);
    const audit = await t.sql`
      select action, actor_id is not null as by_user, detail from audit_events
      where workflow_id = ${id} and action in ('workflow.deleted', 'proposal.rejected') order by id`;
    expect(audit).toEqual([
      {
        action: 'proposal.rejected',
        by_user: true,
        detail: { from_status: 'processing', reason: 'workflow_deleted' },
      },
      {
        action: 'workflow.deleted',
        by_user: true,
        detail: { name: 'doomed', rejected_proposals: [proposalId] },
      },
    ]);
  });

  it('answers 400 invalid_id for a malformed id', async () => {
    const res = await t.call('DELETE', '/api/workflows/not-a-uuid');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: 'invalid_id', message: 'workflow id must be a UUID' } });
  });

  it("answers 404 for another user's workflow exactly like a missing one, and deletes nothing", async () => {
    const { id, proposalId } = await populated('owner');
    const foreign = await t.call('DELETE', `/api/workflows/${id}`, { sub: 'intruder' });
    const missing = await t.call('DELETE', '/api/workflows/00000000-0000-4000-8000-000000000000', {
      sub: 'intruder',
    });
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(NOT_FOUND);
    expect(missing.body).toEqual(foreign.body);
    expect((await t.call('GET', `/api/workflows/${id}`, { sub: 'owner' })).status).toBe(200);
    expect((await t.call('GET', `/api/proposals/${proposalId}`, { sub: 'owner' })).body.status).toBe(
      'processing',
    );
    const [row] = await t.sql`select deleted_at from workflows where id = ${id}`;
    expect(row).toEqual({ deleted_at: null });
    await worker.runOnce();
    expect(await rowsOf(id)).toEqual({
      workflows: 1,
      drafts: 1,
      draft_files: 1,
      versions: 1,
      version_files: 1,
      proposals: 1,
    });
  });

  it('rejects a running refinement, deletes its engine thread, then purges every row', async () => {
    const { id, proposalId, threadId } = await populated();
    expect((await t.call('DELETE', `/api/workflows/${id}`)).status).toBe(204);
    const [proposal] = await t.sql`
      select status, resolution, cleanup_state from proposals where id = ${proposalId}`;
    expect(proposal).toEqual({ status: 'resolved', resolution: 'rejected', cleanup_state: 'pending' });
    await worker.runOnce();
    expect(threadDeletes(threadId).length).toBe(1);
    expect(await rowsOf(id)).toEqual({
      workflows: 0,
      drafts: 0,
      draft_files: 0,
      versions: 0,
      version_files: 0,
      proposals: 0,
    });
    // The audit trail keeps what happened.
    const actions = await t.sql`select action from audit_events where workflow_id = ${id} order by id`;
    expect(actions.map((a) => a.action)).toContain('workflow.deleted');
  });

  it('keeps the rows while the engine cannot delete the thread, and purges them once it can', async () => {
    const { id, threadId } = await populated();
    t.engine.behave((request) => (request.method === 'DELETE' ? { status: 503 } : undefined));
    try {
      expect((await t.call('DELETE', `/api/workflows/${id}`)).status).toBe(204);
      await worker.runOnce();
      expect(threadDeletes(threadId).length).toBe(1);
      expect((await rowsOf(id))?.proposals).toBe(1);
      const [row] = await t.sql`
        select w.deleted_at is not null as deleted, p.cleanup_state, p.cleanup_error
        from workflows w join proposals p on p.workflow_id = w.id where w.id = ${id}`;
      expect(row).toMatchObject({ deleted: true, cleanup_state: 'pending' });
      expect((await t.call('GET', `/api/workflows/${id}`)).status).toBe(404);
    } finally {
      t.engine.behave(undefined);
    }
    await purged(id);
    expect(await rowsOf(id)).toMatchObject({ drafts: 0, versions: 0, proposals: 0 });
    expect(threadDeletes(threadId).length).toBe(2);
  });

  it('purges a deleted workflow without proposals at once', async () => {
    const id = (await t.call('POST', '/api/workflows', { body: { name: 'empty' } })).body.id;
    expect((await t.call('DELETE', `/api/workflows/${id}`)).status).toBe(204);
    await worker.runOnce();
    expect((await rowsOf(id))?.workflows).toBe(0);
    expect((await t.call('DELETE', `/api/workflows/${id}`)).status).toBe(404);
  });

  it('rejects a proposal added to a workflow after its delete before purging it', async () => {
    const { id } = await populated();
    expect((await t.call('DELETE', `/api/workflows/${id}`)).status).toBe(204);
    // A refinement that passed its workflow check just before the delete commits its proposal after it.
    const [straggler] = await t.sql<{ id: string }[]>`
      insert into proposals (workflow_id, created_by, job_id, thread_id, instructions, base_revision)
      select ${id}, owner_id, gen_random_uuid(), 'thread-straggler', 'late', 0 from workflows where id = ${id}
      returning id`;
    await worker.runOnce();
    const [row] = await t.sql`select status, resolution from proposals where id = ${straggler!.id}`;
    expect(row).toEqual({ status: 'resolved', resolution: 'rejected' });
    await purged(id);
    expect(threadDeletes('thread-straggler').length).toBe(1);
    const [audit] = await t.sql`
      select actor_id, detail from audit_events where proposal_id = ${straggler!.id} and action = 'proposal.rejected'`;
    expect(audit).toEqual({
      actor_id: null,
      detail: { from_status: 'processing', reason: 'workflow_deleted' },
    });
  });

  it('pages the remaining workflows newest first, each once, while others are deleted', async () => {
    const sub = 'deleting-pager';
    const made: string[] = [];
    for (let i = 0; i < 6; i++) {
      made.push((await t.call('POST', '/api/workflows', { body: { name: `w${i}` }, sub })).body.id);
    }
    await t.call('DELETE', `/api/workflows/${made[4]}`, { sub });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${encodeURIComponent(cursor)}` : '?limit=2';
      const page = await t.call('GET', `/api/workflows${query}`, { sub });
      seen.push(...page.body.workflows.map((w: { id: string }) => w.id));
      cursor = page.body.next_cursor;
      // Deleted between pages: a later page no longer shows it.
      if (seen.length === 2) await t.call('DELETE', `/api/workflows/${made[1]}`, { sub });
    } while (cursor);
    expect(seen).toEqual([made[5], made[3], made[2], made[0]]);
  });
});
