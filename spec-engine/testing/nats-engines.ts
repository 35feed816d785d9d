import { randomBytes } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { afterAll, beforeAll, expect } from 'vitest';
import { connectDatabase, type Sql } from '../../common/db/index.js';
import { natsSkipReason, testNatsUrl } from '../../common/testing/nats.js';
import { createTestDatabase, type TestDatabase } from '../../common/testing/postgres.js';
import { type NatsNames, natsNames } from '../../common/contracts/nats.js';
import { deleteJetStream } from '../nats/setup.js';
import type { RunningEngine } from '../server.js';
import { collectStream, getJson, invokeBody, postJson, startTestEngine } from './harness.js';

/** Engines of one test file: a fresh database, and JetStream names under a prefix of their own. */
export interface NatsEngines {
  /** `SPEC_ENGINE_NATS_PREFIX` of this file. */
  readonly prefix: string;
  readonly names: NatsNames;
  /** The database's URL and a pool on it (after `beforeAll`). */
  dbUrl(): string;
  sql(): Sql;
  /** Starts an in-process engine on the test NATS server; stopped after the file. */
  start(env?: Record<string, string>): Promise<RunningEngine>;
}

/**
 * Registers the `beforeAll`/`afterAll` of a NATS engine test file: creates the database, and
 * afterwards stops the engines, deletes the file's streams and drops the database.
 */
export function useNatsEngines(dbPrefix: string): NatsEngines {
  const prefix = `${dbPrefix.slice(0, 1)}${randomBytes(4).toString('hex')}`;
  const names = natsNames(prefix);
  const engines: RunningEngine[] = [];
  let db: TestDatabase | undefined;
  let sql: Sql | undefined;
  beforeAll(async () => {
    natsSkipReason();
    db = await createTestDatabase(dbPrefix);
    sql = connectDatabase(db.url, { max: 2 });
  });
  afterAll(async () => {
    for (const e of engines) await e.stop();
    const nc = await connect({ servers: testNatsUrl() });
    await deleteJetStream(await jetstreamManager(nc), names);
    await nc.close();
    await sql?.end();
    await db?.drop();
  });
  return {
    prefix,
    names,
    dbUrl: () => db!.url,
    sql: () => sql!,
    async start(env = {}) {
      const engine = await startTestEngine({
        databaseUrl: db!.url,
        env: { NATS_URL: testNatsUrl(), SPEC_ENGINE_NATS_PREFIX: prefix, ...env },
      });
      engines.push(engine);
      return engine;
    },
  };
}

/**
 * Runs one job on an engine connected to NATS: invoked over HTTP, its stream read to `end` with
 * status `completed`, and `/ready` reporting NATS ok. Returns the job's thread id.
 */
export async function runJobThroughNats(engineUrl: string, instructions: string): Promise<string> {
  const { status, body } = await postJson(`${engineUrl}/spec-engine/invoke`, invokeBody(instructions));
  expect(status).toBe(200);
  const threadId = body.thread_id as string;
  const stream = await collectStream(`${engineUrl}/spec-engine/stream/${threadId}`, {}, 90_000);
  expect(stream.frames.at(-1)).toMatchObject({ event_type: 'end', data: { status: 'completed' } });
  expect((await getJson(`${engineUrl}/ready`)).body).toMatchObject({ checks: { nats: { ok: true } } });
  return threadId;
}
