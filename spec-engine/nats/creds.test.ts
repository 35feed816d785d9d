/**
 * The engine against a nats-server in operator mode (decentralized JWT auth): it connects with a
 * `.creds` file (user JWT + NKey seed) in `NATS_CREDS_FILE` holding the documented permissions,
 * and a refused user stops start-up with one line naming NATS and the reason.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { natsNames } from '../../common/contracts/nats.js';
import {
  natsServerSkipReason,
  startNatsServer,
  type TestNatsServer,
} from '../../common/testing/nats-server.js';
import { createTestOperator, type TestOperator } from '../../common/testing/nats-operator.js';
import { createTestDatabase, type TestDatabase } from '../../common/testing/postgres.js';
import type { RunningEngine } from '../server.js';
import { startTestEngine } from '../testing/harness.js';
import { runJobThroughNats } from '../testing/nats-engines.js';
import { enginePermissions } from './permissions.js';

const names = natsNames();
const full = enginePermissions(names, true);

describe.skipIf(natsServerSkipReason() !== '')(
  'the engine on a NATS server in operator mode (credentials file)',
  { timeout: 120_000 },
  () => {
    const operator: TestOperator = createTestOperator();
    let server: TestNatsServer;
    let db: TestDatabase;
    const engines: RunningEngine[] = [];

    beforeAll(async () => {
      server = await startNatsServer(() => operator.config);
      db = await createTestDatabase('spec_nats_creds');
    });
    afterAll(async () => {
      for (const e of engines) await e.stop();
      await db?.drop();
      await server?.stop();
    });

    async function credsFile(name: string, content: string): Promise<string> {
      const file = path.join(server.dir, `${name}.creds`);
      await writeFile(file, content, { mode: 0o600 });
      return file;
    }

    async function start(credsFile: string) {
      const e = await startTestEngine({
        databaseUrl: db.url,
        env: { NATS_URL: server.url, NATS_CREDS_FILE: credsFile },
      });
      engines.push(e);
      return e;
    }

    it('runs a refinement end to end with NATS_CREDS_FILE of a user holding the documented permissions', async () => {
      const engine = await start(await credsFile('spec-engine', operator.creds('spec-engine', full)));
      await runJobThroughNats(engine.url, 'Plan the quarterly inventory count.');
      expect(server.log()).not.toMatch(/Violation/);
    });

    it('stops start-up naming NATS and the subject when the user may not publish it', async () => {
      const permissions = { ...full, publish: full.publish.filter((s) => s !== names.deleted('*')) };
      const file = await credsFile('no-deleted', operator.creds('no-deleted', permissions));
      const error = await start(file).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error?.message).toContain(
        `NATS at ${server.url} refused the credentials in ${file}: publish to 'spec.deleted.permission-check-`,
      );
      expect(error?.message).toMatch(/' not permitted$/);
      expect(error?.message).not.toContain('\n');
    });

    it('stops start-up naming NATS when the user belongs to an account the server does not trust', async () => {
      const file = await credsFile('stranger', operator.foreignCreds('stranger'));
      const error = await start(file).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error?.message).toBe(
        `NATS at ${server.url} refused the credentials in ${file}: authentication refused (Authorization Violation)`,
      );
    });
  },
);
