import { existsSync } from 'node:fs';
import path from 'node:path';
import { type MigrateResult, migrate, type Sql } from '../../common/db/index.js';

/** Advisory-lock key separating our migrations from other services on the same server. */
const LOCK_KEY = 'ide_orchestrator.migrations';

/**
 * The folder of `NNNN_name.sql` files: beside this module when run from source, or the
 * source folder when run from `dist/` (tsc does not copy .sql files).
 */
function migrationsDir(): string {
  const candidates = [
    path.join(import.meta.dirname, 'migrations'),
    path.resolve(import.meta.dirname, '..', '..', '..', 'orchestrator', 'db', 'migrations'),
  ];
  const found = candidates.find((dir) => existsSync(dir));
  if (!found) throw new Error(`orchestrator migrations not found (looked in ${candidates.join(', ')})`);
  return found;
}

/** Applies pending orchestrator migrations under an advisory lock (safe with replicas). */
export function runMigrations(sql: Sql): Promise<MigrateResult> {
  return migrate(sql, migrationsDir(), LOCK_KEY);
}
