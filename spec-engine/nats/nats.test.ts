import { randomBytes } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../common/testing/postgres.js';
import { natsSkipReason, testNatsUrl } from '../../common/testing/nats.js';
import type { RunningEngine } from '../server.js';
import {
  collectStream,
  getJson,
  invokeBody,
  postJson,
  startTestEngine,
  waitFor,
} from '../testing/harness.js';
import { natsNames } from '../../common/contracts/nats.js';
import { deleteJetStream } from './setup.js';

describe.skipIf(!testNatsUrl())('spec engine over NATS JetStream', () => {
  const prefix = `t${randomBytes(4).toString('hex')}`;
  const names = natsNames(prefix);
  let db: TestDatabase;
  let nc: NatsConnection;
  const engines: RunningEngine[] = [];

  beforeAll(async () => {
    natsSkipReason();
    db = await createTestDatabase('spec_nats');
    nc = await connect({ servers: testNatsUrl() });
  });
  afterAll(async () => {
    for (const e of engines) await e.stop();
    if (nc) {
      await deleteJetStream(await jetstreamManager(nc), names);
      await nc.close();
    }
    await db?.drop();
  });

  async function start(env: Record<string, string>) {
    const e = await startTestEngine({
      databaseUrl: db.url,
      env: { NATS_URL: testNatsUrl(), SPEC_ENGINE_NATS_PREFIX: prefix, ...env },
    });
    engines.push(e);
    return e;
  }

  it('queues jobs on JetStream, streams from any replica and publishes the result CloudEvent', async () => {
    const worker = await start({});
    const front = await start({ SPEC_ENGINE_WORKER: 'false' });
    const jobs: { subject: string; traceparent: string | undefined; body: Record<string, unknown> }[] = [];
    nc.subscribe(names.executeWildcard, {
      callback: (_e, m) => {
        jobs.push({ subject: m.subject, traceparent: m.headers?.get('traceparent'), body: m.json() });
      },
    });
    const results: Record<string, unknown>[] = [];
    nc.subscribe(names.statusWildcard, {
      callback: (_e, m) => {
        results.push({ ...m.json(), nats_subject: m.subject });
      },
    });
    await nc.flush();

    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const { status, body } = await postJson(
      `${front.url}/spec-engine/invoke`,
      invokeBody('Screen job applications, then schedule interviews.', { trace_id: traceId }),
    );
    expect(status).toBe(200);
    const threadId = body.thread_id as string;
    // The front replica runs nothing: the events it streams came from the worker through NATS.
    const stream = await collectStream(`${front.url}/spec-engine/stream/${threadId}`);
    expect(stream.frames.at(-1)).toMatchObject({ event_type: 'end', data: { status: 'completed' } });
    expect(stream.frames.map((f) => f.seq)).toEqual(stream.frames.map((_, i) => i + 1));
    const fromWorker = await collectStream(`${worker.url}/spec-engine/stream/${threadId}`);
    expect(fromWorker.raw).toEqual(stream.raw);

    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({
      subject: `${prefix}.agent.execute.${threadId}`,
      body: { specversion: '1.0', type: 'dev.zerotouch.spec.execute', data: { job_id: threadId } },
    });
    expect(jobs[0]!.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    const result = await waitFor(async () =>
      results.find((r) => (r.data as { thread_id: string }).thread_id === threadId),
    );
    expect(result).toMatchObject({
      nats_subject: `${prefix}.agent.status.completed`,
      subject: threadId,
      type: 'dev.zerotouch.spec.completed',
      data: { status: 'completed' },
    });
    expect((await getJson(`${front.url}/spec-engine/state/${threadId}`)).body.status).toBe('completed');
    expect((await getJson(`${front.url}/ready`)).body).toMatchObject({ checks: { nats: { ok: true } } });

    // The same job_id again publishes nothing and starts nothing.
    await postJson(`${front.url}/spec-engine/invoke`, invokeBody('again', { job_id: threadId }));
    await nc.flush();
    expect(jobs).toHaveLength(1);
  });
});
