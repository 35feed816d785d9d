import path from 'node:path';
import { ORCHESTRATOR_DATABASE } from '../../common/contracts/databases.js';
import {
  connectDatabase,
  openServiceDatabase,
  type ServiceDatabase,
  type Sql,
} from '../../common/db/index.js';
import type { Logger } from '../../common/observability/index.js';

/** The database the orchestrator owns (named in common/contracts/databases.ts). */
export const DATABASE_NAME = ORCHESTRATOR_DATABASE;

/** Where the embedded server keeps its data when `DATABASE_URL` is unset. */
export const EMBEDDED_DATA_DIR = '.data/orchestrator-pg';

/** An open orchestrator database: the pool plus whatever server backs it. */
export interface OrchestratorDatabase {
  readonly sql: Sql;
  readonly server: ServiceDatabase;
  /** Closes the pool, then stops the embedded server if this process started one. */
  close(): Promise<void>;
}

/**
 * Connects to `databaseUrl`, or starts an embedded PostgreSQL server (data under
 * `.data/orchestrator-pg` in the working directory) with database `ide_orchestrator`.
 */
export async function openOrchestratorDatabase(
  databaseUrl: string | undefined,
  logger: Logger,
): Promise<OrchestratorDatabase> {
  const server = await openServiceDatabase({
    databaseUrl,
    database: DATABASE_NAME,
    embeddedDataDir: path.resolve(EMBEDDED_DATA_DIR),
    onLog: (line) => logger.debug({ component: 'embedded-postgres' }, line),
  });
  if (server.isEmbedded) logger.info('DATABASE_URL unset: started an embedded PostgreSQL server');
  const sql = connectDatabase(server.url, { max: 10, applicationName: 'ide-orchestrator' });
  return {
    sql,
    server,
    async close() {
      await sql.end({ timeout: 5 });
      await server.close();
    },
  };
}
