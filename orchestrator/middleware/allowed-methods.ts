import type { OpenApiDocument } from '../contract/document.js';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** A matcher for a documented path template: `{path}` spans segments, other parameters one. */
function patternOf(template: string): RegExp {
  const source = template
    .split(/(\{\w+\})/)
    .map((part) => {
      if (part === '{path}') return '.+';
      if (/^\{\w+\}$/.test(part)) return '[^/]+';
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}$`);
}

/** A documented path template with its matcher and methods (lower-case). */
export interface DocumentedPath {
  readonly template: string;
  readonly pattern: RegExp;
  readonly methods: readonly string[];
}

/** The document's paths as matchers, in document order. */
export function documentedPaths(document: OpenApiDocument): DocumentedPath[] {
  return Object.entries(document.paths ?? {}).map(([template, item]) => ({
    template,
    pattern: patternOf(template),
    methods: METHODS.filter((m) => (item as Record<string, unknown> | undefined)?.[m]),
  }));
}

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
