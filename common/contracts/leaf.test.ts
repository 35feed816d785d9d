/** common/contracts is what the products agree on, so it must not depend on any of them. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const sources = readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

describe('common/contracts', () => {
  it.each(sources)('%s imports nothing but other contracts', (file) => {
    const text = readFileSync(path.join(here, file), 'utf8');
    const specifiers = [...text.matchAll(/^\s*(?:import|export)\b[^'"]*from\s+['"]([^'"]+)['"]/gm)].map(
      (m) => m[1],
    );
    expect(specifiers.filter((s) => !/^\.\/[\w-]+\.js$/.test(s!))).toEqual([]);
  });
});
