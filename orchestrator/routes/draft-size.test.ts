/** `WORKFLOW_DRAFT_MAX_BYTES`: a draft is refused when written, so every accepted draft can be refined. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DRAFT_MAX_BYTES,
  INVOKE_MAX_BYTES,
  MAX_INSTRUCTIONS_LENGTH,
} from '../../common/contracts/draft-size.js';
import { createTestApp, type TestApp } from '../testing/harness.js';

const MiB = 1024 * 1024;

describe('draft size limit', () => {
  let small: TestApp;
  let full: TestApp;
  beforeAll(async () => {
    small = await createTestApp('orch_dsize', { env: { WORKFLOW_DRAFT_MAX_BYTES: '4096' } });
    full = await createTestApp('orch_dfull');
  });
  afterAll(async () => {
    await small?.close();
    await full?.close();
  });

  const put = (t: TestApp, id: string, path: string, content: string) =>
    t.call('PUT', `/api/workflows/${id}/draft/files/${path}`, { body: { content } });

  it('answers 413 naming the limit and the size the draft would have, and writes nothing', async () => {
    const id = (await small.call('POST', '/api/workflows', { body: { name: 'wf' } })).body.id;
    expect((await put(small, id, 'a.md', 'x'.repeat(3000))).status).toBe(200);
    const refused = await put(small, id, 'b.md', 'y'.repeat(3000));
    expect(refused.status).toBe(413);
    expect(refused.body.error.code).toBe('draft_too_large');
    expect(refused.body.error.message).toMatch(
      /would be \d{4} bytes; WORKFLOW_DRAFT_MAX_BYTES allows at most 4096 bytes/,
    );
    const draft = await small.call('GET', `/api/workflows/${id}/draft`);
    expect(draft.body.revision).toBe(1);
    expect(Object.keys(draft.body.files)).toEqual(['/a.md']);
    // Replacing a file counts its new size, not both.
    expect((await put(small, id, 'a.md', 'z'.repeat(3500))).status).toBe(200);
  });

  it('counts content as it travels (JSON): escaped characters count twice', async () => {
    const id = (await small.call('POST', '/api/workflows', { body: { name: 'wf' } })).body.id;
    expect((await put(small, id, 'q.md', '"'.repeat(2500))).status).toBe(413);
  });

  it('refuses a second large file (default 8 MiB) and refines the accepted draft: 202, never 502', async () => {
    const id = (await full.call('POST', '/api/workflows', { body: { name: 'big' } })).body.id;
    // ~7.6 MiB once JSON-escaped: the largest kind of draft that is still accepted.
    expect((await put(full, id, 'THE_SPEC/plan.md', '"'.repeat(3.8 * MiB))).status).toBe(200);
    const second = await put(full, id, 'THE_SPEC/more.md', 'm'.repeat(1 * MiB));
    expect(second.status).toBe(413);
    expect(second.body.error.message).toContain(`at most ${DRAFT_MAX_BYTES} bytes`);

    // Worst-case instructions and selection (every character needs 6 bytes of JSON).
    const worst = '\u0001'.repeat(MAX_INSTRUCTIONS_LENGTH);
    full.engine.requests.length = 0;
    const started = await full.call('POST', `/api/workflows/${id}/refinements`, {
      body: { instructions: worst, context_selection: worst },
    });
    expect(started.status, JSON.stringify(started.body).slice(0, 300)).toBe(202);
    const invoke = full.engine.requests.find((r) => r.path.endsWith('/invoke'));
    expect(Number(invoke?.headers['content-length'])).toBeLessThanOrEqual(INVOKE_MAX_BYTES);
  }, 60_000);
});
