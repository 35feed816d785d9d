import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/postgres.js';
import { connectDatabase, type Sql } from './client.js';
import { loadMigrations, migrate } from './migrate.js';

const okDir = path.join(import.meta.dirname, 'testdata', 'migrations-ok');

describe('migrate', () => {
  let db: TestDatabase;
  let sql: Sql;
  beforeAll(async () => {
    db = await createTestDatabase('migrate');
    sql = connectDatabase(db.url, { max: 8 });
  });
  afterAll(async () => {
    await sql.end();
    await db.drop();
  });

  it('applies each migration once even when replicas start together', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => migrate(sql, okDir, 'test')));
    const applied = results.flatMap((r) => r.applied);
    expect(applied.sort()).toEqual(['0001_widgets', '0002_size']);
    expect(results.every((r) => r.current === 2)).toBe(true);
    const rows = await sql`select version, name from schema_migrations order by version`;
    expect(rows.map((r) => r.name)).toEqual(['widgets', 'size']);
    await sql`insert into widgets (name) values ('a')`;
    const [w] = await sql`select size from widgets`;
    expect(w?.size).toBe(1);
  });

  it('leaves the schema untouched when a migration fails', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mig-'));
    await writeFile(
      path.join(dir, '0001_widgets.sql'),
      'create table widgets (id serial primary key, name text not null);',
    );
    await writeFile(
      path.join(dir, '0002_size.sql'),
      'alter table widgets add column size int not null default 1;',
    );
    await writeFile(path.join(dir, '0003_bad.sql'), 'create table good (id int); select no_such_function();');
    await expect(migrate(sql, dir, 'test')).rejects.toThrow(/no_such_function/);
    const [t] = await sql`select to_regclass('good') as t`;
    expect(t?.t).toBeNull();
    const versions = await sql`select version from schema_migrations`;
    expect(versions).toHaveLength(2);
  });

  it('names the file when a migration is misnamed or leaves a gap', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mig-'));
    await writeFile(path.join(dir, '0002_late.sql'), 'select 1;');
    await expect(loadMigrations(dir)).rejects.toThrow("migration '0002_late.sql'");
    const misnamed = await mkdtemp(path.join(tmpdir(), 'mig-'));
    await writeFile(path.join(misnamed, 'init.sql'), 'select 1;');
    await expect(loadMigrations(misnamed)).rejects.toThrow("migration file 'init.sql'");
  });
});
