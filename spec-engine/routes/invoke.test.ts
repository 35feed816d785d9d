/** The invoke body limit is derived from the orchestrator's draft limit (common/contracts/draft-size.ts). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVOKE_MAX_BYTES } from '../../common/contracts/draft-size.js';
import { createTestDatabase, type TestDatabase } from '../../common/testing/postgres.js';
import type { RunningEngine } from '../server.js';
import { startTestEngine } from '../testing/harness.js';

/** A JSON body of exactly `bytes` bytes whose `input_payload` is invalid (so no run starts). */
function bodyOf(bytes: number): string {
  const head = '{"input_payload":5,"pad":"';
  const tail = '"}';
  return head + 'a'.repeat(bytes - head.length - tail.length) + tail;
}

describe('POST /spec-engine/invoke body limit', () => {
  let db: TestDatabase;
  let engine: RunningEngine;
  beforeAll(async () => {
    db = await createTestDatabase('spec_invoke_limit');
    engine = await startTestEngine({ databaseUrl: db.url, env: { SPEC_ENGINE_TOKEN: 'tok' } });
  });
  afterAll(async () => {
    await engine?.stop();
    await db?.drop();
  });

  const post = (body: string) =>
    fetch(`${engine.url}/spec-engine/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer tok' },
      body,
    });

  it('reads a body up to the limit (larger than the largest refinement of an accepted draft)', async () => {
    const res = await post(bodyOf(INVOKE_MAX_BYTES));
    expect(res.status).toBe(400); // validated, not refused for its size
    expect(JSON.stringify(await res.json())).toContain('input_payload');
  });

  it('answers 413 one byte over the limit', async () => {
    const res = await post(bodyOf(INVOKE_MAX_BYTES + 1));
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('too_large');
  });
});
