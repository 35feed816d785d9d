import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';
import { withDatabase } from '../db/client.js';

/** A throwaway database on the test server. */
export interface TestDatabase {
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

/** The superuser URL of the test PostgreSQL server (real, or embedded on a bare machine). */
export function testServerUrl(): string {
  return inject('pgAdminUrl');
}

/**
 * Creates a fresh, uniquely named database for one test file, so files run in parallel
 * without seeing each other's rows. `drop()` removes it even with open connections.
 */
export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const admin = testServerUrl();
  const name = `${prefix}_${randomBytes(5).toString('hex')}`.toLowerCase();
  const sql = postgres(admin, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`create database "${name}"`);
  } finally {
    await sql.end({ timeout: 5 });
  }
  return {
    name,
    url: withDatabase(admin, name),
    async drop() {
      const s = postgres(admin, { max: 1, onnotice: () => {} });
      try {
        await s.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await s.end({ timeout: 5 });
      }
    },
  };
}
