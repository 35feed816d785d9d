/**
 * Generates platform/validate/generated/pinned-crds.json: the schemas of the pinned CRDs in
 * ../shared/crds in compact form (served versions, no descriptions), so `zt validate` checks the
 * kinds the platform synthesizes and renders without `--crds`. The CRD files themselves stay in
 * ../shared. Run with `npm run generate:crd-schemas`; a drift test compares the output.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCrds } from '../platform/validate/crds.js';
import { compactCrds } from '../platform/validate/pinned-crd-schemas.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.resolve(repoRoot, '..', 'shared', 'crds');
const out = path.join(repoRoot, 'platform', 'validate', 'generated', 'pinned-crds.json');
const data = compactCrds(readCrds(source), '../shared/crds');
writeFileSync(out, `${JSON.stringify(data)}\n`);
console.log(`${out}: ${data.crds.length} CRDs`);
