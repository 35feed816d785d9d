import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeProposal } from '../services/proposals.js';
import { createTestApp, draftOf, type TestApp, tree, workflowWithRefinement } from '../testing/harness.js';

describe('partial approval: POST /api/proposals/{id}/approve {"files": [...]}', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('orch_partial');
  });
  afterAll(async () => {
    await t.close();
  });

  async function completed(): Promise<{ workflowId: string; proposalId: string }> {
    const { workflowId, proposalId } = await workflowWithRefinement(t);
    // `/THE_SPEC/plan.md` is a spec file the agent added; `/notes.md` one of its working notes.
    const generated = tree({
      '/keep.md': ['same'],
      '/change.md': ['new'],
      '/THE_SPEC/plan.md': ['plan'],
      '/notes.md': ['thinking'],
    });
    await completeProposal(t.sql, proposalId, generated);
    return { workflowId, proposalId };
  }

  const draftContents = async (workflowId: string) => (await draftOf(t, workflowId)).files;

  it('applies only the listed files (an add and a delete) and leaves the others as the draft has them', async () => {
    const { workflowId, proposalId } = await completed();
    const res = await t.call('POST', `/api/proposals/${proposalId}/approve`, {
      body: { files: ['/THE_SPEC/plan.md', '/drop.md'] },
    });
    expect(res.status).toBe(200);
    expect(res.body.applied).toEqual({
      added: ['/THE_SPEC/plan.md'],
      modified: [],
      deleted: ['/drop.md'],
    });
    expect(await draftContents(workflowId)).toEqual({
      '/keep.md': ['same'],
      '/change.md': ['old'],
      '/THE_SPEC/plan.md': ['plan'],
    });
  });

  it('answers 400 for a working note of the agent (never applied), and changes nothing', async () => {
    const { workflowId, proposalId } = await completed();
    const before = await draftContents(workflowId);
    const res = await t.call('POST', `/api/proposals/${proposalId}/approve`, {
      body: { files: ['/THE_SPEC/plan.md', '/notes.md'] },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      "'files': '/notes.md' is a working note of the agent; notes are never applied",
    );
    expect(await draftContents(workflowId)).toEqual(before);
  });

  it('answers 400 naming a path the proposal does not change, and changes nothing', async () => {
    const { workflowId, proposalId } = await completed();
    const before = await draftContents(workflowId);
    const res = await t.call('POST', `/api/refinements/${proposalId}/approve`, {
      body: { files: ['/change.md', '/keep.md'] },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      code: 'invalid_request',
      message: "'files': '/keep.md' is not changed by this proposal",
    });
    expect(await draftContents(workflowId)).toEqual(before);
    expect((await t.call('GET', `/api/proposals/${proposalId}`)).body.status).toBe('completed');
  });

  it('answers 400 for an unknown field or an empty list', async () => {
    const { proposalId } = await completed();
    const unknown = await t.call('POST', `/api/proposals/${proposalId}/approve`, {
      body: { file: ['/THE_SPEC/plan.md'] },
    });
    expect(unknown.body.error.message).toBe("'file' is not allowed");
    const empty = await t.call('POST', `/api/proposals/${proposalId}/approve`, { body: { files: [] } });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toBe("'files' must have at least 1 items");
  });
});
