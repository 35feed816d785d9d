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
    expect(res.body.error).toEqual({
      code: 'invalid_request',
      message: expect.stringMatching(/^input_payload: /),
    });
  });

  it('answers 413 payload_too_large one byte over the limit, naming the limit', async () => {
    const res = await postJson(`${base}/invoke`, bodyOf(INVOKE_MAX_BYTES + 1), AUTH);
    expect(res.status).toBe(413);
    expect(res.body.error).toEqual({
      code: 'payload_too_large',
      message: expect.stringContaining(`request body must be at most ${INVOKE_MAX_BYTES} bytes`),
    });
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
    expect((res.body.error as { code: string }).code).toBe('payload_too_large');
  });

  it('answers 400 for malformed JSON and 415 for a body that is not application/json', async () => {
    const malformed = await postJson(`${base}/invoke`, '{"input_payload":', AUTH);
    expect(malformed).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_request', message: 'request body must be valid JSON' } },
    });
    const text = await requestJson('POST', `${base}/invoke`, {
      headers: { 'content-type': 'text/plain', ...AUTH },
      body: JSON.stringify(invokeBody('x')),
    });
    expect(text).toMatchObject({
      status: 415,
      body: {
        error: {
          code: 'unsupported_media_type',
          message: 'request body must be JSON (Content-Type: application/json)',
        },
      },
    });
  });

  it('answers 405 with Allow for a documented path and a wrong method, under both bases; 404 for an unknown path', async () => {
    for (const prefix of ['/spec-engine', '/deepagents-runtime']) {
      const res = await getJson(`${engine.url}${prefix}/invoke`, AUTH);
      expect([res.status, res.headers.get('allow'), res.body.error]).toEqual([
        405,
        'POST',
        { code: 'method_not_allowed', message: 'GET is not allowed here (allowed: POST)' },
      ]);
    }
    const state = await requestJson('PUT', `${base}/state/x`, { headers: AUTH });
    expect([state.status, state.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    const unknown = await getJson(`${base}/no-such-route`, AUTH);
    expect([unknown.status, unknown.headers.get('allow'), unknown.body.error]).toEqual([
      404,
      null,
      { code: 'not_found', message: 'no such route' },
    ]);
  });

  it('refuses a missing or wrong token with 401 on every prefixed route, never on the probes', async () => {
    for (const url of [`${base}/state/x`, `${engine.url}/deepagents-runtime/state/x`]) {
      const res = await getJson(url, { authorization: 'Bearer nope' });
      expect([res.status, res.headers.get('www-authenticate'), res.body.error]).toEqual([
        401,
        'Bearer',
        { code: 'unauthorized', message: 'a valid bearer token is required' },
      ]);
    }
    const missing = await postJson(`${base}/invoke`, invokeBody('x'));
    expect([missing.status, missing.headers.get('www-authenticate'), missing.body.error]).toEqual([
      401,
      'Bearer',
      { code: 'unauthorized', message: 'a bearer token is required (Authorization: Bearer <token>)' },
    ]);
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
