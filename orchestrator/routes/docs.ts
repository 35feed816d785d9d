import { Hono } from 'hono';
import type { AppEnv } from '../app-env.js';
import { OPENAPI_DOCUMENT } from './openapi-document.js';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

interface Operation {
  readonly summary?: string;
  readonly security?: readonly unknown[];
  readonly responses?: Record<string, unknown>;
}

/** A self-contained HTML page listing every operation (no external scripts). */
function renderDocs(): string {
  const rows: string[] = [];
  for (const [path, item] of Object.entries(OPENAPI_DOCUMENT.paths)) {
    for (const [method, op] of Object.entries(item as Record<string, Operation>)) {
      const statuses = Object.keys(op.responses ?? {}).join(' ');
      rows.push(
        `<tr><td><code>${method.toUpperCase()}</code></td><td><code>${escapeHtml(path)}</code></td>` +
          `<td>${escapeHtml(op.summary ?? '')}</td><td>${op.security ? 'bearer' : 'public'}</td><td>${statuses}</td></tr>`,
      );
    }
  }
  const { title, description } = OPENAPI_DOCUMENT.info;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}code{font-size:.95em}</style></head>
<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(description)}</p>
<p>Errors are <code>{"error": {"code", "message"}}</code>. Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a>.</p>
<table><thead><tr><th>Method</th><th>Path</th><th>What it does</th><th>Auth</th><th>Statuses</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></body></html>`;
}

/** Public API description: `/api/openapi.json` and a readable page at `/api/docs`. */
export function docsRoutes() {
  const page = renderDocs();
  return new Hono<AppEnv>()
    .get('/openapi.json', (c) => c.json(OPENAPI_DOCUMENT, 200))
    .get('/docs', (c) => c.html(page, 200));
}
