/** common/contracts is what the products agree on, so it must not depend on any of them. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const sources = readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

describe('common/contracts', () => {
  it.each(sources)('%s imports no product code, only other contracts and packages', (file) => {
    const text = readFileSync(path.join(here, file), 'utf8');
    const specifiers = [
      ...text.matchAll(/^\s*(?:import|export)\b[^'"]*from\s+['"]([^'"]+)['"]/gm),
      ...text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
    ].map((m) => m[1]);
    // Packages are fine (zod, for the document types); no path may leave this folder.
    const paths = specifiers.filter((s) => s!.startsWith('.') || s!.startsWith('/'));
    expect(paths.filter((s) => !/^\.\/[\w-]+\.js$/.test(s!))).toEqual([]);
  });
});
