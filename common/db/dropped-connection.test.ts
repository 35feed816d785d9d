import { connect, createServer } from 'node:net';
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

  it('survives its backend terminated while it fetches array types at start-up (no unhandled rejection)', async () => {
    // A relay that, when the client first asks for the array types (the query postgres.js sends
    // right after start-up), has the backend terminated (57P01, as a failover or an operator
    // would) before passing the query on; every later connection passes through.
    const upstream = new URL(db.url);
    let cuts = 0;
    const relay = createServer((client) => {
      const server = connect(Number(upstream.port || 5432), upstream.hostname);
      client.on('data', (chunk: Buffer) => {
        if (cuts === 0 && chunk.includes('typcategory')) {
          cuts++;
          client.pause();
          void admin`select pg_terminate_backend(pid) from pg_stat_activity
                     where application_name = 'fetch-types-cut'`.then(() => {
            server.write(chunk);
            client.resume();
          });
          return;
        }
        server.write(chunk);
      });
      server.pipe(client);
      client.on('error', () => server.destroy());
      server.on('error', () => client.destroy());
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const { port } = relay.address() as { port: number };
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const url = new URL(db.url);
    url.host = `127.0.0.1:${port}`;
    const viaRelay = connectDatabase(url.toString(), { max: 1, applicationName: 'fetch-types-cut' });
    try {
      // The query that opened the connection may fail with the termination (a 503 for a client)…
      const first = await viaRelay<{ n: number }[]>`select 4 as n`.then(
        (rows) => rows[0]?.n,
        (error: { code?: string }) => error.code,
      );
      expect([4, '57P01']).toContain(first);
      // …and the next one gets a fresh connection.
      const [row] = await viaRelay<{ n: number }[]>`select 5 as n`;
      expect(row?.n).toBe(5);
      await new Promise((r) => setTimeout(r, 50));
      expect(cuts).toBe(1);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await viaRelay.end({ timeout: 1 });
      relay.close();
    }
  });
});
