import type { OpenAPIHono } from '@hono/zod-openapi';
import type { OpenApiDocument } from '../common/contracts/openapi.js';
import { buildApi } from './app.js';
import { buildSpecEngineDocument } from './contract/document.js';
import type { RunService } from './runs/service.js';

/** The Spec Engine's OpenAPI document, built without a database: declarations read no service until a request. */
export function specEngineOpenApiDocument(): OpenApiDocument {
  return buildSpecEngineDocument(buildApi({} as RunService) as unknown as OpenAPIHono);
}
