// Writes the OpenAPI documents under docs/reference/ from the route declarations (npm run generate:openapi).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { type OpenApiDocument, renderOpenApiDocument } from '../common/contracts/openapi.js';
import { orchestratorOpenApiDocument } from '../orchestrator/openapi-document.js';
import { specEngineOpenApiDocument } from '../spec-engine/openapi-document.js';

const documents: [string, OpenApiDocument][] = [
  ['orchestrator-openapi.json', orchestratorOpenApiDocument()],
  ['spec-engine-openapi.json', specEngineOpenApiDocument()],
];
for (const [name, document] of documents) {
  const out = path.resolve(import.meta.dirname, '..', 'docs', 'reference', name);
  writeFileSync(out, renderOpenApiDocument(document));
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
}
