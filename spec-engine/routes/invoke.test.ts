/** The HTTP edge of the engine: body limit, body format, token, the OpenAPI document; every answer checked against it. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVOKE_MAX_BYTES } from '../../common/contracts/draft-size.js';
import { createTestDatabase, type TestDatabase } from '../../common/testing/postgres.js';
import type { RunningEngine } from '../server.js';
import { SPEC_ENGINE_OPENAPI_FILE } from '../testing/contract.js';
import { getJson, invokeBody, postJson, requestJson, startTestEngine } from '../testing/harness.js';

/** A JSON body of exactly `bytes` bytes whose `input_payload` is invalid (so no run starts). */
function bodyOf(bytes: number): string {
  const head = '{"input_payload":5,"pad":"';
  const tail = '"}';
  return head + 'a'.repeat(bytes - head.length - tail.length) + tail;
}

const AUTH = { authorization: 'Bearer tok' };

describe('the Spec Engine HTTP edge (SPEC_ENGINE_TOKEN set)', () => {
  let db: TestDatabase;
  let engine: RunningEngine;
  let base: string;
  beforeAll(async () => {
    db = await createTestDatabase('spec_invoke_limit');
    engine = await startTestEngine({ databaseUrl: db.url, env: { SPEC_ENGINE_TOKEN: 'tok' } });
    base = `${engine.url}/spec-engine`;
  });
  afterAll(async () => {
    await engine?.stop();
    await db?.drop();
  });

  it('reads a body up to the limit (larger than the largest refinement of an accepted draft)', async () => {
    const res = await postJson(`${base}/invoke`, bodyOf(INVOKE_MAX_BYTES), AUTH);
    expect(res.status).toBe(400); // validated, not refused for its size
    expect(res.body.error).toMatchObject({ code: 'invalid_request', field: 'input_payload' });
  });

  it('answers 413 one byte over the limit', async () => {
    const res = await postJson(`${base}/invoke`, bodyOf(INVOKE_MAX_BYTES + 1), AUTH);
    expect(res.status).toBe(413);
    expect((res.body.error as { code: string }).code).toBe('too_large');
  });

  it('counts the bytes of a body sent without Content-Length (chunked)', async () => {
    const text = new TextEncoder().encode(bodyOf(INVOKE_MAX_BYTES + 1));
    const chunks = [text.slice(0, 1024), text.slice(1024)];
    const res = await requestJson('POST', `${base}/invoke`, {
      headers: { 'content-type': 'application/json', ...AUTH },
      body: new ReadableStream({
        pull(controller) {
          const next = chunks.shift();
          if (next) controller.enqueue(next);
          else controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect((res.body.error as { code: string }).code).toBe('too_large');
  });

  it('answers 400 naming `body` for malformed JSON or a body that is not application/json', async () => {
    const malformed = await postJson(`${base}/invoke`, '{"input_payload":', AUTH);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatchObject({ code: 'invalid_request', field: 'body' });
    const text = await requestJson('POST', `${base}/invoke`, {
      headers: { 'content-type': 'text/plain', ...AUTH },
      body: JSON.stringify(invokeBody('x')),
    });
    expect(text.status).toBe(400);
    expect(text.body.error).toMatchObject({ code: 'invalid_request', field: 'body' });
  });

  it('refuses a missing or wrong token with 401 on every prefixed route, never on the probes', async () => {
    for (const url of [`${base}/state/x`, `${engine.url}/deepagents-runtime/state/x`]) {
      const res = await getJson(url, { authorization: 'Bearer nope' });
      expect(res.status).toBe(401);
      expect((res.body.error as { code: string }).code).toBe('unauthorized');
    }
    expect((await postJson(`${base}/invoke`, invokeBody('x'))).status).toBe(401);
    expect((await requestJson('DELETE', `${base}/threads/x`)).status).toBe(401);
    expect((await getJson(`${engine.url}/health`)).status).toBe(200);
  });

  it('answers an unknown thread 404 and deletes one idempotently', async () => {
    const missing = await getJson(`${base}/state/no-such-thread`, AUTH);
    expect(missing).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    const deleted = await requestJson('DELETE', `${base}/threads/no-such-thread`, { headers: AUTH });
    expect(deleted).toMatchObject({ status: 200, body: { thread_id: 'no-such-thread', deleted: true } });
  });

  it('serves its OpenAPI document under both bases without a token, as committed', async () => {
    const committed = JSON.parse(readFileSync(SPEC_ENGINE_OPENAPI_FILE, 'utf8'));
    for (const prefix of ['/spec-engine', '/deepagents-runtime']) {
      const res = await getJson(`${engine.url}${prefix}/openapi.json`);
      expect(res).toMatchObject({ status: 200, body: committed });
    }
  });
});
