import { createRoute } from '@hono/zod-openapi';
import type { Sql } from '../../common/db/index.js';
import { errorResponses, jsonResponse, SECURED, WorkflowIdParams } from '../contract/common.js';
import { createRouteApp } from '../contract/openapi-app.js';
import { VersionListSchema, VersionParams, VersionSchema } from '../contract/versions.js';
import { getVersion, listVersions, publishVersion } from '../services/versions.js';

const TAGS = ['Versions'];

const publish = createRoute({
  operationId: 'publishVersion',
  method: 'post',
  path: '/{id}/versions',
  tags: TAGS,
  summary: 'Publish the draft as the next version',
  security: SECURED,
  request: { params: WorkflowIdParams },
  responses: { 201: jsonResponse('Published', VersionSchema), ...errorResponses(400, 401, 404, 409) },
});

const list = createRoute({
  operationId: 'listVersions',
  method: 'get',
  path: '/{id}/versions',
  tags: TAGS,
  summary: 'List versions, oldest first',
  security: SECURED,
  request: { params: WorkflowIdParams },
  responses: { 200: jsonResponse('Versions', VersionListSchema), ...errorResponses(400, 401, 404) },
});

const read = createRoute({
  operationId: 'getVersion',
  method: 'get',
  path: '/{id}/versions/{version}',
  tags: TAGS,
  summary: 'Read a version with its files',
  security: SECURED,
  request: { params: VersionParams },
  responses: { 200: jsonResponse('The version', VersionSchema), ...errorResponses(400, 401, 404) },
});

/** `/api/workflows/{id}/versions`: publish the draft, list and read versions. */
export function versionRoutes(sql: Sql) {
  return createRouteApp()
    .openapi(publish, async (c) =>
      c.json(await publishVersion(sql, c.get('user').id, c.req.valid('param').id), 201),
    )
    .openapi(list, async (c) =>
      c.json({ versions: await listVersions(sql, c.get('user').id, c.req.valid('param').id) }, 200),
    )
    .openapi(read, async (c) => {
      const { id, version } = c.req.valid('param');
      return c.json(await getVersion(sql, c.get('user').id, id, version), 200);
    });
}
