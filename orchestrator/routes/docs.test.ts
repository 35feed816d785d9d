import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/harness.js';

describe('API reference at /api/docs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('orch_docs');
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves a Swagger UI page whose scripts and styles all come from this server', async () => {
    const page = await t.call('GET', '/api/docs', { sub: null });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const refs = [...String(page.body).matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
    expect(refs).toEqual(
      expect.arrayContaining([
        '/api/docs/swagger-ui-bundle.js',
        '/api/docs/swagger-ui.css',
        '/api/docs/init.js',
      ]),
    );
    expect(refs.every((ref) => ref.startsWith('/api/'))).toBe(true);
    for (const ref of refs) {
      const asset = await t.call('GET', ref, { sub: null });
      expect(asset.status, ref).toBe(200);
    }
    const init = await t.call('GET', '/api/docs/init.js', { sub: null });
    expect(init.body).toContain("url: '/api/openapi.json'");
    expect((await t.call('GET', '/api/docs/secrets.txt', { sub: null })).status).toBe(404);
  });

  it('serves the generated document with schemas and examples for requests and answers', async () => {
    const doc = await t.call('GET', '/api/openapi.json', { sub: null });
    const create = doc.body.paths['/api/workflows'].post;
    expect(create.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/CreateWorkflow',
    });
    expect(doc.body.components.schemas.CreateWorkflow.additionalProperties).toBe(false);
    expect(doc.body.components.schemas.Error.properties.error.properties.code.example).toBe('not_found');
  });
});
