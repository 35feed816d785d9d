import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type Sql } from '../../common/db/index.js';
import { migrate } from '../../common/db/migrate.js';
import { createTestDatabase, type TestDatabase } from '../../common/testing/postgres.js';
import { createLocalBus } from './fanout.js';
import { followThread } from './follow.js';

const MIGRATIONS = path.join(path.dirname(fileURLToPath(import.meta.url)), '../db/migrations');

/** `sql` whose next `failures` queries fail as a dropped connection would. */
function flaky(sql: Sql) {
  let failures = 0;
  const wrapped = ((strings: TemplateStringsArray, ...values: unknown[]) => {
    if (failures > 0) {
      failures -= 1;
      return Promise.reject(Object.assign(new Error('terminating connection'), { code: '57P01' }));
    }
    return sql(strings, ...(values as never[]));
  }) as unknown as Sql;
  return { sql: wrapped, failNext: (n = 1) => (failures = n) };
}

/** What a follower's sink saw. */
function sink() {
  const seen = { frames: [] as string[], ended: false, failed: false };
  return {
    seen,
    sink: {
      send: (frame: string) => seen.frames.push(frame),
      end: () => (seen.ended = true),
      deleted: () => {},
      failed: () => (seen.failed = true),
    },
  };
}

const frame = (seq: number, eventType = 'on_llm_stream') => ({ seq, eventType, frame: `{"seq":${seq}}` });

describe('followThread when the event log cannot be read', () => {
  let db: TestDatabase;
  let sql: Sql;
  beforeAll(async () => {
    db = await createTestDatabase('se_follow');
    sql = connectDatabase(db.url, { max: 2 });
    await migrate(sql, MIGRATIONS, 'spec-engine');
  });
  afterAll(async () => {
    await sql?.end({ timeout: 5 });
    await db?.drop();
  });

  async function store(threadId: string, seqs: number[]) {
    for (const seq of seqs) {
      await sql`insert into spec_events (thread_id, seq, event_type, frame)
        values (${threadId}, ${seq}, 'on_llm_stream', ${frame(seq).frame})`;
    }
  }

  it('ends the stream with failed (the client resumes) instead of going silent for good', async () => {
    const bus = createLocalBus();
    const db2 = flaky(sql);
    await store('t-fail', [1, 2]);
    const { seen, sink: s } = sink();
    await followThread({ sql: db2.sql, bus }, 't-fail', 0, s);
    expect(seen.frames).toEqual([frame(1).frame, frame(2).frame]);
    // seq 3 is stored but its publish was missed; seq 4 arrives live with the gap: the log read fails.
    await store('t-fail', [3, 4]);
    db2.failNext();
    bus.publish('t-fail', frame(4));
    await expect.poll(() => seen.failed, { timeout: 5_000 }).toBe(true);
    expect(seen.ended).toBe(false);
  });

  it('fails the follow itself when the first read fails', async () => {
    const db2 = flaky(sql);
    db2.failNext();
    const { sink: s } = sink();
    await expect(followThread({ sql: db2.sql, bus: createLocalBus() }, 't-first', 0, s)).rejects.toThrow(
      'terminating connection',
    );
  });
});
