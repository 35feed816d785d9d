import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Sql } from './client.js';

/** One numbered migration file, e.g. `0001_init.sql`. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** What {@link migrate} did. */
export interface MigrateResult {
  readonly applied: readonly string[];
  readonly current: number;
}

const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Reads `NNNN_name.sql` files from `dir`, sorted, refusing gaps and duplicates. */
export async function loadMigrations(dir: string): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const match = FILE_PATTERN.exec(file);
    if (!match) throw new Error(`migration file '${file}' in ${dir} must be named NNNN_name.sql`);
    const version = Number(match[1]);
    if (version !== migrations.length + 1) {
      throw new Error(`migration '${file}' in ${dir}: expected version ${migrations.length + 1} (no gaps)`);
    }
    migrations.push({ version, name: match[2]!, sql: await readFile(path.join(dir, file), 'utf8') });
  }
  return migrations;
}

/**
 * Applies the migrations in `dir` that the database has not seen yet, all in one
 * transaction (a failure leaves the schema as it was), under an advisory lock so that
 * replicas starting together apply each migration exactly once. `lockKey` separates
 * services sharing one server.
 */
export async function migrate(sql: Sql, dir: string, lockKey: string): Promise<MigrateResult> {
  const migrations = await loadMigrations(dir);
  return sql.begin(async (tx) => {
    // A transaction-scoped lock: released on commit or when the connection dies.
    await tx`select pg_advisory_xact_lock(hashtext(${lockKey}))`;
    await tx`create table if not exists schema_migrations (
      version integer primary key,
      name text not null,
      applied_at timestamptz not null default now()
    )`;
    const done = new Set((await tx`select version from schema_migrations`).map((r) => r.version as number));
    const applied: string[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await tx.unsafe(m.sql);
      await tx`insert into schema_migrations (version, name) values (${m.version}, ${m.name})`;
      applied.push(`${String(m.version).padStart(4, '0')}_${m.name}`);
    }
    const latest = Math.max(
      0,
      ...done,
      ...migrations.filter((m) => !done.has(m.version)).map((m) => m.version),
    );
    if (latest > migrations.length) {
      throw new Error(
        `database is at migration ${latest} but this build knows only ${migrations.length}: refusing to run an older build against a newer schema`,
      );
    }
    return { applied, current: latest };
  });
}
