import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/harness.js';

describe('draft and version routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('orch_draft');
  });
  afterAll(async () => {
    await t.close();
  });

  async function newWorkflow(sub = 'alice'): Promise<string> {
    return (await t.call('POST', '/api/workflows', { body: { name: 'wf' }, sub })).body.id;
  }

  it('starts with an empty draft at revision 0', async () => {
    const id = await newWorkflow();
    const res = await t.call('GET', `/api/workflows/${id}/draft`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ revision: 0, files: {} });
  });

  it('audits every draft change with the revision it made, and a refused write not at all', async () => {
    const id = await newWorkflow();
    const file = `/api/workflows/${id}/draft/files/a.md`;
    expect((await t.call('PUT', file, { body: { content: 'x' } })).status).toBe(200);
    expect((await t.call('DELETE', file)).status).toBe(200);
    expect((await t.call('DELETE', file)).status).toBe(404);
    expect((await t.call('DELETE', `/api/workflows/${id}/draft`)).status).toBe(200);
    const rows = await t.sql`
      select action, detail from audit_events where workflow_id = ${id} and action like 'draft.%' order by id`;
    expect(rows.map((r) => ({ ...r }))).toEqual([
      { action: 'draft.file_written', detail: { path: '/a.md', revision: 1 } },
      { action: 'draft.file_deleted', detail: { path: '/a.md', revision: 2 } },
      { action: 'draft.discarded', detail: { revision: 3, reset_to_version: null } },
    ]);
  });

  it('writes files from a string or lines, keeps created_at and bumps the revision', async () => {
    const id = await newWorkflow();
    const first = await t.call('PUT', `/api/workflows/${id}/draft/files/THE_SPEC/plan.md`, {
      body: { content: 'line 1\r\nline 2' },
    });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      path: '/THE_SPEC/plan.md',
      revision: 1,
      file: {
        content: ['line 1', 'line 2'],
        created_at: expect.any(String),
        modified_at: expect.any(String),
      },
    });
    const second = await t.call('PUT', `/api/workflows/${id}/draft/files/THE_SPEC/plan.md`, {
      body: { content: ['only'] },
    });
    expect(second.body.revision).toBe(2);
    expect(second.body.file.created_at).toBe(first.body.file.created_at);
    const draft = await t.call('GET', `/api/workflows/${id}/draft`);
    expect(draft.body).toEqual({ revision: 2, files: { '/THE_SPEC/plan.md': second.body.file } });
  });

  it('decodes URL-encoded path segments', async () => {
    const id = await newWorkflow();
    const res = await t.call('PUT', `/api/workflows/${id}/draft/files/THE%20CAST/Agent%231.md`, {
      body: { content: 'x' },
    });
    expect(res.status).toBe(200);
    expect(res.body.path).toBe('/THE CAST/Agent#1.md');
  });

  it.each([
    ['a .. segment (encoded slashes)', 'a%2F..%2Fetc%2Fpasswd', "must not contain '.' or '..' segments"],
    ['a . segment', 'a%2F.%2Fb', "must not contain '.' or '..' segments"],
    ['an empty segment', 'a%2F%2Fb', 'must not contain empty segments'],
    ['a path over 500 characters', 'p'.repeat(500), 'at most 500 characters'],
    ['a control character', 'a%00b', 'control characters'],
    ['a backslash', 'a%5Cb', 'control characters or backslashes'],
    ['a trailing slash', 'dir/', 'must name a file'],
    ['broken URL encoding', 'a%E0%A4%A', 'not valid URL encoding'],
  ])('answers 400 for %s', async (_reason, tail, message) => {
    const id = await newWorkflow();
    const res = await t.call('PUT', `/api/workflows/${id}/draft/files/${tail}`, { body: { content: 'x' } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(message);
  });

  it('accepts a path of exactly 500 characters', async () => {
    const id = await newWorkflow();
    const res = await t.call('PUT', `/api/workflows/${id}/draft/files/${'p'.repeat(499)}`, {
      body: { content: 'x' },
    });
    expect(res.status).toBe(200);
  });

  it('answers 413 for a file body over 10 MiB and keeps the draft unchanged', async () => {
    const id = await newWorkflow();
    const res = await t.call('PUT', `/api/workflows/${id}/draft/files/big.md`, {
      body: { content: 'x'.repeat(10 * 1024 * 1024 + 1) },
    });
    expect(res.status).toBe(413);
    expect((await t.call('GET', `/api/workflows/${id}/draft`)).body).toEqual({ revision: 0, files: {} });
  });

  it('answers 400 when content is missing or not strings', async () => {
    const id = await newWorkflow();
    for (const body of [{}, { content: 3 }, { content: ['a', 1] }, { content: ['a\nb'] }]) {
      const res = await t.call('PUT', `/api/workflows/${id}/draft/files/a.md`, { body });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/'content'/);
    }
  });

  it('deletes a file (404 when absent) and bumps the revision', async () => {
    const id = await newWorkflow();
    await t.call('PUT', `/api/workflows/${id}/draft/files/a.md`, { body: { content: 'a' } });
    const del = await t.call('DELETE', `/api/workflows/${id}/draft/files/a.md`);
    expect(del.status).toBe(200);
    expect(del.body).toEqual({ path: '/a.md', revision: 2 });
    const again = await t.call('DELETE', `/api/workflows/${id}/draft/files/a.md`);
    expect(again.status).toBe(404);
    expect(again.body.error.message).toBe('file not found');
  });

  it('publishes versions, lists them and returns one with its files', async () => {
    const id = await newWorkflow();
    const empty = await t.call('POST', `/api/workflows/${id}/versions`);
    expect(empty.status).toBe(409);
    expect(empty.body.error.code).toBe('draft_empty');
    await t.call('PUT', `/api/workflows/${id}/draft/files/a.md`, { body: { content: 'v1' } });
    const v1 = await t.call('POST', `/api/workflows/${id}/versions`);
    expect(v1.status).toBe(201);
    expect(v1.body).toMatchObject({ workflow_id: id, version: 1, draft_revision: 1, file_count: 1 });
    await t.call('PUT', `/api/workflows/${id}/draft/files/a.md`, { body: { content: 'v2' } });
    const v2 = await t.call('POST', `/api/workflows/${id}/versions`);
    expect(v2.body.version).toBe(2);
    const list = await t.call('GET', `/api/workflows/${id}/versions`);
    expect(list.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    const got = await t.call('GET', `/api/workflows/${id}/versions/1`);
    expect(got.status).toBe(200);
    expect(got.body.files['/a.md'].content).toEqual(['v1']);
    expect((await t.call('GET', `/api/workflows/${id}/versions/3`)).status).toBe(404);
    expect((await t.call('GET', `/api/workflows/${id}/versions/0`)).status).toBe(400);
    expect((await t.call('GET', `/api/workflows/${id}/versions/one`)).status).toBe(400);
  });

  it('numbers concurrent publishes without gaps or duplicates', async () => {
    const id = await newWorkflow();
    await t.call('PUT', `/api/workflows/${id}/draft/files/a.md`, { body: { content: 'a' } });
    const results = await Promise.all(
      Array.from({ length: 5 }, () => t.call('POST', `/api/workflows/${id}/versions`)),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(results.map((r) => r.body.version).sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('discards the draft back to the latest version, or to nothing', async () => {
    const id = await newWorkflow();
    await t.call('PUT', `/api/workflows/${id}/draft/files/a.md`, { body: { content: 'kept' } });
    const unpublished = await t.call('DELETE', `/api/workflows/${id}/draft`);
    expect(unpublished.body).toEqual({ revision: 2, files: {} });
    await t.call('PUT', `/api/workflows/${id}/draft/files/a.md`, { body: { content: 'kept' } });
    await t.call('POST', `/api/workflows/${id}/versions`);
    await t.call('PUT', `/api/workflows/${id}/draft/files/a.md`, { body: { content: 'changed' } });
    await t.call('PUT', `/api/workflows/${id}/draft/files/b.md`, { body: { content: 'new' } });
    const res = await t.call('DELETE', `/api/workflows/${id}/draft`);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.files)).toEqual(['/a.md']);
    expect(res.body.files['/a.md'].content).toEqual(['kept']);
    expect(res.body.revision).toBe(6);
  });

  it("answers 404 on every draft and version route for another user's workflow", async () => {
    const id = await newWorkflow('owner');
    await t.call('PUT', `/api/workflows/${id}/draft/files/a.md`, { body: { content: 'a' }, sub: 'owner' });
    await t.call('POST', `/api/workflows/${id}/versions`, { sub: 'owner' });
    const routes: [string, string, unknown?][] = [
      ['GET', `/api/workflows/${id}/draft`],
      ['DELETE', `/api/workflows/${id}/draft`],
      ['PUT', `/api/workflows/${id}/draft/files/a.md`, { content: 'evil' }],
      ['DELETE', `/api/workflows/${id}/draft/files/a.md`],
      ['POST', `/api/workflows/${id}/versions`],
      ['GET', `/api/workflows/${id}/versions`],
      ['GET', `/api/workflows/${id}/versions/1`],
    ];
    for (const [method, path, body] of routes) {
      const res = await t.call(method, path, { sub: 'intruder', body });
      expect([method, path, res.status, res.body]).toEqual([
        method,
        path,
        404,
        { error: { code: 'not_found', message: 'workflow not found' } },
      ]);
    }
    const draft = await t.call('GET', `/api/workflows/${id}/draft`, { sub: 'owner' });
    expect(draft.body).toMatchObject({ revision: 1, files: { '/a.md': { content: ['a'] } } });
  });

  it('answers 400 for a malformed workflow id on draft routes', async () => {
    const res = await t.call('PUT', '/api/workflows/123/draft/files/a.md', { body: { content: 'a' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_id');
  });
});
