import { existsSync } from 'node:fs';
import path from 'node:path';
import type { PostgresSaver } from '@langchain/langgraph-checkpoint-postgres';
import { migrate, type Sql } from '../../common/db/index.js';

// From a compiled build (dist/spec-engine/db) the .sql files stay in the source tree.
const HERE = path.join(import.meta.dirname, 'migrations');
const MIGRATIONS = existsSync(HERE)
  ? HERE
  : path.resolve(import.meta.dirname, '..', '..', '..', 'spec-engine', 'db', 'migrations');

/**
 * Sets up everything the engine stores: the checkpointer's tables, indexes on their
 * `thread_id` (which `PostgresSaver.setup()` does not create; deleting a thread scans
 * them), then our run and event tables. Safe when replicas start together.
 */
export async function setupSchema(sql: Sql, checkpointer: PostgresSaver): Promise<void> {
  const conn = await sql.reserve();
  try {
    // A session lock on one reserved connection: replicas set up the checkpointer one at a time.
    await conn`select pg_advisory_lock(hashtext('spec-engine-checkpointer'))`;
    try {
      await checkpointer.setup();
      // Only the missing ones: CREATE INDEX IF NOT EXISTS locks the table before it looks, so a
      // replica stuck inside a checkpoint write (paused, partitioned) would hold this start-up.
      const present = await conn<{ indexname: string }[]>`
        select indexname from pg_indexes where schemaname = current_schema()`;
      const names = new Set(present.map((r) => r.indexname));
      for (const table of ['checkpoints', 'checkpoint_blobs', 'checkpoint_writes']) {
        if (names.has(`${table}_thread_id_idx`)) continue;
        await conn.unsafe(`create index if not exists ${table}_thread_id_idx on ${table} (thread_id)`);
      }
    } finally {
      await conn`select pg_advisory_unlock(hashtext('spec-engine-checkpointer'))`;
    }
  } finally {
    conn.release();
  }
  await migrate(sql, MIGRATIONS, 'spec-engine');
}
