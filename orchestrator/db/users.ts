import type { Queryable } from './queryable.js';

/** The user id for `subject`, creating the user on first sight (race-safe). */
export async function ensureUser(sql: Queryable, subject: string): Promise<string> {
  const [found] = await sql<{ id: string }[]>`select id from users where subject = ${subject}`;
  if (found) return found.id;
  const [inserted] = await sql<{ id: string }[]>`
    insert into users (subject) values (${subject}) on conflict (subject) do nothing returning id`;
  if (inserted) return inserted.id;
  // Another request created the user between our select and insert.
  const [raced] = await sql<{ id: string }[]>`select id from users where subject = ${subject}`;
  if (!raced) throw new Error('user vanished right after it was created');
  return raced.id;
}
