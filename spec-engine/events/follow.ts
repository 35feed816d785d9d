import type { Sql } from '../../common/db/index.js';
import type { EventBus } from './fanout.js';
import { lastEventType, readEvents, type StoredEvent } from './log.js';

/** Where a follower sends frames. */
export interface FrameSink {
  send(frame: string): void;
  /** Called once after the `end` frame was sent. */
  end(): void;
  /** Called once when the thread is deleted while followed. */
  deleted(): void;
}

const PAGE = 500;

/**
 * Sends a thread's events to one client exactly once and in order: the replay from the log
 * (after `afterSeq`), then live events. It subscribes before reading the log, and any gap in
 * the live events (a late subscription, a lost NATS message) is filled from the log, which
 * always holds an event before it is published. Returns a function that stops following.
 */
export async function followThread(
  deps: { sql: Sql; bus: EventBus },
  threadId: string,
  afterSeq: number,
  sink: FrameSink,
): Promise<() => void> {
  let last = afterSeq;
  let isDone = false;
  let catchUp: Promise<void> = Promise.resolve();
  const stop = () => {
    isDone = true;
    unsubscribe();
  };
  const deliver = (event: StoredEvent): boolean => {
    if (isDone || event.seq <= last) return true;
    if (event.seq !== last + 1) return false;
    last = event.seq;
    sink.send(event.frame);
    if (event.eventType === 'end') {
      stop();
      sink.end();
    }
    return true;
  };
  const fill = () => {
    catchUp = catchUp.then(async () => {
      while (!isDone) {
        const page = await readEvents(deps.sql, threadId, last, PAGE);
        for (const event of page) deliver(event);
        if (page.length < PAGE) break;
      }
    });
    return catchUp;
  };
  const unsubscribe = deps.bus.subscribe(threadId, (event) => {
    if (event === 'deleted') {
      if (!isDone) {
        stop();
        sink.deleted();
      }
      return;
    }
    if (!deliver(event)) void fill().catch(() => {});
  });
  await deps.bus.settled();
  await fill();
  // A client already past the `end` of a finished run gets nothing more: close right away.
  if (!isDone && (await lastEventType(deps.sql, threadId)) === 'end') {
    stop();
    sink.end();
  }
  return stop;
}
