import { Hono } from 'hono';
import type { Registry } from 'prom-client';
import type { Sql } from '../../common/db/index.js';
import type { AppEnv } from '../app-env.js';
import { errorBody } from '../errors.js';

/**
 * Public probes and metrics: `/health` (liveness), `/ready` (database reachable, not draining),
 * `/metrics`.
 */
export function healthRoutes(sql: Sql, registry: Registry, isDraining: () => boolean = () => false) {
  return new Hono<AppEnv>()
    .get('/health', (c) => c.json({ status: 'ok' }, 200))
    .get('/ready', async (c) => {
      if (isDraining()) return c.json(errorBody('not_ready', 'shutting down'), 503);
      try {
        await Promise.race([
          sql`select 1`,
          new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2_000).unref()),
        ]);
        return c.json({ status: 'ready', database: 'ok' }, 200);
      } catch (error) {
        c.get('logger').warn({ err: error }, 'readiness check failed: database unreachable');
        return c.json(errorBody('not_ready', 'database unreachable'), 503);
      }
    })
    .get('/metrics', async (c) => {
      c.header('Content-Type', registry.contentType);
      return c.body(await registry.metrics(), 200);
    });
}
