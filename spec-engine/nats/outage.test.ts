/**
 * The engine started while its NATS server is down: it serves HTTP, `/ready` says why, it keeps
 * trying, and once a nats-server starts on that port it connects and runs every job exactly once.
 */
import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { natsNames } from '../../common/contracts/nats.js';
import { connectDatabase, freePort, type Sql } from '../../common/db/index.js';
import {
  natsServerSkipReason,
  startNatsServer,
  type TestNatsServer,
} from '../../common/testing/nats-server.js';
import { createTestDatabase, type TestDatabase } from '../../common/testing/postgres.js';
import { inheritedEnv, spawnGroup } from '../../tests/support/processes.js';
import type { RunningEngine } from '../server.js';
import {
  collectStream,
  getJson,
  invokeBody,
  postJson,
  startTestEngine,
  waitFor,
} from '../testing/harness.js';
import { natsAuthorizationConfig } from './authorization-config.js';
import { cloudEvent, traceHeaders } from './cloud-event.js';
import { EXECUTE_TYPE } from './intake.js';

const names = natsNames();

describe.skipIf(natsServerSkipReason() !== '')(
  'the engine while its NATS server is down',
  { timeout: 120_000 },
  () => {
    let db: TestDatabase;
    let sql: Sql;
    const engines: RunningEngine[] = [];
    const servers: TestNatsServer[] = [];
    const clients: NatsConnection[] = [];

    beforeAll(async () => {
      db = await createTestDatabase('spec_nats_outage');
      sql = connectDatabase(db.url, { max: 2 });
    });
    afterEach(async () => {
      for (const c of clients.splice(0)) await c.close();
      for (const e of engines.splice(0)) await e.stop();
      for (const s of servers.splice(0)) await s.stop();
    });
    afterAll(async () => {
      await sql?.end();
      await db?.drop();
    });

    it('answers 503 naming NATS, connects once a server starts, and runs each job exactly once', async () => {
      const port = await freePort();
      const engine = await startTestEngine({
        databaseUrl: db.url,
        env: { NATS_URL: `nats://127.0.0.1:${port}` },
      });
      engines.push(engine);

      const down = await getJson(`${engine.url}/ready`);
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ checks: { database: { ok: true }, nats: { ok: false } } });
      const reason = (down.body.checks as { nats: { reason: string } }).nats.reason;
      expect(reason).toMatch(
        new RegExp(`^NATS unreachable at nats://127.0.0.1:${port} \\(.+\\); \\d+ attempts? failed, retrying`),
      );

      // Accepted during the outage: it waits as a queued run, it does not run in this process.
      const accepted = await postJson(
        `${engine.url}/spec-engine/invoke`,
        invokeBody('Reconcile bank statements.'),
      );
      expect(accepted.status).toBe(200);
      const waiting = accepted.body.thread_id as string;
      const viewer = collectStream(`${engine.url}/spec-engine/stream/${waiting}`, {}, 90_000);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect((await getJson(`${engine.url}/spec-engine/state/${waiting}`)).body.status).toBe('queued');

      const server = await startNatsServer(() => '', undefined, port);
      servers.push(server);
      const observer = await connect({ servers: server.url });
      clients.push(observer);
      const results: string[] = [];
      observer.subscribe(names.statusWildcard, {
        callback: (_e, m) => {
          results.push(m.json<{ data: { thread_id: string } }>().data.thread_id);
        },
      });
      await observer.flush();

      const ready = await waitFor(
        async () => {
          const r = await getJson(`${engine.url}/ready`);
          return r.status === 200 ? r : undefined;
        },
        20_000,
        '/ready to answer 200 after nats-server started',
      );
      expect(ready.body).toMatchObject({ checks: { nats: { ok: true } } });

      // The viewer that connected during the outage sees the whole run, once.
      const seen = await viewer;
      expect(seen.frames.at(-1)).toMatchObject({ event_type: 'end', data: { status: 'completed' } });
      expect(seen.frames.map((f) => f.seq)).toEqual(seen.frames.map((_, i) => i + 1));
      expect(seen.frames.filter((f) => f.event_type === 'end')).toHaveLength(1);

      // A job published straight on the NATS subject runs end to end too.
      const published = randomUUID();
      const request = {
        job_id: published,
        input_payload: { messages: [{ role: 'user', content: 'Book meeting rooms.' }], files: {} },
      };
      await jetstream(observer).publish(
        names.execute(published),
        JSON.stringify(cloudEvent(EXECUTE_TYPE, request, published)),
        {
          msgID: published,
          headers: traceHeaders(undefined),
        },
      );
      const replay = await collectStream(`${engine.url}/spec-engine/stream/${published}`, {}, 90_000);
      expect(replay.frames.at(-1)).toMatchObject({ event_type: 'end', data: { status: 'completed' } });

      await waitFor(
        async () => (results.includes(published) ? true : undefined),
        20_000,
        'the result CloudEvent',
      );
      expect(results.filter((t) => t === waiting)).toEqual([waiting]);
      const rows = await sql<{ thread_id: string; status: string; attempts: number }[]>`
        select thread_id, status, attempts from spec_runs where thread_id in (${waiting}, ${published})`;
      expect(
        rows
          .map(({ thread_id, status, attempts }) => ({ thread_id, status, attempts }))
          .sort((a, b) => a.thread_id.localeCompare(b.thread_id)),
      ).toEqual(
        [
          { thread_id: waiting, status: 'completed', attempts: 1 },
          { thread_id: published, status: 'completed', attempts: 1 },
        ].sort((a, b) => a.thread_id.localeCompare(b.thread_id)),
      );
    });

    it('stops at once while it is still retrying', async () => {
      const engine = await startTestEngine({
        databaseUrl: db.url,
        env: { NATS_URL: `nats://127.0.0.1:${await freePort()}` },
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const started = performance.now();
      await engine.stop();
      expect(performance.now() - started).toBeLessThan(1000);
    });

    it('exits 1 with one line when the server that comes up refuses the credentials', async () => {
      const port = await freePort();
      const url = `nats://127.0.0.1:${port}`;
      const engine = spawnGroup('node', ['--import', 'tsx', 'spec-engine/main.ts'], {
        ...inheritedEnv(['DATABASE_URL', 'NATS_URL', 'NATS_USER', 'NATS_PASSWORD', 'LOG_LEVEL']),
        DATABASE_URL: db.url,
        NATS_URL: url,
        NATS_USER: 'engine',
        NATS_PASSWORD: 'not-the-password',
        PORT: '0',
        SPEC_ENGINE_MODEL: 'offline',
        SPEC_ENGINE_TOKEN: 'a-service-token-for-this-test',
      });
      try {
        await engine.waitForLine(/"msg":"spec engine listening"/, 60_000);
        await engine.waitForLine(/"msg":"NATS unreachable; retrying"/, 10_000);
        const nats = await startNatsServer(
          () => natsAuthorizationConfig([{ user: 'engine', password: '"the-password"' }]),
          undefined,
          port,
        );
        servers.push(nats);
        expect((await engine.exited).code).toBe(1);
      } finally {
        if (engine.child.exitCode === null) process.kill(-engine.child.pid!, 'SIGKILL');
      }
      expect(engine.output.filter((l) => l.startsWith('spec engine stopped:'))).toEqual([
        `spec engine stopped: NATS at ${url} refused user 'engine': authentication refused (Authorization Violation)`,
      ]);
      const retries = engine.output.filter((l) => l.includes('"msg":"NATS unreachable; retrying"'));
      expect(retries[0]).toContain(`"servers":"${url}"`);
      // One line per failed attempt, the next one a second or more away (never above 30 s).
      const delays = retries.map((l) => (JSON.parse(l) as { retryInMs: number }).retryInMs);
      expect(delays.every((d) => d >= 1000 && d <= 30_000)).toBe(true);
      expect(engine.output.join('\n')).not.toMatch(/^\s+at /m);
      expect(engine.output.join('\n')).not.toContain('not-the-password');
    });
  },
);
