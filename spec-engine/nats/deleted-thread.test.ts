import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testNatsUrl } from '../../common/testing/nats.js';
import { countCheckpoints, getJson, invokeBody, postJson, waitFor } from '../testing/harness.js';
import { useNatsEngines } from '../testing/nats-engines.js';

// Found by the chaos harness (bench/chaos): a proposal rejected while its job still sat in
// JetStream (its worker killed, the job waiting for redelivery) had its thread deleted; the
// redelivered job then re-created the run and ran it again, leaving a thread nobody deletes.
describe.skipIf(!testNatsUrl())('a job whose thread was deleted before a worker took it', () => {
  const { names, sql, start } = useNatsEngines('spec_deleted');
  let nc: NatsConnection;
  beforeAll(async () => {
    nc = await connect({ servers: testNatsUrl() });
  });
  afterAll(() => nc?.close());

  it('is dropped by the worker: the thread stays deleted, no checkpoint is left, and invoking it again answers 410', async () => {
    // No worker yet: the job waits in the stream as it does while its worker is dead.
    const front = await start({ SPEC_ENGINE_WORKER: 'false' });
    const invoked = await postJson(
      `${front.url}/spec-engine/invoke`,
      invokeBody('Plan a data retention policy.'),
    );
    expect(invoked.status).toBe(200);
    const threadId = invoked.body.thread_id as string;
    const deleted = await fetch(`${front.url}/spec-engine/threads/${threadId}`, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    // A worker paused past the delete (SIGSTOP) and then killed can still have written a
    // checkpoint after it: the redelivered job must not leave it behind (the 40-fault chaos run did).
    await sql()`insert into checkpoints (thread_id, checkpoint_ns, checkpoint_id, checkpoint, metadata)
      values (${threadId}, '', 'stray-after-delete', '{}'::jsonb, '{}'::jsonb)`;
    expect(await countCheckpoints(sql(), threadId)).toBe(1);

    await start({});
    const jsm = await jetstreamManager(nc);
    await waitFor(
      async () => {
        const info = await jsm.consumers.info(names.executionStream, names.consumer);
        return info.num_pending === 0 && info.num_ack_pending === 0 ? true : undefined;
      },
      30_000,
      'the worker to take the job',
    );
    expect((await getJson(`${front.url}/spec-engine/state/${threadId}`)).status).toBe(404);
    const [rows] = await sql()`
      select (select count(*)::int from spec_runs where thread_id = ${threadId}) as runs,
             (select count(*)::int from spec_events where thread_id = ${threadId}) as events`;
    expect(rows).toEqual({ runs: 0, events: 0 });
    expect(await countCheckpoints(sql(), threadId)).toBe(0);

    const again = await postJson(
      `${front.url}/spec-engine/invoke`,
      invokeBody('Plan a data retention policy.', { job_id: threadId }),
    );
    expect(again.status).toBe(410);
    expect(again.body).toMatchObject({ error: { code: 'thread_deleted' } });
  }, 60_000);
});
