import { Hono } from 'hono';
import type { Sql } from '../../common/db/index.js';
import type { AppEnv } from '../app-env.js';
import { discardDraft, getDraft, putDraftFile, removeDraftFile } from '../services/drafts.js';
import { filePathFromUrlTail } from '../services/file-paths.js';
import { readJsonObject } from './read-json.js';

const FILES_MARKER = '/draft/files/';

/** The file path of a `/draft/files/{path}` URL, taken from the raw (still encoded) URL. */
function filePathOf(url: string): string {
  const pathname = new URL(url).pathname;
  return filePathFromUrlTail(pathname.slice(pathname.indexOf(FILES_MARKER) + FILES_MARKER.length));
}

/** `/api/workflows/{id}/draft`: read the draft, write and delete files (at most `maxDraftBytes` in all), discard it. */
export function draftRoutes(sql: Sql, maxDraftBytes: number) {
  return new Hono<AppEnv>()
    .get('/:id/draft', async (c) => c.json(await getDraft(sql, c.get('user').id, c.req.param('id')), 200))
    .delete('/:id/draft', async (c) =>
      c.json(await discardDraft(sql, c.get('user').id, c.req.param('id')), 200),
    )
    .put('/:id/draft/files/*', async (c) => {
      const path = filePathOf(c.req.url);
      const body = await readJsonObject(c);
      return c.json(
        await putDraftFile(sql, c.get('user').id, c.req.param('id'), path, body, maxDraftBytes),
        200,
      );
    })
    .delete('/:id/draft/files/*', async (c) => {
      const path = filePathOf(c.req.url);
      return c.json(await removeDraftFile(sql, c.get('user').id, c.req.param('id'), path), 200);
    });
}
