import { Hono } from 'hono';
import type { Registry } from 'prom-client';

/** What `/ready` checks. */
export interface ReadinessDeps {
  /** Resolves once the database answers. */
  readonly pingDatabase: () => Promise<void>;
  /** NATS state when configured: undefined means not configured. */
  readonly nats?: () => { ok: boolean; reason?: string };
  readonly registry: Registry;
  /** True once the process drains for shutdown: it stays up but takes no new work. */
  readonly isDraining?: () => boolean;
}

/** `/health`, `/ready` and `/metrics`, at the root and never behind the token. */
export function createHealthRoutes(deps: ReadinessDeps) {
  return new Hono()
    .get('/health', (c) => c.json({ status: 'ok' }, 200))
    .get('/ready', async (c) => {
      const checks: Record<string, { ok: boolean; reason?: string }> = {};
      try {
        await deps.pingDatabase();
        checks.database = { ok: true };
      } catch (error) {
        checks.database = { ok: false, reason: `database unreachable: ${(error as Error).message}` };
      }
      if (deps.nats) checks.nats = deps.nats();
      if (deps.isDraining?.()) checks.shutdown = { ok: false, reason: 'draining for shutdown' };
      const ok = Object.values(checks).every((check) => check.ok);
      return c.json({ status: ok ? 'ready' : 'not_ready', checks }, ok ? 200 : 503);
    })
    .get('/metrics', async (c) => {
      c.header('content-type', deps.registry.contentType);
      return c.body(await deps.registry.metrics(), 200);
    });
}
