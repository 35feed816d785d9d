import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { StoredEvent } from './log.js';

/** Receives live events of one thread, or `'deleted'` once the thread is deleted. */
export type EventListener = (event: StoredEvent | 'deleted') => void;

/**
 * Live fan-out of run events. Events are persisted before they are published, so a listener
 * that sees a gap can always fill it from the event log.
 */
export interface EventBus {
  publish(threadId: string, event: StoredEvent): void;
  /** Tells every listener of the thread, on any replica, that it was deleted. */
  publishDeleted(threadId: string): void;
  /** Starts listening; the returned function stops. */
  subscribe(threadId: string, listener: EventListener): () => void;
  /** Resolves once earlier subscriptions receive every later publish (a NATS round trip). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/** `bus` telling `onPublish` the type of every event it publishes (once per stored event, on any bus). */
export function countEvents(bus: EventBus, onPublish: (eventType: string) => void): EventBus {
  return {
    publish(threadId, event) {
      onPublish(event.eventType);
      bus.publish(threadId, event);
    },
    publishDeleted: (threadId) => bus.publishDeleted(threadId),
    subscribe: (threadId, listener) => bus.subscribe(threadId, listener),
    settled: () => bus.settled(),
    close: () => bus.close(),
  };
}

/** In-process fan-out, used when NATS is not configured. */
export function createLocalBus(): EventBus {
  const listeners = new Map<string, Set<EventListener>>();
  return {
    publish(threadId, event) {
      for (const listener of listeners.get(threadId) ?? []) listener(event);
    },
    publishDeleted(threadId) {
      for (const listener of listeners.get(threadId) ?? []) listener('deleted');
    },
    subscribe(threadId, listener) {
      const set = listeners.get(threadId) ?? new Set<EventListener>();
      listeners.set(threadId, set);
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(threadId);
      };
    },
    async settled() {},
    async close() {
      listeners.clear();
    },
  };
}

/** A bus whose transport can be replaced while listeners are subscribed. */
export interface SwitchableBus extends EventBus {
  /** Moves every listener to `next`, which carries all later publishes; the old transport closes. */
  switchTo(next: EventBus): void;
}

/**
 * Starts on `initial` (in process while NATS is unreachable) and moves to NATS once it connects.
 * Followers keep their listeners; what a move makes them miss they fill from the event log.
 */
export function createSwitchableBus(initial: EventBus): SwitchableBus {
  let current = initial;
  const subscriptions = new Set<{ threadId: string; listener: EventListener; stop: () => void }>();
  return {
    publish: (threadId, event) => current.publish(threadId, event),
    publishDeleted: (threadId) => current.publishDeleted(threadId),
    subscribe(threadId, listener) {
      const subscription = { threadId, listener, stop: current.subscribe(threadId, listener) };
      subscriptions.add(subscription);
      return () => {
        subscription.stop();
        subscriptions.delete(subscription);
      };
    },
    settled: () => current.settled(),
    close: () => current.close(),
    switchTo(next) {
      const previous = current;
      current = next;
      for (const s of subscriptions) {
        s.stop();
        s.stop = next.subscribe(s.threadId, s.listener);
      }
      void previous.close();
    },
  };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Fan-out over NATS subject `spec.events.<thread_id>` (captured by the SPEC_EVENTS stream), so
 * any replica serves any thread's stream. One NATS subscription per watched thread, shared by
 * its local listeners.
 */
export function createNatsBus(
  nc: NatsConnection,
  subjectOf: (threadId: string) => string,
  deletedSubjectOf: (threadId: string) => string,
): EventBus {
  const local = createLocalBus();
  const subs = new Map<string, { sub: Subscription; deleted: Subscription; count: number }>();
  return {
    publish(threadId, event) {
      nc.publish(subjectOf(threadId), encoder.encode(event.frame));
    },
    publishDeleted(threadId) {
      nc.publish(deletedSubjectOf(threadId));
    },
    subscribe(threadId, listener) {
      const stop = local.subscribe(threadId, listener);
      let entry = subs.get(threadId);
      if (!entry) {
        const sub = nc.subscribe(subjectOf(threadId), {
          callback: (error, msg) => {
            if (error) return;
            const frame = decoder.decode(msg.data);
            let parsed: { seq?: unknown; event_type?: unknown };
            try {
              parsed = JSON.parse(frame) as typeof parsed;
            } catch {
              return; // not ours: the subject is open to any publisher
            }
            if (typeof parsed.seq !== 'number' || typeof parsed.event_type !== 'string') return;
            local.publish(threadId, { seq: parsed.seq, eventType: parsed.event_type, frame });
          },
        });
        const deleted = nc.subscribe(deletedSubjectOf(threadId), {
          callback: () => local.publishDeleted(threadId),
        });
        entry = { sub, deleted, count: 0 };
        subs.set(threadId, entry);
      }
      entry.count++;
      const held = entry;
      return () => {
        stop();
        held.count--;
        if (held.count === 0) {
          held.sub.unsubscribe();
          held.deleted.unsubscribe();
          subs.delete(threadId);
        }
      };
    },
    settled: () => nc.flush(),
    async close() {
      for (const { sub, deleted } of subs.values()) {
        sub.unsubscribe();
        deleted.unsubscribe();
      }
      subs.clear();
      await local.close();
    },
  };
}
