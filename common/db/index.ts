export { connectDatabase, ensureDatabase, withDatabase } from './client.js';
export type { ConnectOptions, Sql } from './client.js';
export { freePort, isProcessAlive, startEmbeddedPostgres } from './embedded.js';
export type { EmbeddedOptions, EmbeddedServer } from './embedded.js';
export { loadMigrations, migrate } from './migrate.js';
export type { MigrateResult, Migration } from './migrate.js';
export { openServiceDatabase } from './service-database.js';
export type { ServiceDatabase, ServiceDatabaseOptions } from './service-database.js';
export { DATABASE_UNAVAILABLE, isDatabaseUnavailable } from './unavailable.js';
export {
  DATABASE_STARTUP_RETRY_ENV,
  databaseStartupRetryMs,
  retryWhileDatabaseUnavailable,
} from './startup-retry.js';
export type { StartupRetry } from './startup-retry.js';
