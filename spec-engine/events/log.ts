import type { Sql } from '../../common/db/index.js';

/** One stored event: its seq and the exact frame clients receive. */
export interface StoredEvent {
  readonly seq: number;
  readonly eventType: string;
  readonly frame: string;
}

/**
 * Appends one event of a run. Returns false when the run no longer exists (deleted while it
 * ran), or when `attempt` is given and a newer attempt took the run over: nothing is written
 * then, so a delete never leaves orphan events behind and a stale attempt never writes into the
 * newer one's log. The share lock makes an insert racing a delete or a takeover wait for it and
 * then see the run gone or its attempt changed; without it the insert could commit after the
 * delete's event sweep (an orphan event) or after the takeover (a stale event).
 */
export async function appendEvent(
  sql: Sql,
  threadId: string,
  event: StoredEvent,
  attempt?: number,
): Promise<boolean> {
  const fence = attempt === undefined ? sql`` : sql`and attempts = ${attempt}`;
  const rows = await sql`
    insert into spec_events (thread_id, seq, event_type, frame)
    select ${threadId}, ${event.seq}, ${event.eventType}, ${event.frame}
    where exists (select 1 from spec_runs where thread_id = ${threadId} ${fence} for share)
    on conflict (thread_id, seq) do nothing
    returning seq`;
  return rows.length > 0;
}

/** Events of a thread with `seq > afterSeq`, in order, at most `limit`. */
export async function readEvents(
  sql: Sql,
  threadId: string,
  afterSeq: number,
  limit = 1000,
): Promise<StoredEvent[]> {
  const rows = await sql<{ seq: number; event_type: string; frame: string }[]>`
    select seq, event_type, frame from spec_events
    where thread_id = ${threadId} and seq > ${afterSeq}
    order by seq limit ${limit}`;
  return rows.map((r) => ({ seq: r.seq, eventType: r.event_type, frame: r.frame }));
}

/** The highest seq of a thread, 0 when it has none. */
export async function lastSeq(sql: Sql, threadId: string): Promise<number> {
  const [row] = await sql<
    { seq: number | null }[]
  >`select max(seq) as seq from spec_events where thread_id = ${threadId}`;
  return row?.seq ?? 0;
}

/** The type of a thread's last event, if any. */
export async function lastEventType(sql: Sql, threadId: string): Promise<string | undefined> {
  const [row] = await sql<{ event_type: string }[]>`
    select event_type from spec_events where thread_id = ${threadId} order by seq desc limit 1`;
  return row?.event_type;
}
