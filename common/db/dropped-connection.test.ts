import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/postgres.js';
import { connectDatabase, type Sql } from './client.js';

// postgres.js 3.4.9 wrote to a null socket from setImmediate when a query ran on a pinned
// connection whose backend had died: an uncaught TypeError that killed the process (the chaos
// run's crashed orchestrator). patches/postgres+3.4.9.patch settles such queries instead.
describe('a connection whose backend is terminated', () => {
  let db: TestDatabase;
  let sql: Sql;
  let admin: Sql;
  beforeAll(async () => {
    db = await createTestDatabase('dropped_connection');
    sql = connectDatabase(db.url, { max: 1 });
    admin = connectDatabase(db.url, { max: 1 });
  });
  afterAll(async () => {
    await sql.end({ timeout: 1 });
    await admin.end({ timeout: 1 });
    await db.drop();
  });

  async function terminate(pid: number): Promise<void> {
    await admin`select pg_terminate_backend(${pid})`;
    // Let the client see the socket close before it writes again.
    await new Promise((r) => setTimeout(r, 200));
  }

  it('fails the transaction with CONNECTION_CLOSED, and the pool answers the next query', async () => {
    let finished: () => void = () => {};
    const bodyDone = new Promise<void>((r) => (finished = r));
    const attempt = sql.begin(async (tx) => {
      try {
        const [{ pid }] = await tx<{ pid: number }[]>`select pg_backend_pid() as pid`;
        await terminate(pid);
        await tx`select 1`;
      } finally {
        finished();
      }
    });
    await expect(attempt).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
    // begin() rejects when the socket closes; its body still runs its last query (and ROLLBACK).
    await bodyDone;
    await new Promise((r) => setImmediate(r));
    const [row] = await sql<{ n: number }[]>`select 2 as n`;
    expect(row?.n).toBe(2);
  });

  it('fails a query on a reserved connection, and released, the pool reconnects', async () => {
    const reserved = await sql.reserve();
    const [{ pid }] = await reserved<{ pid: number }[]>`select pg_backend_pid() as pid`;
    await terminate(pid);
    await expect(reserved`select 1`).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
    reserved.release();
    const [row] = await sql<{ n: number }[]>`select 3 as n`;
    expect(row?.n).toBe(3);
  });
});
