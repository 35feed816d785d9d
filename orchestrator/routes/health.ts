import { Hono } from 'hono';
import type { Registry } from 'prom-client';
import type { AppEnv } from '../contract/app-env.js';
import { errorBody } from '../../common/http/errors.js';

/**
 * Public probes and metrics: `/health` (liveness), `/ready` (database reachable, not draining),
 * `/metrics`. `pingDatabase` resolves once the database answers.
 */
export function healthRoutes(
  pingDatabase: () => Promise<void>,
  registry: Registry,
  isDraining: () => boolean = () => false,
) {
  return new Hono<AppEnv>()
    .get('/health', (c) => c.json({ status: 'ok' }, 200))
    .get('/ready', async (c) => {
      if (isDraining()) return c.json(errorBody('not_ready', 'shutting down'), 503);
      try {
        await Promise.race([
          pingDatabase(),
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
