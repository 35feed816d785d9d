import type { OpenAPIHono } from '@hono/zod-openapi';
import { buildApi } from './app.js';
import { buildOpenApiDocument, type OpenApiDocument } from './contract/document.js';

/** Route declarations read no dependency until a request arrives; the document needs none. */
const NO_DEPS = new Proxy({} as Parameters<typeof buildApi>[0], {
  get: (_target, key) => (key === 'onRefinementStarted' ? undefined : {}),
});

/** The orchestrator's OpenAPI document, built without a database (for the generator and tests). */
export function orchestratorOpenApiDocument(): OpenApiDocument {
  return buildOpenApiDocument(buildApi(NO_DEPS) as unknown as OpenAPIHono);
}
