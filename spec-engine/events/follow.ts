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
  /**
   * Called once when the event log could not be read after the follow started: the client
   * resumes with `after_seq` (a follower that silently stopped would hang it instead).
   */
  failed(): void;
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
  let isStarted = false;
  const fill = () => {
    catchUp = catchUp.then(async () => {
      while (!isDone) {
        const page = await readEvents(deps.sql, threadId, last, PAGE);
        for (const event of page) deliver(event);
        if (page.length < PAGE) break;
      }
    });
    // A failed read must not leave the chain rejected: every later fill would then never run.
    catchUp = catchUp.catch((error: unknown) => {
      if (!isStarted) throw error;
      if (!isDone) {
        stop();
        sink.failed();
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
  try {
    await fill();
  } catch (error) {
    // The first read fails the follow itself (the caller answers it); later ones end the stream.
    stop();
    throw error;
  }
  isStarted = true;
  // A client already past the `end` of a finished run gets nothing more: close right away.
  if (!isDone && (await lastEventType(deps.sql, threadId)) === 'end') {
    stop();
    sink.end();
  }
  return stop;
}
