import { type OpenAPIHono, z } from '@hono/zod-openapi';

/** An OpenAPI 3.1 document, as `@hono/zod-openapi` generates it. */
export type OpenApiDocument = ReturnType<OpenAPIHono['getOpenAPI31Document']>;

/** A document as committed under docs/reference/: pretty JSON with a trailing newline. */
export function renderOpenApiDocument(document: OpenApiDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

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
 * Registers `/health` (liveness), `/metrics` (Prometheus text) and the document itself at
 * `documentPath`, the same on both services.
 */
export function registerProbes(registry: OpenAPIHono['openAPIRegistry'], documentPath: string): void {
  registry.registerPath({
    method: 'get',
    path: '/health',
    operationId: 'health',
    tags: ['Operations'],
    summary: 'Liveness',
    responses: {
      200: {
        description: 'Alive',
        content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } },
      },
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/metrics',
    operationId: 'metrics',
    tags: ['Operations'],
    summary: 'Prometheus metrics',
    responses: {
      200: { description: 'Text exposition format', content: { 'text/plain': { schema: z.string() } } },
    },
  });
  registry.registerPath({
    method: 'get',
    path: documentPath,
    operationId: 'openapi',
    tags: ['Operations'],
    summary: 'This document',
    responses: {
      200: {
        description: 'OpenAPI 3.1',
        content: { 'application/json': { schema: z.object({}).passthrough() } },
      },
    },
  });
}

/** A JSON response declaration. */
export function jsonResponse<T extends z.ZodType>(description: string, schema: T) {
  return { description, content: { 'application/json': { schema } } };
}

/**
 * A service's `errorResponses(...statuses)`: each status declared with its description and the
 * service's error body schema; the statuses in `always` are declared on every route.
 */
export function errorResponsesOf<
  const D extends Readonly<Record<number, string>>,
  const A extends keyof D & number,
  T extends z.ZodType,
>(descriptions: D, schema: T, always: readonly A[]) {
  return function errorResponses<const S extends keyof D & number>(...statuses: S[]) {
    return Object.fromEntries(
      [...new Set<keyof D & number>([...statuses, ...always])].map((status) => [
        status,
        jsonResponse(descriptions[status] as string, schema),
      ]),
    ) as unknown as {
      [K in S | A]: { description: string; content: { 'application/json': { schema: T } } };
    };
  };
}
