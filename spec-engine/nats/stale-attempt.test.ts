import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../common/db/index.js';
import { testNatsUrl } from '../../common/testing/nats.js';
import { type ServiceProcess, startServiceProcess } from '../../scripts/stack/service-process.js';
import { collectStream, getJson, invokeBody, postJson, waitFor } from '../testing/harness.js';
import { useNatsEngines } from '../testing/nats-engines.js';

// Found by the chaos harness (bench/chaos): a worker stopped (SIGSTOP) past its job's ack wait
// loses the job to another worker, which resumes the run as attempt 2. When the first worker
// woke up it went on writing events and recorded its own outcome over the newer attempt's.
describe.skipIf(!testNatsUrl())('a worker paused past its ack wait, then woken', () => {
  const engines = useNatsEngines('spec_stale');
  const env = {
    NATS_URL: testNatsUrl(),
    SPEC_ENGINE_NATS_PREFIX: engines.prefix,
    SPEC_ENGINE_ACK_WAIT_MS: '1500',
    SPEC_ENGINE_OFFLINE_STEP_DELAY_MS: '200',
  };
  let paused: ServiceProcess | undefined;
  afterAll(async () => {
    if (paused?.isRunning()) {
      process.kill(paused.pid, 'SIGCONT');
      await paused.stop('SIGKILL');
    }
  });

  it('leaves the run to the attempt that took over: one end, completed, no error', async () => {
    const sql = engines.sql();
    const front = await engines.start({ ...env, SPEC_ENGINE_WORKER: 'false' });
    paused = startServiceProcess({
      name: 'spec-engine',
      entry: 'spec-engine/main.ts',
      port: await freePort(),
      env: {
        ...process.env,
        ...env,
        DATABASE_URL: engines.dbUrl(),
        SPEC_ENGINE_MODEL: 'offline',
        SPEC_ENGINE_ALLOW_UNAUTHENTICATED: 'true',
        LOG_LEVEL: 'silent',
      },
    });
    await paused.waitReady(150_000);
    const { body } = await postJson(
      `${front.url}/spec-engine/invoke`,
      invokeBody('Triage incoming bug reports.'),
    );
    const threadId = body.thread_id as string;
    const eventCount = async () => {
      const [row] = await sql<{ n: number }[]>`
        select count(*)::int as n from spec_events where thread_id = ${threadId}`;
      return row!.n;
    };
    await waitFor(
      async () => ((await eventCount()) >= 8 ? true : undefined),
      30_000,
      'the run to be under way',
    );
    process.kill(paused.pid, 'SIGSTOP');

    // Another worker gets the job once the ack wait passes without a heartbeat.
    await engines.start(env);
    await waitFor(
      async () => {
        const [run] = await sql`select attempts from spec_runs where thread_id = ${threadId}`;
        return run?.attempts === 2 ? true : undefined;
      },
      30_000,
      'the job to be redelivered',
    );
    const atTakeover = await eventCount();
    await waitFor(
      async () => ((await eventCount()) > atTakeover ? true : undefined),
      30_000,
      'attempt 2 to emit',
    );
    process.kill(paused.pid, 'SIGCONT');

    const { frames } = await collectStream(`${front.url}/spec-engine/stream/${threadId}`, {}, 60_000);
    expect(frames.filter((f) => f.event_type === 'error')).toEqual([]);
    expect(frames.filter((f) => f.event_type === 'end')).toHaveLength(1);
    expect(frames.at(-1)).toMatchObject({ event_type: 'end', data: { status: 'completed' } });
    expect(frames.map((f) => f.seq)).toEqual(frames.map((_, i) => i + 1));
    const state = await getJson(`${front.url}/spec-engine/state/${threadId}`);
    expect(state.body).toMatchObject({ status: 'completed' });
    expect(Object.keys(state.body.generated_files as object)).toContain('/definition.json');
  }, 300_000);
});
