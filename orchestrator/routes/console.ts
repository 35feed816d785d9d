import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type MiddlewareHandler } from 'hono';
import { compress } from 'hono/compress';
import type { AppEnv } from '../contract/app-env.js';
import type { ConsoleConfig } from '../settings/config.js';
import { errorBody } from '../../common/http/errors.js';

/** The console's client-side routes: each answers with the page, which then shows the screen. */
const PAGE_PATHS = ['/', '/workflows/*', '/auth/callback'];

/** The page's policy: its own scripts only, sockets and calls to this origin (and the OIDC issuer). */
function contentSecurityPolicy(config: ConsoleConfig): string {
  const issuer = config.oidc ? ` ${new URL(config.oidc.issuer).origin}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    // CodeMirror writes its theme into a <style> element at run time.
    "style-src 'self' 'unsafe-inline'",
    `connect-src 'self'${issuer}`,
    "img-src 'self' data:",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    `form-action 'self'${issuer}`,
  ].join('; ');
}

function pageHeaders(config: ConsoleConfig): MiddlewareHandler<AppEnv> {
  const policy = contentSecurityPolicy(config);
  return async function consoleHeaders(c, next) {
    await next();
    c.header('Content-Security-Policy', policy);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
  };
}

/**
 * The web console at `/` (built into `config.dir` by `npm run build:console`): hashed assets
 * cached for good, the page itself never cached (so a new build is picked up at once), and
 * `/console/config.json` telling the page how to sign in. Public: the page holds no data.
 */
export function consoleRoutes(config: ConsoleConfig) {
  const app = new Hono<AppEnv>();
  // gzip: the first load's budget (300 KB of JavaScript) counts compressed bytes.
  app.use(
    '/assets/*',
    pageHeaders(config),
    compress({ encoding: 'gzip' }),
    async function immutableAssets(c, next) {
      await next();
      // Asset names carry a content hash: a new build has new names.
      if (c.res.status === 200) c.header('Cache-Control', 'public, max-age=31536000, immutable');
    },
  );
  app.get('/assets/*', serveStatic({ root: config.dir }));
  app.get('/console/config.json', (c) =>
    c.json(
      { oidc: config.oidc ? { issuer: config.oidc.issuer, client_id: config.oidc.clientId } : null },
      200,
    ),
  );
  app.on('GET', PAGE_PATHS, pageHeaders(config), async (c) => {
    let page: string;
    try {
      page = await readFile(path.join(config.dir, 'index.html'), 'utf8');
    } catch {
      return c.json(
        errorBody('console_not_built', 'the console is not built: run `npm run build:console`'),
        404,
      );
    }
    c.header('Cache-Control', 'no-cache');
    return c.html(page, 200);
  });
  return app;
}
