import { Hono } from 'hono';
import type { Sql } from '../../common/db/index.js';
import type { AppEnv } from '../app-env.js';
import { getVersion, listVersions, publishVersion } from '../services/versions.js';

/** `/api/workflows/{id}/versions`: publish the draft, list and read versions. */
export function versionRoutes(sql: Sql) {
  return new Hono<AppEnv>()
    .post('/:id/versions', async (c) =>
      c.json(await publishVersion(sql, c.get('user').id, c.req.param('id')), 201),
    )
    .get('/:id/versions', async (c) =>
      c.json({ versions: await listVersions(sql, c.get('user').id, c.req.param('id')) }, 200),
    )
    .get('/:id/versions/:version', async (c) =>
      c.json(await getVersion(sql, c.get('user').id, c.req.param('id'), c.req.param('version')), 200),
    );
}
