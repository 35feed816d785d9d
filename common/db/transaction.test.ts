import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/postgres.js';
import { connectDatabase, type Sql } from './client.js';
import { transaction } from './transaction.js';

describe('transaction', () => {
  let db: TestDatabase;
  let sql: Sql;
  beforeAll(async () => {
    db = await createTestDatabase('transaction_retry');
    sql = connectDatabase(db.url, { max: 4 });
    await sql`create table counters (id int primary key, n int not null)`;
    await sql`insert into counters values (1, 0), (2, 0)`;
  });
  afterAll(async () => {
    await sql.end();
    await db.drop();
  });

  it('runs the deadlock victim again, so both transactions apply exactly once', async () => {
    // Two transactions lock rows 1 and 2 in opposite orders, each waiting until the other holds
    // its first row: PostgreSQL aborts one with 40P01, the way an approve and a workflow delete can.
    let arrived = 0;
    let release: () => void = () => {};
    const bothLocked = new Promise<void>((resolve) => (release = resolve));
    const attempts = { a: 0, b: 0 };
    const run = (name: 'a' | 'b', first: number, second: number) =>
      transaction(sql, async (tx) => {
        attempts[name]++;
        await tx`update counters set n = n + 1 where id = ${first}`;
        if (attempts[name] === 1) {
          if (++arrived === 2) release();
          await bothLocked;
        }
        await tx`update counters set n = n + 1 where id = ${second}`;
      });
    await Promise.all([run('a', 1, 2), run('b', 2, 1)]);
    expect(attempts.a + attempts.b).toBe(3);
    expect(await sql`select id, n from counters order by id`).toEqual([
      { id: 1, n: 2 },
      { id: 2, n: 2 },
    ]);
  });

  it('throws any other error at once, without running the transaction again', async () => {
    let runs = 0;
    await expect(
      transaction(sql, async (tx) => {
        runs++;
        await tx`insert into counters values (1, 0)`;
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(runs).toBe(1);
  });
});
