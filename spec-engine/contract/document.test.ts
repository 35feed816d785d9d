import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderOpenApiDocument } from '../../common/contracts/openapi.js';
import { checkSpecEngineAnswer, SPEC_ENGINE_OPENAPI_FILE } from '../testing/contract.js';
import { specEngineOpenApiDocument } from '../openapi-document.js';

describe('Spec Engine OpenAPI document', () => {
  const document = specEngineOpenApiDocument();

  it('is committed exactly as generated (npm run generate:openapi)', () => {
    expect(readFileSync(SPEC_ENGINE_OPENAPI_FILE, 'utf8')).toBe(renderOpenApiDocument(document));
  });

  it('declares every route the orchestrator calls, with a unique operationId and the bearer scheme', () => {
    const ops = document.paths ?? {};
    expect(Object.keys(ops).sort()).toEqual([
      '/health',
      '/metrics',
      '/ready',
      '/spec-engine/invoke',
      '/spec-engine/openapi.json',
      '/spec-engine/state/{thread_id}',
      '/spec-engine/stream/{thread_id}',
      '/spec-engine/threads/{thread_id}',
    ]);
    const ids = Object.values(ops).flatMap((item) =>
      Object.values(item as Record<string, { operationId: string }>).map((op) => op.operationId),
    );
    expect(new Set(ids).size).toBe(ids.length);
    expect(ops['/spec-engine/invoke']?.post?.requestBody).toBeDefined();
    expect(ops['/spec-engine/state/{thread_id}']?.get?.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(ops['/spec-engine/stream/{thread_id}']?.get?.responses ?? {})).toContain('101');
  });

  it('checks answers under the alias base like the documented one, and fails a drifted one', () => {
    const state = {
      thread_id: 't',
      status: 'running',
      generated_files: {},
      last_seq: 0,
      usage: { input_tokens: 0, output_tokens: 0 },
    };
    expect(() => checkSpecEngineAnswer('GET', '/deepagents-runtime/state/t', 200, state)).not.toThrow();
    expect(() => checkSpecEngineAnswer('GET', '/spec-engine/state/t', 200, { ...state, extra: 1 })).toThrow(
      'must NOT have additional properties',
    );
    const invalid = { error: { code: 'invalid_request', message: 'job_id: bad' } };
    expect(() =>
      checkSpecEngineAnswer('POST', '/spec-engine/invoke', 400, {
        error: { ...invalid.error, field: 'job_id' },
      }),
    ).toThrow('must NOT have additional properties');
    expect(() => checkSpecEngineAnswer('POST', '/spec-engine/invoke', 400, invalid)).not.toThrow();
    expect(() => checkSpecEngineAnswer('POST', '/spec-engine/invoke', 404, invalid)).toThrow('not declared');
  });
});
