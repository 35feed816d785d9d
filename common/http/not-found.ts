import type { Context } from 'hono';
import { type DocumentedPath, documentedPaths, type OpenApiDocument } from '../contracts/openapi.js';
import { errorBody } from './errors.js';

/**
 * The `Allow` value for a request path that the document knows (methods upper-case, HEAD
 * beside GET), or undefined for a path it does not.
 */
function createAllowedMethods(document: () => OpenApiDocument): (path: string) => string | undefined {
  let table: DocumentedPath[] | undefined;
  return function allowedMethods(path) {
    table ??= documentedPaths(document());
    const methods = new Set(
      table.filter((entry) => entry.pattern.test(path)).flatMap((entry) => entry.methods),
    );
    if (methods.size === 0) return undefined;
    if (methods.has('get')) methods.add('head');
    return [...methods].map((m) => m.toUpperCase()).join(', ');
  };
}

/**
 * A service's `notFound`: a path the OpenAPI document knows, asked with a method it does not
 * declare, answers 405 `method_not_allowed` with `Allow`; any other path 404 `not_found`.
 * `documentedPathOf` maps a served path to the one the document describes (an alias base).
 */
export function createNotFoundHandler(
  document: () => OpenApiDocument,
  documentedPathOf: (path: string) => string = (path) => path,
) {
  const allowedMethods = createAllowedMethods(document);
  return function notFound(c: Context): Response {
    const allow = allowedMethods(documentedPathOf(c.req.path));
    if (!allow) return c.json(errorBody('not_found', 'no such route'), 404);
    c.header('Allow', allow);
    return c.json(
      errorBody('method_not_allowed', `${c.req.method} is not allowed here (allowed: ${allow})`),
      405,
    );
  };
}
