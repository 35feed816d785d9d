import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../common/db/index.js';
import { createTestDatabase, type TestDatabase, testServerUrl } from '../../common/testing/postgres.js';
import { type ServiceProcess, startServiceProcess } from '../../scripts/stack/service-process.js';
import { collectStream, invokeBody, postJson } from '../testing/harness.js';
import { createCheckpointer } from './checkpointer.js';

interface PgClient {
  query(sql: string): Promise<{ rows: { pid: number }[] }>;
  release(): void;
}

// The chaos harness terminates every database connection of a service (pg_terminate_backend).
// The checkpointer's own `pg` pool then emits `error` on its idle connections; without a
// listener Node ends the whole engine process with an unhandled 'error' event.
describe('an engine whose database connections are all terminated', () => {
  let db: TestDatabase;
  let engine: ServiceProcess;

  beforeAll(async () => {
    db = await createTestDatabase('spec_terminated');
    engine = startServiceProcess({
      name: 'spec-engine',
      entry: 'spec-engine/main.ts',
      port: await freePort(),
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        SPEC_ENGINE_MODEL: 'offline',
        SPEC_ENGINE_ALLOW_UNAUTHENTICATED: 'true',
        LOG_LEVEL: 'silent',
      },
    });
    await engine.waitReady(90_000);
  });
  afterAll(async () => {
    await engine?.stop('SIGKILL');
    await db?.drop();
  });

  it('stays up and runs the next refinement on fresh connections', async () => {
    const first = await postJson(`${engine.url}/spec-engine/invoke`, invokeBody('Summarise weekly sales.'));
    await collectStream(`${engine.url}/spec-engine/stream/${first.body.thread_id}`, {}, 90_000);

    const admin = postgres(testServerUrl(), { max: 1, onnotice: () => {} });
    const killed = await admin`
      select pg_terminate_backend(pid) from pg_stat_activity where datname = ${db.name}`;
    await admin.end();
    expect(killed.length).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(engine.isRunning(), engine.recentOutput()).toBe(true);

    const next = await postJson(`${engine.url}/spec-engine/invoke`, invokeBody('Summarise monthly sales.'));
    expect(next.status).toBe(200);
    const { frames } = await collectStream(
      `${engine.url}/spec-engine/stream/${next.body.thread_id}`,
      {},
      90_000,
    );
    expect(frames.at(-1)).toMatchObject({ event_type: 'end', data: { status: 'completed' } });
  }, 240_000);
});

// A client the pool has handed out (a checkpoint being written) is not covered by the pool's
// listener: `pg` emits `error` on the client itself, and unheard that ends the engine.
describe('a checkpointer whose checked-out connection is terminated', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('spec_terminated_busy');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('reports the error and keeps working on a fresh connection', async () => {
    const errors: unknown[] = [];
    const saver = createCheckpointer(db.url, (e) => errors.push(e));
    const pool = (saver as unknown as { pool: { connect(): Promise<PgClient>; end(): Promise<void> } }).pool;
    const client = await pool.connect();
    const [{ pid }] = (await client.query('select pg_backend_pid() as pid')).rows as [{ pid: number }];
    const admin = postgres(testServerUrl(), { max: 1, onnotice: () => {} });
    await admin`select pg_terminate_backend(${pid})`;
    await admin.end();
    for (let i = 0; i < 50 && errors.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(errors.length).toBeGreaterThan(0);
    client.release();
    await saver.setup();
    expect(await saver.getTuple({ configurable: { thread_id: 'none' } })).toBeUndefined();
    await pool.end();
  }, 60_000);
});
