/** The engine process refuses to serve unauthenticated unless told so explicitly. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../common/db/index.js';
import { createTestDatabase, type TestDatabase } from '../common/testing/postgres.js';
import { startServiceProcess } from '../scripts/stack/service-process.js';
import { inheritedEnv } from '../tests/support/processes.js';

const DROPS = ['PORT', 'DATABASE_URL', 'NATS_URL', 'SPEC_ENGINE_TOKEN', 'SPEC_ENGINE_ALLOW_UNAUTHENTICATED'];

describe('spec-engine process without SPEC_ENGINE_TOKEN', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('spec_main');
  });
  afterAll(async () => {
    await db?.drop();
  });

  async function start(env: NodeJS.ProcessEnv) {
    return startServiceProcess({
      name: 'spec-engine',
      entry: 'spec-engine/main.ts',
      port: await freePort(),
      env: { ...inheritedEnv(DROPS), DATABASE_URL: db.url, SPEC_ENGINE_MODEL: 'offline', ...env },
    });
  }

  it('refuses to start, naming both variables, without a stack trace', async () => {
    const engine = await start({ LOG_LEVEL: 'info' });
    const exit = await engine.exited;
    expect(exit.code).toBe(1);
    const output = engine.recentOutput();
    expect(output).toContain('SPEC_ENGINE_TOKEN is not set');
    expect(output).toContain('SPEC_ENGINE_ALLOW_UNAUTHENTICATED=true');
    expect(output).not.toMatch(/^\s+at /m);
  }, 60_000);

  it('starts with SPEC_ENGINE_ALLOW_UNAUTHENTICATED=true and logs a warning', async () => {
    const engine = await start({ LOG_LEVEL: 'warn', SPEC_ENGINE_ALLOW_UNAUTHENTICATED: 'true' });
    try {
      await engine.waitReady(60_000);
      expect(engine.recentOutput()).toMatch(/"level":"?(warn|40)"?.*SPEC_ENGINE_ALLOW_UNAUTHENTICATED=true/);
    } finally {
      await engine.stop('SIGTERM');
    }
  }, 90_000);
});
