/**
 * A worker process stopped with SIGTERM mid-run (a scale-in or a rollout): it takes no new job,
 * lets the run reach its next checkpoint, hands the job back and exits 0; another worker resumes the
 * run from that checkpoint at once (not after ack_wait) and nothing it finished is repeated.
 */
import { randomBytes } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, freePort, type Sql } from '../../common/db/index.js';
import { createTestDatabase, type TestDatabase } from '../../common/testing/postgres.js';
import { natsSkipReason, testNatsUrl } from '../../common/testing/nats.js';
import { type ServiceProcess, startServiceProcess } from '../../scripts/stack/service-process.js';
import { inheritedEnv } from '../../tests/support/processes.js';
import type { RunningEngine } from '../server.js';
import {
  collectStream,
  type Frame,
  countCheckpoints,
  getJson,
  invokeBody,
  postJson,
  startTestEngine,
  waitFor,
} from '../testing/harness.js';
import { natsNames } from '../../common/contracts/nats.js';
import { deleteJetStream } from './setup.js';

const messagesOf = (f: Frame) => (f.data.messages as unknown[]).length;

describe.skipIf(!testNatsUrl())('a worker process stopped with SIGTERM mid-run', () => {
  const prefix = `g${randomBytes(4).toString('hex')}`;
  let db: TestDatabase;
  let sql: Sql;
  let front: RunningEngine;
  const workers: ServiceProcess[] = [];

  async function startWorker(name: string): Promise<ServiceProcess> {
    const worker = startServiceProcess({
      name,
      entry: 'spec-engine/main.ts',
      port: await freePort(),
      env: {
        ...inheritedEnv(['PORT', 'DATABASE_URL', 'NATS_URL']),
        DATABASE_URL: db.url,
        NATS_URL: testNatsUrl()!,
        SPEC_ENGINE_NATS_PREFIX: prefix,
        SPEC_ENGINE_MODEL: 'offline',
        // Short steps: the run reaches its checkpoint while the worker's last pull (1 s) is still
        // open, where a job handed back too early would be redelivered to it until it dead-letters.
        SPEC_ENGINE_OFFLINE_STEP_DELAY_MS: '50',
        // Far longer than the test's timeout: the job can only come back in time if it is handed back.
        SPEC_ENGINE_ACK_WAIT_MS: '600000',
        LOG_LEVEL: 'info',
        SPEC_ENGINE_ALLOW_UNAUTHENTICATED: 'true',
      },
    });
    workers.push(worker);
    await worker.waitReady(60_000);
    return worker;
  }

  const checkpoints = (threadId: string) => countCheckpoints(sql, threadId);

  beforeAll(async () => {
    natsSkipReason();
    db = await createTestDatabase('spec_drain');
    sql = connectDatabase(db.url, { max: 2 });
    front = await startTestEngine({
      databaseUrl: db.url,
      env: {
        NATS_URL: testNatsUrl()!,
        SPEC_ENGINE_NATS_PREFIX: prefix,
        SPEC_ENGINE_ACK_WAIT_MS: '600000',
        SPEC_ENGINE_WORKER: 'false',
      },
    });
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop('SIGKILL', 1000)));
    await front?.stop();
    const nc = await connect({ servers: testNatsUrl()! });
    await deleteJetStream(await jetstreamManager(nc), natsNames(prefix));
    await nc.close();
    await sql?.end();
    await db?.drop();
  });

  it('checkpoints, hands the job back and exits 0; another worker resumes it at once without repeating steps', async () => {
    const first = await startWorker('worker-a');
    const { body } = await postJson(
      `${front.url}/spec-engine/invoke`,
      invokeBody('Plan a data retention policy.'),
    );
    const threadId = body.thread_id as string;
    await waitFor(
      async () => ((await checkpoints(threadId)) >= 4 ? true : undefined),
      30_000,
      'the worker to get mid-run',
    );
    const checkpointsAtSigterm = await checkpoints(threadId);
    // Exit 0 by itself: a drain that hung would be SIGKILLed after 30 s.
    const exit = await first.stop('SIGTERM', 30_000);
    expect(exit).toEqual({ code: 0, signal: null });
    const log = first.recentOutput();
    expect(log).toContain('run reached a checkpoint; stopping it for shutdown');
    expect(log.split('run handed back for shutdown').length - 1).toBe(1);
    // It wrote the step it was in before it let go, and recorded no failure.
    const checkpointsAtExit = await checkpoints(threadId);
    expect(checkpointsAtExit).toBeGreaterThan(checkpointsAtSigterm);
    expect((await getJson(`${front.url}/spec-engine/state/${threadId}`)).body.status).toBe('running');
    const [{ seq: seqAtExit }] = await sql<{ seq: number }[]>`
      select coalesce(max(seq), 0)::int as seq from spec_events where thread_id = ${threadId}`;

    await startWorker('worker-b');
    const { frames } = await collectStream(`${front.url}/spec-engine/stream/${threadId}`, {}, 90_000);
    expect(frames.at(-1)).toMatchObject({ event_type: 'end', data: { status: 'completed' } });
    expect(frames.map((f) => f.seq)).toEqual(frames.map((_, i) => i + 1));
    const [run] = await sql`select attempts from spec_runs where thread_id = ${threadId}`;
    expect(run?.attempts).toBe(2);
    // Resumed from the checkpoint: the second worker's first state already holds everything the
    // first one had reached, and it never streams a state with only the input again.
    const updates = frames.filter((f) => f.event_type === 'on_state_update');
    const before = updates.filter((f) => f.seq! <= seqAtExit);
    const after = updates.filter((f) => f.seq! > seqAtExit);
    expect(after.length).toBeGreaterThan(0);
    expect(messagesOf(after[0]!)).toBeGreaterThanOrEqual(messagesOf(before.at(-1)!));
    expect(after.every((f) => messagesOf(f) > 1)).toBe(true);
  }, 180_000);
});
