/**
 * The engine against a nats-server of its own with user/password authorization and the subject
 * permissions of docs/nats-authorization.md: the engine's user works end to end with exactly
 * those permissions, and every refusal stops start-up with one line naming NATS and the reason.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  natsServerSkipReason,
  startNatsServer,
  type TestNatsServer,
} from '../../common/testing/nats-server.js';
import { createTestDatabase, type TestDatabase } from '../../common/testing/postgres.js';
import { inheritedEnv } from '../../tests/support/processes.js';
import type { RunningEngine } from '../server.js';
import { startTestEngine, waitFor } from '../testing/harness.js';
import { runJobThroughNats } from '../testing/nats-engines.js';
import { natsAuthorizationConfig } from './authorization-config.js';
import { natsNames } from '../../common/contracts/nats.js';
import { enginePermissions } from './permissions.js';

const run = promisify(execFile);
const names = natsNames();
const PASSWORD = 'engine-secret-4f1c';
const full = enginePermissions(names, true);
const USERS = [
  { user: 'engine', password: JSON.stringify(PASSWORD), permissions: full },
  // What a cluster where NACK owns the streams grants: no stream or consumer creation.
  { user: 'engine-runner', password: '"runner-pw"', permissions: enginePermissions(names, false) },
  {
    user: 'engine-no-events',
    password: '"no-events-pw"',
    permissions: { ...full, subscribe: full.subscribe.filter((s) => s !== names.eventsWildcard) },
  },
  { user: 'observer', password: '"observer-pw"' },
];

describe.skipIf(natsServerSkipReason() !== '')(
  'the engine on a NATS server with authorization',
  { timeout: 120_000 },
  () => {
    let server: TestNatsServer;
    let db: TestDatabase;
    let observer: NatsConnection;
    const engines: RunningEngine[] = [];

    beforeAll(async () => {
      server = await startNatsServer(() => natsAuthorizationConfig(USERS));
      db = await createTestDatabase('spec_nats_auth');
      observer = await connect({ servers: server.url, user: 'observer', pass: 'observer-pw' });
    });
    afterAll(async () => {
      for (const e of engines) await e.stop();
      await observer?.close();
      await db?.drop();
      await server?.stop();
    });

    async function start(env: Record<string, string>) {
      const e = await startTestEngine({ databaseUrl: db.url, env: { NATS_URL: server.url, ...env } });
      engines.push(e);
      return e;
    }

    it('runs a refinement end to end as a user holding only the documented permissions', async () => {
      const results: { nats_subject: string; data: { thread_id: string } }[] = [];
      observer.subscribe(names.statusWildcard, {
        callback: (_e, m) => {
          results.push({ ...m.json<{ data: { thread_id: string } }>(), nats_subject: m.subject });
        },
      });
      await observer.flush();
      const engine = await start({ NATS_USER: 'engine', NATS_PASSWORD: PASSWORD });

      const threadId = await runJobThroughNats(engine.url, 'Triage support tickets.');
      const result = await waitFor(async () => results.find((r) => r.data.thread_id === threadId));
      expect(result.nats_subject).toBe(names.status('completed'));
      expect(server.log()).not.toMatch(/Violation/);
    });

    const refusals = {
      'a wrong password': {
        env: { NATS_USER: 'engine', NATS_PASSWORD: 'not-the-password' },
        want: "refused user 'engine': authentication refused (Authorization Violation)",
      },
      'stream creation without the permission to create streams': {
        env: { NATS_USER: 'engine-runner', NATS_PASSWORD: 'runner-pw', SPEC_ENGINE_NATS_SETUP: 'true' },
        want: `refused user 'engine-runner': publish to '$JS.API.STREAM.CREATE.${names.executionStream}' not permitted`,
      },
      'no permission to subscribe to run events': {
        env: { NATS_USER: 'engine-no-events', NATS_PASSWORD: 'no-events-pw' },
        want: "refused user 'engine-no-events': subscription on 'spec.events.permission-check-",
      },
    };

    it.each(Object.entries(refusals))(
      'stops start-up on %s, naming NATS and the reason',
      async (_name, c) => {
        const error = await start(c.env).then(
          () => undefined,
          (e: Error) => e,
        );
        expect(error?.message).toContain(`NATS at ${server.url} ${c.want}`);
        expect(error?.message).not.toContain('\n');
        expect(error?.message).not.toContain(c.env.NATS_PASSWORD);
      },
    );

    it('exits 1 with one line on stderr and no password when the credentials are refused', async () => {
      const error = await run('node', ['--import', 'tsx', 'spec-engine/main.ts'], {
        env: {
          ...inheritedEnv(['DATABASE_URL', 'NATS_URL', 'NATS_USER', 'NATS_PASSWORD']),
          NATS_URL: server.url,
          NATS_USER: 'engine',
          NATS_PASSWORD: 'not-the-password',
          PORT: '0',
          SPEC_ENGINE_MODEL: 'offline',
          SPEC_ENGINE_TOKEN: 'a-service-token-for-this-test',
        },
        timeout: 60_000,
      }).then(
        () => undefined,
        (e: { code: number; stdout: string; stderr: string }) => e,
      );
      expect(error?.code).toBe(1);
      expect(error?.stderr.trim()).toBe(
        `spec engine did not start: NATS at ${server.url} refused user 'engine': authentication refused (Authorization Violation)`,
      );
      expect(`${error?.stdout}${error?.stderr}`).not.toContain('not-the-password');
    });
  },
);
