// Writes docs/reference/orchestrator-openapi.json from the route declarations (npm run generate:openapi).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { orchestratorOpenApiDocument, renderOpenApiDocument } from '../orchestrator/openapi-document.js';

const out = path.resolve(import.meta.dirname, '..', 'docs', 'reference', 'orchestrator-openapi.json');
writeFileSync(out, renderOpenApiDocument(orchestratorOpenApiDocument()));
console.log(`wrote ${path.relative(process.cwd(), out)}`);
