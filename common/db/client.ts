import postgres from 'postgres';

/** A postgres.js connection pool. */
export type Sql = postgres.Sql;

/** Options for {@link connectDatabase}. */
export interface ConnectOptions {
  /** Pool size. @default 10 */
  readonly max?: number;
  /** Name reported in pg_stat_activity. */
  readonly applicationName?: string;
}

/**
 * Opens a postgres.js pool on `url`. Notices are dropped (migrations raise
 * harmless ones) and JSON columns come back parsed.
 */
export function connectDatabase(url: string, options: ConnectOptions = {}): Sql {
  return postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    idle_timeout: 30,
    connect_timeout: 10,
    connection: { application_name: options.applicationName ?? 'zerotouch' },
  });
}

/** Returns `url` with its database name replaced by `database`. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/**
 * Creates `database` on the server behind `adminUrl` when it does not exist yet.
 * Safe when several processes race to create the same database.
 */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(database)) {
    throw new Error(`database name '${database}' must match [a-z_][a-z0-9_]* (at most 63 characters)`);
  }
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql`select 1 from pg_database where datname = ${database}`;
    if (rows.length > 0) return;
    await sql.unsafe(`create database "${database}"`).catch((error: unknown) => {
      // 42P04 duplicate_database: another process won the race, which is fine.
      if ((error as { code?: string }).code !== '42P04') throw error;
    });
  } finally {
    await sql.end({ timeout: 5 });
  }
}
