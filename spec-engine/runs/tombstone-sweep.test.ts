import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type Sql } from '../../common/db/index.js';
import { createTestDatabase, type TestDatabase } from '../../common/testing/postgres.js';
import { createCheckpointer } from '../agent/checkpointer.js';
import { setupSchema } from '../db/schema.js';
import { deleteRunRows } from './registry.js';
import { sweepDeletedThreads } from './tombstone-sweep.js';

describe('sweepDeletedThreads', () => {
  let db: TestDatabase;
  let sql: Sql;
  beforeAll(async () => {
    db = await createTestDatabase('spec_tombstone_sweep');
    sql = connectDatabase(db.url, { max: 2 });
    const checkpointer = createCheckpointer(db.url, () => {});
    await setupSchema(sql, checkpointer);
    await checkpointer.end();
  });
  afterAll(async () => {
    await sql.end();
    await db.drop();
  });

  const plant = (threadId: string) => sql`
    insert into checkpoints (thread_id, checkpoint_ns, checkpoint_id, checkpoint, metadata)
    values (${threadId}, '', ${`cp-${threadId}`}, '{}'::jsonb, '{}'::jsonb)`;
  const count = async (threadId: string) =>
    (await sql<{ n: number }[]>`select count(*)::int as n from checkpoints where thread_id = ${threadId}`)[0]
      ?.n;

  it('removes a checkpoint written after its thread was deleted, and leaves live threads alone', async () => {
    await deleteRunRows(sql, 'deleted-thread', true);
    await plant('deleted-thread');
    await plant('live-thread');
    expect(await sweepDeletedThreads(sql)).toBe(1);
    expect(await count('deleted-thread')).toBe(0);
    expect(await count('live-thread')).toBe(1);
    expect(await sweepDeletedThreads(sql)).toBe(0);
  });
});
