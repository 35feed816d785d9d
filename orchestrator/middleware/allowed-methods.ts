import {
  type DocumentedPath,
  documentedPaths,
  type OpenApiDocument,
} from '../../common/contracts/openapi.js';

/**
 * The `Allow` value for a request path that the document knows (methods upper-case, HEAD
 * beside GET), or undefined for a path it does not: a known path with a wrong method answers
 * 405, an unknown one 404.
 */
export function createAllowedMethods(document: () => OpenApiDocument): (path: string) => string | undefined {
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
