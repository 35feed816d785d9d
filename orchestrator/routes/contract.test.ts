import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeProposal } from '../services/proposals.js';
import { createTestApp, type TestApp, tree } from '../testing/harness.js';
import { signTestToken } from '../testing/tokens.js';

describe('the API contract: validation, methods and media types', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('orch_contract');
  });
  afterAll(async () => {
    await t.close();
  });

  it.each([
    ['an unknown field', { name: 'x', bogus: 1 }, "'bogus' is not allowed"],
    ['a description of the wrong type', { name: 'x', description: 5 }, "'description' must be a string"],
  ])('answers 400 naming the field for %s, and creates nothing', async (_reason, body, message) => {
    const before = await t.sql`select count(*)::int as n from workflows`;
    const res = await t.call('POST', '/api/workflows', { body });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: 'invalid_request', message } });
    expect((await t.sql`select count(*)::int as n from workflows`)[0]?.n).toBe(before[0]?.n);
  });

  it('answers 415 for a body that is not application/json', async () => {
    const token = await signTestToken({ sub: 'alice' });
    const plain = await t.app.request('/api/workflows', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
      body: '{"name":"x"}',
    });
    expect(plain.status).toBe(415);
    expect(await plain.json()).toEqual({
      error: {
        code: 'unsupported_media_type',
        message: 'request body must be JSON (Content-Type: application/json)',
      },
    });
  });

  it('answers 405 with Allow for a known path and a wrong method, 404 for an unknown path', async () => {
    const wf = await t.call('POST', '/api/workflows', { body: { name: 'x' } });
    const res = await t.call('PUT', `/api/workflows/${wf.body.id}`, { body: {} });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, DELETE, PATCH, HEAD');
    expect(res.body.error.code).toBe('method_not_allowed');
    const collection = await t.call('DELETE', '/api/workflows');
    expect(collection.status).toBe(405);
    expect(collection.headers.get('allow')).toBe('GET, POST, HEAD');
    expect((await t.call('GET', `/api/workflows/${wf.body.id}/nothing`)).status).toBe(404);
  });

  it('renames a workflow with PATCH and keeps what was not sent', async () => {
    const wf = await t.call('POST', '/api/workflows', { body: { name: 'old', description: 'kept' } });
    const res = await t.call('PATCH', `/api/workflows/${wf.body.id}`, { body: { name: ' new ' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: wf.body.id, name: 'new', description: 'kept' });
    expect((await t.call('GET', `/api/workflows/${wf.body.id}`)).body.name).toBe('new');
    const foreign = await t.call('PATCH', `/api/workflows/${wf.body.id}`, {
      body: { name: 'x' },
      sub: 'bob',
    });
    expect(foreign.status).toBe(404);
  });

  it('pages workflows newest first, each exactly once while new ones are created', async () => {
    const sub = 'pager';
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      made.push((await t.call('POST', '/api/workflows', { body: { name: `w${i}` }, sub })).body.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${encodeURIComponent(cursor)}` : '?limit=2';
      const page = await t.call('GET', `/api/workflows${query}`, { sub });
      expect(page.status).toBe(200);
      expect(page.body.workflows.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.workflows.map((w: { id: string }) => w.id));
      cursor = page.body.next_cursor;
      // Created between pages: sorts before the cursor, so it never shows up on a later page.
      await t.call('POST', '/api/workflows', { body: { name: 'meanwhile' }, sub: 'pager-late' });
    } while (cursor);
    expect(seen).toEqual([...made].reverse());
    expect((await t.call('GET', '/api/workflows?limit=201', { sub })).status).toBe(400);
    const bad = await t.call('GET', '/api/workflows?cursor=nope', { sub });
    expect(bad.body.error).toEqual({
      code: 'invalid_request',
      message: "'cursor' is not a cursor this API returned",
    });
  });

  it("lists a workflow's proposals, filtered by status, and answers 404 for another user's workflow", async () => {
    const wf = (await t.call('POST', '/api/workflows', { body: { name: 'p' } })).body.id;
    await t.call('PUT', `/api/workflows/${wf}/draft/files/a.md`, { body: { content: 'a' } });
    const first = (
      await t.call('POST', `/api/workflows/${wf}/refinements`, { body: { instructions: 'one' } })
    ).body;
    const second = (
      await t.call('POST', `/api/workflows/${wf}/refinements`, { body: { instructions: 'two' } })
    ).body;
    await completeProposal(t.sql, first.proposal_id, tree({ '/a.md': ['b'] }));
    const all = await t.call('GET', `/api/workflows/${wf}/proposals`);
    expect(all.status).toBe(200);
    expect(all.body.proposals.map((p: { id: string }) => p.id)).toEqual([
      second.proposal_id,
      first.proposal_id,
    ]);
    expect(all.body.proposals[1]).toMatchObject({
      status: 'completed',
      instructions: 'one',
      resolution: null,
    });
    const done = await t.call('GET', `/api/workflows/${wf}/proposals?status=completed`);
    expect(done.body.proposals.map((p: { id: string }) => p.id)).toEqual([first.proposal_id]);
    expect((await t.call('GET', `/api/workflows/${wf}/proposals?status=nope`)).status).toBe(400);
    expect((await t.call('GET', `/api/workflows/${wf}/proposals`, { sub: 'bob' })).status).toBe(404);
  });
});
