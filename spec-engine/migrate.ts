import { SPEC_ENGINE_DATABASE } from '../common/contracts/databases.js';
import { connectDatabase, openServiceDatabase } from '../common/db/index.js';
import { createCheckpointer } from './agent/checkpointer.js';
import { loadConfig } from './config.js';
import { setupSchema } from './db/schema.js';

/**
 * Standalone migration (the Kubernetes init container runs `node dist/spec-engine/migrate.js`):
 * sets up the checkpointer tables, their `thread_id` indexes and our tables, then exits.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const db = await openServiceDatabase({
    databaseUrl: config.databaseUrl,
    database: SPEC_ENGINE_DATABASE,
    embeddedDataDir: config.embeddedDataDir,
  });
  const sql = connectDatabase(db.url, { max: 2, applicationName: 'spec-engine-migrate' });
  const checkpointer = createCheckpointer(db.url, (error) => console.error(error));
  try {
    await setupSchema(sql, checkpointer);
    console.log('spec-engine schema is up to date');
  } finally {
    await sql.end({ timeout: 5 });
    await checkpointer.end();
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
