import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type Sql } from '../../common/db/index.js';
import { createTestDatabase, type TestDatabase } from '../../common/testing/postgres.js';
import { runMigrations } from './migrate.js';
import {
  claimFinalizerLease,
  claimFreeProposals,
  releaseFinalizerLease,
  renewFinalizerLeases,
} from './leases.js';

describe('finalizer leases', () => {
  let db: TestDatabase;
  let sql: Sql;
  let workflowId: string;
  let userId: string;

  beforeAll(async () => {
    db = await createTestDatabase('orch_leases');
    sql = connectDatabase(db.url, { max: 6 });
    await runMigrations(sql);
    [{ id: userId }] = (await sql`insert into users (subject) values ('lea') returning id`) as unknown as [
      { id: string },
    ];
    [{ id: workflowId }] = (await sql`
      insert into workflows (owner_id, name) values (${userId}, 'wf') returning id`) as unknown as [
      { id: string },
    ];
  });
  afterAll(async () => {
    await sql?.end({ timeout: 5 });
    await db?.drop();
  });

  async function proposal(ageSeconds: number): Promise<string> {
    const [row] = await sql<{ id: string }[]>`
      insert into proposals (workflow_id, created_by, job_id, thread_id, instructions, base_revision, created_at)
      select ${workflowId}, ${userId}, j, j::text, 'x', 0, now() - make_interval(secs => ${ageSeconds})
      from gen_random_uuid() j
      returning id`;
    return row!.id;
  }

  it('leaves a fresh never-leased proposal to the replica still starting it', async () => {
    await sql`delete from proposals`;
    const fresh = await proposal(1);
    const old = await proposal(120);
    const claimed = await claimFreeProposals(sql, 'r1', 5_000, 10, 60_000);
    expect(claimed.map((p) => p.id)).toEqual([old]);
    expect((await claimFinalizerLease(sql, fresh, 'r2', 5_000))?.lease_owner).toBe('r2');
  });

  it('gives each free proposal to exactly one of several concurrent replicas', async () => {
    await sql`delete from proposals`;
    const ids = await Promise.all(Array.from({ length: 20 }, () => proposal(120)));
    const results = await Promise.all(
      ['a', 'b', 'c', 'd'].map((owner) => claimFreeProposals(sql, owner, 5_000, 20, 60_000)),
    );
    const claimed = results.flat().map((p) => p.id);
    expect(claimed.sort()).toEqual([...ids].sort());
  });

  it('lets another replica take a lease only after it expired, and reports lost leases on renewal', async () => {
    await sql`delete from proposals`;
    const id = await proposal(120);
    expect(await claimFinalizerLease(sql, id, 'a', 300)).toBeDefined();
    expect(await claimFinalizerLease(sql, id, 'b', 300)).toBeUndefined();
    await new Promise((r) => setTimeout(r, 400));
    expect((await claimFreeProposals(sql, 'b', 5_000, 10, 60_000)).map((p) => p.id)).toEqual([id]);
    expect(await renewFinalizerLeases(sql, 'a', [id], 5_000)).toEqual(new Set());
    await releaseFinalizerLease(sql, id, 'b');
    expect((await claimFreeProposals(sql, 'c', 5_000, 10, 60_000)).map((p) => p.id)).toEqual([id]);
  });
});
