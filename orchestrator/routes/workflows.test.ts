import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/harness.js';

describe('workflow routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('orch_wf');
  });
  afterAll(async () => {
    await t.close();
  });

  it('creates a workflow with 201 and returns it by id and in the list', async () => {
    const created = await t.call('POST', '/api/workflows', {
      body: { name: '  Support bot ', description: 'answers' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'Support bot',
      description: 'answers',
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    const got = await t.call('GET', `/api/workflows/${created.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(created.body);
    const list = await t.call('GET', '/api/workflows');
    expect(list.body.workflows.map((w: { id: string }) => w.id)).toContain(created.body.id);
  });

  it('creates the user from the token sub on first request', async () => {
    await t.call('GET', '/api/workflows', { sub: 'first-timer' });
    const rows = await t.sql`select subject from users where subject = 'first-timer'`;
    expect(rows).toHaveLength(1);
  });

  it('defaults the description to an empty string', async () => {
    const res = await t.call('POST', '/api/workflows', { body: { name: 'x' } });
    expect(res.status).toBe(201);
    expect(res.body.description).toBe('');
  });

  it.each([
    ['missing name', {}, "'name' is required"],
    ['empty name', { name: '  ' }, "'name' must not be empty"],
    ['name not a string', { name: 3 }, "'name' must be a string"],
    ['description not a string', { name: 'a', description: [] }, "'description' must be a string"],
    ['name too long', { name: 'n'.repeat(201) }, "'name' must be at most 200 characters"],
  ])('answers 400 for %s', async (_reason, body, message) => {
    const res = await t.call('POST', '/api/workflows', { body });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: 'invalid_request', message } });
  });

  it('answers 400 for a body that is not JSON or not an object', async () => {
    const bad = await t.call('POST', '/api/workflows', { body: '{"name":' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('request body must be valid JSON');
    const arr = await t.call('POST', '/api/workflows', { body: '[1]' });
    expect(arr.body.error.message).toBe('request body must be a JSON object');
  });

  it('answers 400 for a malformed id', async () => {
    const res = await t.call('GET', '/api/workflows/not-a-uuid');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: 'invalid_id', message: 'workflow id must be a UUID' } });
  });

  it("answers 404 for another user's workflow exactly like a missing one", async () => {
    const mine = await t.call('POST', '/api/workflows', { body: { name: 'private' }, sub: 'owner' });
    const foreign = await t.call('GET', `/api/workflows/${mine.body.id}`, { sub: 'intruder' });
    const missing = await t.call('GET', '/api/workflows/00000000-0000-4000-8000-000000000000', {
      sub: 'intruder',
    });
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(missing.body);
    expect(foreign.body).toEqual({ error: { code: 'not_found', message: 'workflow not found' } });
    const list = await t.call('GET', '/api/workflows', { sub: 'intruder' });
    expect(list.body.workflows).toEqual([]);
  });

  it('answers 401 without a token', async () => {
    const res = await t.call('GET', '/api/workflows', { sub: null });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(res.body.error.code).toBe('unauthorized');
  });

  it('answers 413 for a body over 10 MiB', async () => {
    const res = await t.call('POST', '/api/workflows', {
      body: JSON.stringify({ name: 'big', description: 'x'.repeat(10 * 1024 * 1024) }),
    });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('records workflow creation in the audit trail, which refuses updates', async () => {
    const created = await t.call('POST', '/api/workflows', { body: { name: 'audited' } });
    const rows = await t.sql`select action from audit_events where workflow_id = ${created.body.id}`;
    expect(rows.map((r) => r.action)).toEqual(['workflow.created']);
    await expect(t.sql`update audit_events set action = 'x'`).rejects.toThrow(/append-only/);
    await expect(t.sql`delete from audit_events`).rejects.toThrow(/append-only/);
  });
});
