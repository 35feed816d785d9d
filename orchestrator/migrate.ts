import { ENV } from '../common/contracts/env.js';
import { connectDatabase } from '../common/db/index.js';
import { runMigrations } from './db/migrate.js';

/**
 * Standalone migration entry for the Kubernetes init container
 * (`node dist/orchestrator/migrate.js`): applies pending migrations to `DATABASE_URL`
 * under the advisory lock and exits 0, or exits 1 naming the problem.
 */
async function main(): Promise<void> {
  const url = process.env[ENV.databaseUrl]?.trim();
  if (!url) {
    console.error(`ide-orchestrator migrate: ${ENV.databaseUrl} is required`);
    process.exit(2);
  }
  const sql = connectDatabase(url, { max: 1, applicationName: 'ide-orchestrator-migrate' });
  try {
    const { applied, current } = await runMigrations(sql);
    console.log(JSON.stringify({ msg: 'ide_orchestrator migrated', applied, schemaVersion: current }));
  } finally {
    await sql.end({ timeout: 5 });
  }
}

main().catch((error: unknown) => {
  console.error('ide-orchestrator migrate failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
