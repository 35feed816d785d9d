import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type Sql } from '../../common/db/index.js';
import { createTestDatabase, type TestDatabase } from '../../common/testing/postgres.js';
import { createCheckpointer } from '../agent/checkpointer.js';
import { setupSchema } from './schema.js';

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, '..', '..');

describe('the spec engine schema', () => {
  let db: TestDatabase;
  let sql: Sql;
  beforeAll(async () => {
    db = await createTestDatabase('spec_schema');
    sql = connectDatabase(db.url, { max: 4 });
  });
  afterAll(async () => {
    await sql?.end();
    await db?.drop();
  });

  it('is set up by the standalone migrate entry point, then again safely by replicas starting together', async () => {
    const { stdout } = await run('npx', ['tsx', 'spec-engine/migrate.ts'], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'silent' },
    });
    expect(stdout).toMatch(/schema is up to date/);
    const savers = [0, 1, 2].map(() => createCheckpointer(db.url, () => {}));
    await Promise.all(savers.map((saver) => setupSchema(sql, saver)));
    await Promise.all(savers.map((saver) => saver.end()));
    const tables = await sql`select tablename from pg_tables where schemaname = 'public' order by tablename`;
    expect(tables.map((t) => t.tablename)).toEqual(
      expect.arrayContaining([
        'checkpoints',
        'checkpoint_blobs',
        'checkpoint_writes',
        'spec_runs',
        'spec_events',
        'spec_deleted_threads',
      ]),
    );
    const indexes =
      await sql`select indexname from pg_indexes where indexname like '%thread_id_idx' order by indexname`;
    expect(indexes.map((i) => i.indexname)).toEqual([
      'checkpoint_blobs_thread_id_idx',
      'checkpoint_writes_thread_id_idx',
      'checkpoints_thread_id_idx',
    ]);
    const [m] = await sql`select count(*)::int as n from schema_migrations`;
    expect(m?.n).toBe(3);
  });

  it('starts while another replica is stuck inside a checkpoint write (its table lock held)', async () => {
    const first = createCheckpointer(db.url, () => {});
    await setupSchema(sql, first);
    // A replica paused (SIGSTOP) in the middle of a checkpoint write keeps its transaction open.
    const stuck = await sql.reserve();
    await stuck`begin`;
    await stuck`lock table checkpoints, checkpoint_blobs, checkpoint_writes in row exclusive mode`;
    const second = createCheckpointer(db.url, () => {});
    try {
      const outcome = await Promise.race([
        setupSchema(sql, second).then(() => 'started'),
        new Promise((resolve) => setTimeout(() => resolve('blocked'), 5_000)),
      ]);
      expect(outcome).toBe('started');
    } finally {
      await stuck`rollback`;
      stuck.release();
      await Promise.all([first.end(), second.end()]);
    }
  });
});
