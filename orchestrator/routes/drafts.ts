import { createRoute } from '@hono/zod-openapi';
import type { Sql } from '../../common/db/index.js';
import { errorResponses, jsonBody, jsonResponse, SECURED, WorkflowIdParams } from '../contract/common.js';
import {
  DRAFT_TOO_LARGE,
  DraftSchema,
  FileDeleteSchema,
  FileParams,
  FileWriteSchema,
  PutFileBody,
} from '../contract/drafts.js';
import { createRouteApp } from '../contract/openapi-app.js';
import { discardDraft, getDraft, putDraftFile, removeDraftFile } from '../services/drafts.js';
import { filePathFromUrlTail } from '../services/file-paths.js';

const FILES_MARKER = '/draft/files/';
const TAGS = ['Drafts'];
// `{path{.+}}` routes the rest of the URL (several segments) to `path`; the document says `{path}`.
const FILE_PATH = '/{id}/draft/files/{path{.+}}';

/** The file path of a `/draft/files/{path}` URL, taken from the raw (still encoded) URL. */
function filePathOf(url: string): string {
  const pathname = new URL(url).pathname;
  return filePathFromUrlTail(pathname.slice(pathname.indexOf(FILES_MARKER) + FILES_MARKER.length));
}

const read = createRoute({
  operationId: 'getDraft',
  method: 'get',
  path: '/{id}/draft',
  tags: TAGS,
  summary: 'Read the draft (revision and files; file content is always a list of lines)',
  security: SECURED,
  request: { params: WorkflowIdParams },
  responses: { 200: jsonResponse('The draft', DraftSchema), ...errorResponses(400, 401, 404) },
});

const discard = createRoute({
  operationId: 'discardDraft',
  method: 'delete',
  path: '/{id}/draft',
  tags: TAGS,
  summary: 'Discard the draft: its files become those of the latest version (or none)',
  security: SECURED,
  request: { params: WorkflowIdParams },
  responses: {
    200: jsonResponse('The draft after discarding', DraftSchema),
    ...errorResponses(400, 401, 404),
  },
});

const put = createRoute({
  operationId: 'putDraftFile',
  method: 'put',
  path: FILE_PATH,
  tags: TAGS,
  summary: 'Create or replace a draft file (content as a string or a list of lines)',
  security: SECURED,
  request: { params: FileParams, body: jsonBody(PutFileBody) },
  responses: {
    200: jsonResponse('Written', FileWriteSchema),
    ...errorResponses(400, 401, 404, 415),
    413: DRAFT_TOO_LARGE,
  },
});

const remove = createRoute({
  operationId: 'deleteDraftFile',
  method: 'delete',
  path: FILE_PATH,
  tags: TAGS,
  summary: 'Delete a draft file',
  security: SECURED,
  request: { params: FileParams },
  responses: { 200: jsonResponse('Deleted', FileDeleteSchema), ...errorResponses(400, 401, 404) },
});

/** `/api/workflows/{id}/draft`: read the draft, write and delete files (at most `maxDraftBytes` in all), discard it. */
export function draftRoutes(sql: Sql, maxDraftBytes: number) {
  return createRouteApp()
    .openapi(read, async (c) => c.json(await getDraft(sql, c.get('user').id, c.req.valid('param').id), 200))
    .openapi(discard, async (c) =>
      c.json(await discardDraft(sql, c.get('user').id, c.req.valid('param').id), 200),
    )
    .openapi(put, async (c) => {
      const path = filePathOf(c.req.url);
      const { id } = c.req.valid('param');
      return c.json(
        await putDraftFile(sql, c.get('user').id, id, path, c.req.valid('json'), maxDraftBytes),
        200,
      );
    })
    .openapi(remove, async (c) => {
      const path = filePathOf(c.req.url);
      return c.json(await removeDraftFile(sql, c.get('user').id, c.req.valid('param').id, path), 200);
    });
}
