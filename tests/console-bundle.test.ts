import { describe, expect, it } from 'vitest';
import { FIRST_LOAD_BUDGET_BYTES, measureFirstLoad } from '../bench/console-bundle.js';
import { ensureConsoleBuilt } from '../scripts/console-build.js';

describe('the console build', () => {
  it('loads at most 300 KB of gzipped JavaScript at first, with OIDC sign-in left to a lazy chunk', async () => {
    await ensureConsoleBuilt();
    const load = await measureFirstLoad();
    expect(load.scripts.length).toBeGreaterThan(0);
    expect(load.gzipBytes, JSON.stringify(load.scripts)).toBeLessThanOrEqual(FIRST_LOAD_BUDGET_BYTES);
    expect(load.scripts.map((s) => s.file).join(' ')).not.toContain('oidc');
  }, 120_000);
});
