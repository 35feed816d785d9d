// Writes docs/nats-authorization.md from the engine's NATS names and permissions (npm run generate:nats-doc).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderNatsAuthorizationDoc } from '../spec-engine/nats/authorization-doc.js';

const out = path.resolve(import.meta.dirname, '..', 'docs', 'nats-authorization.md');
writeFileSync(out, renderNatsAuthorizationDoc());
console.log(`wrote ${path.relative(process.cwd(), out)}`);
