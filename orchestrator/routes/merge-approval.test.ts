import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeProposal } from '../services/proposals.js';
import { createTestApp, draftOf, type TestApp, tree, workflowWithRefinement } from '../testing/harness.js';

describe('approve merges three ways by path: edits made while a run is in flight', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('orch_merge');
  });
  afterAll(async () => {
    await t.close();
  });

  // The run keeps /keep.md, changes /change.md, deletes /drop.md and adds /THE_SPEC/plan.md.
  const generated = tree({ '/keep.md': ['same'], '/change.md': ['new'], '/THE_SPEC/plan.md': ['plan'] });

  const inFlight = () => workflowWithRefinement(t);

  const put = (workflowId: string, path: string, content: string) =>
    t.call('PUT', `/api/workflows/${workflowId}/draft/files/${path}`, { body: { content } });

  const draft = (workflowId: string) => draftOf(t, workflowId);

  const approve = (proposalId: string, files?: string[]) =>
    t.call('POST', `/api/proposals/${proposalId}/approve`, files ? { body: { files } } : {});

  it("records the sha256 of each draft file's lines (as JSON) when the refinement starts", async () => {
    const { proposalId } = await inFlight();
    const sha = (lines: string[]) => createHash('sha256').update(JSON.stringify(lines)).digest('hex');
    const [row] = await t.sql`select base_hashes from proposals where id = ${proposalId}`;
    expect(row!.base_hashes).toEqual({
      '/keep.md': sha(['same']),
      '/change.md': sha(['old']),
      '/drop.md': sha(['bye']),
    });
  });

  it("applies the proposal's files and keeps edits to files it did not change, bumping the revision once", async () => {
    const { workflowId, proposalId } = await inFlight();
    await put(workflowId, 'keep.md', 'mine');
    await put(workflowId, 'late.md', 'added meanwhile');
    await completeProposal(t.sql, proposalId, generated);
    const view = await t.call('GET', `/api/proposals/${proposalId}`);
    expect(view.body.changes).toEqual({
      added: ['/THE_SPEC/plan.md'],
      modified: ['/change.md'],
      deleted: ['/drop.md'],
      conflicts: [],
    });
    const before = await draft(workflowId);
    const res = await approve(proposalId);
    expect(res.status).toBe(200);
    expect(res.body.applied).toEqual({
      added: ['/THE_SPEC/plan.md'],
      modified: ['/change.md'],
      deleted: ['/drop.md'],
    });
    expect(await draft(workflowId)).toEqual({
      revision: before.revision + 1,
      files: {
        '/keep.md': ['mine'],
        '/late.md': ['added meanwhile'],
        '/change.md': ['new'],
        '/THE_SPEC/plan.md': ['plan'],
      },
    });
    const [audit] = await t.sql`
      select detail from audit_events where proposal_id = ${proposalId} and action = 'proposal.approved'`;
    expect(audit!.detail).toEqual({
      added: ['/THE_SPEC/plan.md'],
      modified: ['/change.md'],
      deleted: ['/drop.md'],
      draft_revision: before.revision + 1,
      base_revision: 3,
    });
  });

  it('answers 409 draft_changed listing exactly the file both changed, shows it in the view, and approves the others alone', async () => {
    const { workflowId, proposalId } = await inFlight();
    await put(workflowId, 'change.md', 'mine');
    await put(workflowId, 'late.md', 'unrelated');
    await completeProposal(t.sql, proposalId, generated);
    const view = await t.call('GET', `/api/proposals/${proposalId}`);
    expect(view.body.changes).toEqual({
      added: ['/THE_SPEC/plan.md'],
      modified: ['/change.md'],
      deleted: ['/drop.md'],
      conflicts: ['/change.md'],
    });
    const before = await draft(workflowId);
    for (const files of [undefined, ['/change.md', '/drop.md']]) {
      const res = await approve(proposalId, files);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('draft_changed');
      expect(res.body.error.conflicts).toEqual(['/change.md']);
      expect(res.body.error.message).toContain('changed differently by both: /change.md;');
      expect(res.body.error.message).not.toMatch(/plan\.md|drop\.md|late\.md/);
    }
    expect(await draft(workflowId)).toEqual(before);
    expect((await t.call('GET', `/api/proposals/${proposalId}`)).body.status).toBe('completed');

    const partial = await approve(proposalId, ['/THE_SPEC/plan.md', '/drop.md']);
    expect(partial.status).toBe(200);
    expect(partial.body.applied).toEqual({
      added: ['/THE_SPEC/plan.md'],
      modified: [],
      deleted: ['/drop.md'],
    });
    expect(await draft(workflowId)).toEqual({
      revision: before.revision + 1,
      files: {
        '/keep.md': ['same'],
        '/change.md': ['mine'],
        '/late.md': ['unrelated'],
        '/THE_SPEC/plan.md': ['plan'],
      },
    });
  });

  it('sees no conflict where the draft made the same changes as the proposal', async () => {
    const { workflowId, proposalId } = await inFlight();
    await put(workflowId, 'change.md', 'new');
    await put(workflowId, 'THE_SPEC/plan.md', 'plan');
    await t.call('DELETE', `/api/workflows/${workflowId}/draft/files/drop.md`);
    await completeProposal(t.sql, proposalId, generated);
    const view = await t.call('GET', `/api/proposals/${proposalId}`);
    expect(view.body.changes).toEqual({ added: [], modified: [], deleted: [], conflicts: [] });
    const res = await approve(proposalId);
    expect(res.status).toBe(200);
    expect(res.body.applied).toEqual({ added: [], modified: [], deleted: [] });
    expect((await draft(workflowId)).files).toEqual({
      '/keep.md': ['same'],
      '/change.md': ['new'],
      '/THE_SPEC/plan.md': ['plan'],
    });
  });

  it('conflicts on a file the draft deleted and the proposal modified, and on one the draft modified and the proposal deleted', async () => {
    const { workflowId, proposalId } = await inFlight();
    await t.call('DELETE', `/api/workflows/${workflowId}/draft/files/change.md`);
    await put(workflowId, 'drop.md', 'still needed');
    await completeProposal(t.sql, proposalId, generated);
    const view = await t.call('GET', `/api/proposals/${proposalId}`);
    expect(view.body.changes).toEqual({
      added: ['/THE_SPEC/plan.md', '/change.md'],
      modified: [],
      deleted: ['/drop.md'],
      conflicts: ['/change.md', '/drop.md'],
    });
    const res = await approve(proposalId);
    expect([res.status, res.body.error.code, res.body.error.conflicts]).toEqual([
      409,
      'draft_changed',
      ['/change.md', '/drop.md'],
    ]);
    expect((await draft(workflowId)).files).toEqual({ '/keep.md': ['same'], '/drop.md': ['still needed'] });
  });

  it('keeps the revision check for a proposal started before base hashes were recorded', async () => {
    const { workflowId, proposalId } = await inFlight();
    await t.sql`update proposals set base_hashes = null where id = ${proposalId}`;
    await put(workflowId, 'late.md', 'unrelated');
    await completeProposal(t.sql, proposalId, generated);
    const view = await t.call('GET', `/api/proposals/${proposalId}`);
    // Two-way against the current draft, as before: the draft's own file would be deleted.
    expect(view.body.changes).toEqual({
      added: ['/THE_SPEC/plan.md'],
      modified: ['/change.md'],
      deleted: ['/drop.md', '/late.md'],
      conflicts: [],
    });
    const before = await draft(workflowId);
    const res = await approve(proposalId);
    expect(res.status).toBe(409);
    expect(res.body.error).toEqual({
      code: 'draft_changed',
      message:
        'the draft changed since this proposal was started (draft revision 4, proposal based on revision 3); reject it and start a new refinement',
    });
    expect(await draft(workflowId)).toEqual(before);
  });
});
