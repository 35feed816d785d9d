import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Hono } from 'hono';
import type { AppEnv } from '../contract/app-env.js';
import type { OpenApiDocument } from '../contract/document.js';

/** Swagger UI's files, served from node_modules (nothing from a CDN), with their content types. */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
};

// A file of its own rather than an inline script, so a strict Content-Security-Policy can stay.
const INIT_SCRIPT = `window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: '/api/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    persistAuthorization: true,
    tryItOutEnabled: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
  });
};
`;

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>IDE Orchestrator API</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css"></head>
<body><noscript>The reference needs JavaScript; the document itself is at <a href="/api/openapi.json">/api/openapi.json</a>.</noscript>
<div id="swagger-ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/swagger-ui-standalone-preset.js"></script>
<script src="/api/docs/init.js"></script>
</body></html>`;

function swaggerDir(): string {
  return path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
}

/**
 * Public API description: `/api/openapi.json` (generated from the route declarations) and an
 * interactive reference at `/api/docs` ("Authorize" takes a pasted token for "Try it out").
 */
export function docsRoutes(document: () => OpenApiDocument) {
  const cache = new Map<string, string>();
  const asset = (name: string) => {
    let text = cache.get(name);
    if (text === undefined) {
      text = readFileSync(path.join(swaggerDir(), name), 'utf8');
      cache.set(name, text);
    }
    return text;
  };
  return new Hono<AppEnv>()
    .get('/openapi.json', (c) => c.json(document(), 200))
    .get('/docs', (c) => c.html(PAGE, 200))
    .get('/docs/init.js', (c) =>
      c.body(INIT_SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8' }),
    )
    .get('/docs/:asset', (c) => {
      const name = c.req.param('asset');
      const type = ASSETS[name];
      if (!type) return c.notFound();
      return c.body(asset(name), 200, { 'content-type': type, 'cache-control': 'public, max-age=86400' });
    });
}
