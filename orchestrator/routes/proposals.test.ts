import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeProposal, failProposal, findProposalByThreadForUser } from '../services/proposals.js';
import { createTestApp, type TestApp, tree, workflowWithRefinement } from '../testing/harness.js';

describe('proposal routes and state machine', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('orch_prop');
  });
  afterAll(async () => {
    await t.close();
  });

  const setup = (sub = 'alice') => workflowWithRefinement(t, sub);

  const generated = tree({ '/keep.md': ['same'], '/change.md': ['new'], '/THE_SPEC/plan.md': ['plan'] });

  it('shows a completed proposal with the files exactly as sent, its token usage and its changes against the draft', async () => {
    const { proposalId, workflowId, threadId } = await setup();
    const raw = { ...generated, '/keep.md': { ...generated['/keep.md'], extra_key: 'kept verbatim' } };
    const usage = { input_tokens: 1234, output_tokens: 56 };
    expect((await completeProposal(t.sql, proposalId, raw, usage)).moved).toBe(true);
    const res = await t.call('GET', `/api/proposals/${proposalId}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: proposalId,
      proposal_id: proposalId,
      workflow_id: workflowId,
      thread_id: threadId,
      status: 'completed',
      resolution: null,
      generated_files: raw,
      error: null,
      usage,
      base_revision: 3,
      changes: {
        added: ['/THE_SPEC/plan.md'],
        modified: ['/change.md'],
        deleted: ['/drop.md'],
        conflicts: [],
      },
      working_notes: [],
      cleanup: { state: 'none', attempts: 0 },
      created_at: expect.any(String),
      updated_at: expect.any(String),
      completed_at: expect.any(String),
      resolved_at: null,
    });
  });

  it("lists the agent's new files outside the spec as working notes and does not apply them", async () => {
    const { proposalId, workflowId } = await setup();
    const withNotes = {
      ...generated,
      '/drop.md': { ...generated['/keep.md']!, content: ['kept by the agent'] },
      '/guardrail_assessment.md': { ...generated['/keep.md']!, content: ['Verdict: approved'] },
      '/notes/impact.md': { ...generated['/keep.md']!, content: ['impact'] },
    };
    await completeProposal(t.sql, proposalId, withNotes);
    const view = await t.call('GET', `/api/proposals/${proposalId}`);
    expect(view.body.working_notes).toEqual(['/guardrail_assessment.md', '/notes/impact.md']);
    // /drop.md was the user's file: the agent's version of it is spec, not a note.
    expect(view.body.changes).toEqual({
      added: ['/THE_SPEC/plan.md'],
      modified: ['/change.md', '/drop.md'],
      deleted: [],
      conflicts: [],
    });
    expect((await t.call('POST', `/api/proposals/${proposalId}/approve`)).status).toBe(200);
    const draft = await t.call('GET', `/api/workflows/${workflowId}/draft`);
    expect(Object.keys(draft.body.files).sort()).toEqual([
      '/THE_SPEC/plan.md',
      '/change.md',
      '/drop.md',
      '/keep.md',
    ]);
  });

  it('recomputes changes after every draft edit: what the draft already holds drops out, its own edits stay', async () => {
    const { proposalId, workflowId } = await setup();
    await completeProposal(t.sql, proposalId, generated);
    const before = await t.call('GET', `/api/proposals/${proposalId}`);
    expect(before.body.changes).toEqual({
      added: ['/THE_SPEC/plan.md'],
      modified: ['/change.md'],
      deleted: ['/drop.md'],
      conflicts: [],
    });
    await t.call('PUT', `/api/workflows/${workflowId}/draft/files/change.md`, { body: { content: 'new' } });
    await t.call('PUT', `/api/workflows/${workflowId}/draft/files/THE_SPEC/plan.md`, {
      body: { content: ['plan'] },
    });
    // The proposal did not change /keep.md: the draft's deletion is kept, not undone.
    await t.call('DELETE', `/api/workflows/${workflowId}/draft/files/keep.md`);
    const after = await t.call('GET', `/api/proposals/${proposalId}`);
    expect(after.body.changes).toEqual({ added: [], modified: [], deleted: ['/drop.md'], conflicts: [] });
    await t.call('PUT', `/api/workflows/${workflowId}/draft/files/drop.md`, { body: { content: 'mine' } });
    expect((await t.call('GET', `/api/proposals/${proposalId}`)).body.changes).toEqual({
      added: [],
      modified: [],
      deleted: ['/drop.md'],
      conflicts: ['/drop.md'],
    });
  });

  it('approves: the draft becomes the proposal tree in one step, revision bumped, audit appended', async () => {
    const { proposalId, workflowId } = await setup();
    await completeProposal(t.sql, proposalId, generated);
    const res = await t.call('POST', `/api/proposals/${proposalId}/approve`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      proposal_id: proposalId,
      status: 'resolved',
      resolution: 'approved',
      approved_at: expect.any(String),
      applied: { added: ['/THE_SPEC/plan.md'], modified: ['/change.md'], deleted: ['/drop.md'] },
    });
    const draft = await t.call('GET', `/api/workflows/${workflowId}/draft`);
    expect(draft.body.revision).toBe(4);
    expect(
      Object.fromEntries(
        Object.entries(draft.body.files as Record<string, { content: string[] }>).map(([p, f]) => [
          p,
          f.content,
        ]),
      ),
    ).toEqual({
      '/keep.md': ['same'],
      '/change.md': ['new'],
      '/THE_SPEC/plan.md': ['plan'],
    });
    const audit =
      await t.sql`select action, detail from audit_events where proposal_id = ${proposalId} order by id`;
    expect(audit.map((a) => a.action)).toEqual([
      'refinement.started',
      'proposal.completed',
      'proposal.approved',
    ]);
    expect(audit[2]!.detail).toMatchObject({
      added: ['/THE_SPEC/plan.md'],
      deleted: ['/drop.md'],
      draft_revision: 4,
    });
    const again = await t.call('POST', `/api/proposals/${proposalId}/approve`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('proposal_resolved');
    const reject = await t.call('POST', `/api/proposals/${proposalId}/reject`);
    expect(reject.status).toBe(409);
    const shown = await t.call('GET', `/api/proposals/${proposalId}`);
    expect(shown.body).toMatchObject({
      status: 'resolved',
      resolution: 'approved',
      cleanup: { state: 'pending' },
    });
  });

  it('refuses to approve a processing or failed proposal (409) but rejects both', async () => {
    const processing = await setup();
    const res = await t.call('POST', `/api/proposals/${processing.proposalId}/approve`);
    expect([res.status, res.body.error.code]).toEqual([409, 'proposal_processing']);
    const rejected = await t.call('POST', `/api/proposals/${processing.proposalId}/reject`);
    expect(rejected.status).toBe(200);
    expect(rejected.body).toEqual({
      proposal_id: processing.proposalId,
      status: 'resolved',
      resolution: 'rejected',
      rejected_at: expect.any(String),
    });
    const failed = await setup();
    expect(
      (await failProposal(t.sql, failed.proposalId, { error: 'model down', context: 'run' })).moved,
    ).toBe(true);
    const shown = await t.call('GET', `/api/proposals/${failed.proposalId}`);
    expect(shown.body).toMatchObject({ status: 'failed', error: { error: 'model down', context: 'run' } });
    const approveFailed = await t.call('POST', `/api/proposals/${failed.proposalId}/approve`);
    expect([approveFailed.status, approveFailed.body.error.code]).toEqual([409, 'proposal_failed']);
    expect((await t.call('POST', `/api/refinements/${failed.proposalId}/reject`)).status).toBe(200);
  });

  it('ignores a late completed or failed after a reject', async () => {
    const { proposalId } = await setup();
    expect((await t.call('POST', `/api/proposals/${proposalId}/reject`)).status).toBe(200);
    expect((await completeProposal(t.sql, proposalId, generated)).moved).toBe(false);
    expect((await failProposal(t.sql, proposalId, { error: 'late' })).moved).toBe(false);
    const shown = await t.call('GET', `/api/proposals/${proposalId}`);
    expect(shown.body).toMatchObject({
      status: 'resolved',
      resolution: 'rejected',
      generated_files: null,
      error: null,
    });
    const second = await t.call('POST', `/api/proposals/${proposalId}/reject`);
    expect([second.status, second.body.error.code]).toEqual([409, 'proposal_resolved']);
  });

  it('completes a proposal only once', async () => {
    const { proposalId } = await setup();
    expect((await completeProposal(t.sql, proposalId, generated)).moved).toBe(true);
    expect((await completeProposal(t.sql, proposalId, tree({ '/other.md': ['x'] }))).moved).toBe(false);
    expect((await failProposal(t.sql, proposalId, { error: 'x' })).moved).toBe(false);
  });

  it('lets exactly one of a concurrent approve and reject win, many times over', async () => {
    for (let round = 0; round < 8; round++) {
      const { proposalId, workflowId } = await setup();
      await completeProposal(t.sql, proposalId, generated);
      const [approve, reject] = await Promise.all([
        t.call('POST', `/api/proposals/${proposalId}/approve`),
        t.call('POST', `/api/refinements/${proposalId}/reject`),
      ]);
      expect([approve.status, reject.status].sort()).toEqual([200, 409]);
      const [row] = await t.sql`select status, resolution from proposals where id = ${proposalId}`;
      const draft = await t.call('GET', `/api/workflows/${workflowId}/draft`);
      if (approve.status === 200) {
        expect(row).toEqual({ status: 'resolved', resolution: 'approved' });
        expect(draft.body.revision).toBe(4);
      } else {
        expect(row).toEqual({ status: 'resolved', resolution: 'rejected' });
        expect(draft.body.revision).toBe(3);
      }
    }
  });

  it('lets exactly one of two concurrent approvals apply the files', async () => {
    const { proposalId, workflowId } = await setup();
    await completeProposal(t.sql, proposalId, generated);
    const results = await Promise.all(
      [1, 2, 3].map(() => t.call('POST', `/api/proposals/${proposalId}/approve`)),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect((await t.call('GET', `/api/workflows/${workflowId}/draft`)).body.revision).toBe(4);
  });

  it('answers 409 when the generated files are not a usable file tree', async () => {
    const { proposalId } = await setup();
    await completeProposal(t.sql, proposalId, { 'relative.md': { content: ['x'] } });
    const res = await t.call('POST', `/api/proposals/${proposalId}/approve`);
    expect([res.status, res.body.error.code]).toEqual([409, 'proposal_files_invalid']);
    const traversal = await setup();
    await completeProposal(t.sql, traversal.proposalId, tree({ '/a/../etc/passwd': ['x'] }));
    const bad = await t.call('POST', `/api/proposals/${traversal.proposalId}/approve`);
    expect(bad.body.error.message).toContain("'..'");
  });

  it("answers 404 on every proposal route for another user's proposal, like a missing one", async () => {
    const { proposalId, threadId } = await setup('owner');
    await completeProposal(t.sql, proposalId, generated);
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const [method, suffix] of [
      ['GET', ''],
      ['POST', '/approve'],
      ['POST', '/reject'],
    ] as const) {
      for (const base of suffix ? ['/api/proposals', '/api/refinements'] : ['/api/proposals']) {
        const foreign = await t.call(method, `${base}/${proposalId}${suffix}`, { sub: 'intruder' });
        const absent = await t.call(method, `${base}/${missing}${suffix}`, { sub: 'intruder' });
        expect([base, suffix, foreign.status]).toEqual([base, suffix, 404]);
        expect(foreign.body).toEqual(absent.body);
        expect(foreign.body).toEqual({ error: { code: 'not_found', message: 'proposal not found' } });
      }
    }
    expect((await t.call('GET', `/api/proposals/${proposalId}`, { sub: 'owner' })).body.status).toBe(
      'completed',
    );
    const ownerId = (await t.sql`select id from users where subject = 'owner'`)[0]!.id as string;
    const intruderId = (await t.sql`select id from users where subject = 'intruder'`)[0]!.id as string;
    expect((await findProposalByThreadForUser(t.sql, threadId, ownerId))?.id).toBe(proposalId);
    expect(await findProposalByThreadForUser(t.sql, threadId, intruderId)).toBeUndefined();
  });

  it('answers 400 for a malformed proposal id on every route', async () => {
    for (const [method, path] of [
      ['GET', '/api/proposals/xyz'],
      ['POST', '/api/proposals/xyz/approve'],
      ['POST', '/api/proposals/xyz/reject'],
      ['POST', '/api/refinements/xyz/approve'],
      ['POST', '/api/refinements/xyz/reject'],
    ] as const) {
      const res = await t.call(method, path);
      expect([path, res.status, res.body.error.code]).toEqual([path, 400, 'invalid_id']);
    }
  });
});
