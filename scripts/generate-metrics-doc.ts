// Writes docs/metrics.md from the metrics catalogs and rules (npm run generate:metrics).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderMetricsDoc } from '../platform/observability/index.js';

const out = path.resolve(import.meta.dirname, '..', 'docs', 'metrics.md');
writeFileSync(out, renderMetricsDoc());
console.log(`wrote ${path.relative(process.cwd(), out)}`);
