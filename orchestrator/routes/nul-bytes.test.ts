/** A NUL character anywhere a client can put text is refused up front, naming the field, never a 500. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/harness.js';

describe('NUL characters in requests', () => {
  let t: TestApp;
  let workflowId = '';
  beforeAll(async () => {
    t = await createTestApp('orch_nul');
    workflowId = (await t.call('POST', '/api/workflows', { body: { name: 'wf' } })).body.id;
  });
  afterAll(async () => {
    await t.close();
  });

  const cases: Record<
    string,
    {
      reason: string;
      method: string;
      path: () => string;
      body: unknown;
      sub?: string;
      want: [number, string];
    }
  > = {
    workflowName: {
      reason: 'a workflow name',
      method: 'POST',
      path: () => '/api/workflows',
      body: { name: 'a\u0000b' },
      want: [400, "'name' must not contain NUL characters"],
    },
    workflowDescription: {
      reason: 'a workflow description',
      method: 'POST',
      path: () => '/api/workflows',
      body: { name: 'ok', description: 'x\u0000' },
      want: [400, "'description' must not contain NUL characters"],
    },
    fileContent: {
      reason: 'draft file content as a string',
      method: 'PUT',
      path: () => `/api/workflows/${workflowId}/draft/files/THE_SPEC/plan.md`,
      body: { content: 'line\u0000' },
      want: [400, "'content' must not contain NUL characters"],
    },
    fileLines: {
      reason: 'draft file content as lines',
      method: 'PUT',
      path: () => `/api/workflows/${workflowId}/draft/files/THE_SPEC/plan.md`,
      body: { content: ['ok', 'not\u0000ok'] },
      want: [400, "'content[1]' must not contain NUL characters"],
    },
    instructions: {
      reason: 'refinement instructions',
      method: 'POST',
      path: () => `/api/workflows/${workflowId}/refinements`,
      body: { instructions: 'do\u0000it' },
      want: [400, "'instructions' must not contain NUL characters"],
    },
    filePath: {
      reason: 'a file path in the URL',
      method: 'PUT',
      path: () => `/api/workflows/${workflowId}/draft/files/a%00b.md`,
      body: { content: 'x' },
      want: [400, 'file path must not contain control characters'],
    },
    subject: {
      reason: "a JWT 'sub' (answers like any unusable token)",
      method: 'GET',
      path: () => '/api/workflows',
      body: undefined,
      sub: 'ali\u0000ce',
      want: [401, "token has no valid 'sub' claim"],
    },
  };

  for (const [name, c] of Object.entries(cases)) {
    it(`${name}: refuses ${c.reason} with ${c.want[0]}`, async () => {
      const res = await t.call(c.method, c.path(), {
        ...(c.body === undefined ? {} : { body: c.body }),
        ...(c.sub ? { sub: c.sub } : {}),
      });
      expect(res.status, JSON.stringify(res.body)).toBe(c.want[0]);
      expect(res.body.error.message).toContain(c.want[1]);
    });
  }

  it('leaves nothing half-written: the draft and the workflow list are unchanged', async () => {
    expect((await t.call('GET', `/api/workflows/${workflowId}/draft`)).body).toEqual({
      revision: 0,
      files: {},
    });
    expect((await t.call('GET', '/api/workflows')).body.workflows).toHaveLength(1);
    expect(t.engine.requests).toHaveLength(0);
  });
});
