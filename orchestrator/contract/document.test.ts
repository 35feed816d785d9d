import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ORCHESTRATOR_OPENAPI_FILE } from '../testing/contract.js';
import { renderOpenApiDocument } from '../../common/contracts/openapi.js';
import { orchestratorOpenApiDocument } from '../openapi-document.js';

describe('orchestrator OpenAPI document', () => {
  const document = orchestratorOpenApiDocument();

  it('is committed exactly as generated (npm run generate:openapi)', () => {
    expect(readFileSync(ORCHESTRATOR_OPENAPI_FILE, 'utf8')).toBe(renderOpenApiDocument(document));
  });

  it('gives every operation a unique operationId, a summary and its responses', () => {
    const ids: string[] = [];
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      for (const [method, op] of Object.entries(item as Record<string, Record<string, unknown>>)) {
        expect(op.operationId, `${method} ${path}`).toEqual(expect.any(String));
        expect(op.summary, `${method} ${path}`).toEqual(expect.any(String));
        expect(Object.keys(op.responses as object).length, `${method} ${path}`).toBeGreaterThan(0);
        ids.push(op.operationId as string);
      }
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('declares request bodies, and the bearer scheme on every resource route', () => {
    const ops = document.paths ?? {};
    expect(ops['/api/workflows']?.post?.requestBody).toBeDefined();
    expect(ops['/api/workflows/{id}/draft/files/{path}']?.put?.requestBody).toBeDefined();
    expect(ops['/api/proposals/{id}']?.get?.security).toEqual([{ bearer: [] }]);
    expect(document.components?.securitySchemes?.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });
});
