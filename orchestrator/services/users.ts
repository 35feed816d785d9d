import type { Sql } from '../../common/db/index.js';
import { ensureUser } from '../db/users.js';

/** Maps a token's `sub` to our user id, creating the user on first sight. */
export type UserResolver = (subject: string) => Promise<string>;

/**
 * Creates a resolver with a bounded in-memory cache: users are never deleted, so a
 * subject's id never changes and the hot path needs no query.
 */
export function createUserResolver(sql: Sql, maxEntries = 10_000): UserResolver {
  const cache = new Map<string, string>();
  return async function resolveUser(subject) {
    const cached = cache.get(subject);
    if (cached) return cached;
    const id = await ensureUser(sql, subject);
    if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
    cache.set(subject, id);
    return id;
  };
}
