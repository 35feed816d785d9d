import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { OpenApiDocument } from '../contract/document.js';
import { type DocumentedPath, documentedPaths } from '../middleware/allowed-methods.js';

/** The committed document every answer is checked against (kept equal to the generated one by a drift test). */
export const ORCHESTRATOR_OPENAPI_FILE = new URL(
  '../../docs/reference/orchestrator-openapi.json',
  import.meta.url,
);

/**
 * A copy of `schema` where every object schema with `properties` and no say about other keys
 * refuses them: an answer carrying a field the contract does not declare is drift too.
 */
function closeObjects(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closeObjects);
  if (schema === null || typeof schema !== 'object') return schema;
  const copy = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, closeObjects(v)]));
  if ('properties' in copy && !('additionalProperties' in copy)) copy.additionalProperties = false;
  return copy;
}

function pointer(...parts: string[]): string {
  return parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');
}

/** Checks answers against one OpenAPI document. */
class ContractChecker {
  readonly #ajv = new Ajv2020({ strict: false, allErrors: false });
  readonly #paths: DocumentedPath[];
  readonly #document: OpenApiDocument;
  readonly #compiled = new Map<string, ValidateFunction>();

  constructor(document: OpenApiDocument) {
    this.#document = document;
    addFormats.default(this.#ajv);
    this.#ajv.addSchema(closeObjects(document) as object, 'openapi');
    this.#paths = documentedPaths(document);
  }

  /**
   * Throws naming method, path and status when a JSON answer is not what the document
   * declares for that operation and status (or the operation or status is not declared).
   */
  check(method: string, url: string, status: number, body: unknown): void {
    const path = new URL(url, 'http://x').pathname;
    const verb = method.toLowerCase();
    const entry = this.#paths.find((p) => p.pattern.test(path) && p.methods.includes(verb));
    const where = `${method.toUpperCase()} ${path} → ${status}`;
    let ref = 'openapi#/components/schemas/Error';
    if (entry) {
      const item = this.#document.paths?.[entry.template] as
        | Record<string, { responses?: Record<string, { content?: object }> }>
        | undefined;
      const responses = item?.[verb]?.responses ?? {};
      const declared = Object.keys(responses);
      // Any route may fail unexpectedly; that answer is the error body too.
      if (status !== 500 && !declared.includes(String(status))) {
        throw new Error(
          `contract: ${where}: status ${status} is not declared (declared: ${declared.join(', ')})`,
        );
      }
      if (status !== 500 && !responses[String(status)]?.content) {
        // A status declared without content (204) answers no body.
        if (body === undefined || body === '') return;
        throw new Error(`contract: ${where}: the document declares no body, the answer has one`);
      }
      if (status !== 500) {
        ref = `openapi#/${pointer('paths', entry.template, verb, 'responses', String(status), 'content', 'application/json', 'schema')}`;
      }
    } else if (status < 400) {
      throw new Error(`contract: ${where} is not a documented operation`);
    }
    // Undocumented operations (unknown routes, wrong methods, refused preflights) answer errors only.
    let validate = this.#compiled.get(ref);
    if (!validate) {
      validate = this.#ajv.compile({ $ref: ref });
      this.#compiled.set(ref, validate);
    }
    if (!validate(body)) {
      throw new Error(
        `contract: ${where}: ${this.#ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 500)}`,
      );
    }
  }
}

let orchestratorChecker: ContractChecker | undefined;

/**
 * Checks one orchestrator answer against the committed OpenAPI document; used by every route
 * and end-to-end test helper, so an answer that drifts from the contract fails CI.
 */
export function checkOrchestratorAnswer(method: string, url: string, status: number, body: unknown): void {
  orchestratorChecker ??= new ContractChecker(
    JSON.parse(readFileSync(ORCHESTRATOR_OPENAPI_FILE, 'utf8')) as OpenApiDocument,
  );
  orchestratorChecker.check(method, url, status, body);
}
