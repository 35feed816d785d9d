import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../testing/shared-dir.js';

const run = promisify(execFile);
const bin = path.join(repoRoot, 'platform', 'cli', 'bin.js');

async function zt(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { cwd: repoRoot });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the zt executable', () => {
  // One test, processes in parallel: each start compiles the CLI through tsx (seconds on a busy machine).
  it('prints help listing synth, and exits 2 on an unknown command or a usage error', async () => {
    const [help, unknown, badOption, missingArg] = await Promise.all([
      zt('--help'),
      zt('frobnicate'),
      zt('synth', '--frobnicate'),
      zt('render'),
    ]);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toContain("unknown option '--frobnicate'");
    expect(missingArg.code).toBe(2);
    expect(missingArg.stderr).toContain('missing required argument');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: zt');
    expect(help.stdout).toMatch(/synth \[options\]/);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
  });
});
