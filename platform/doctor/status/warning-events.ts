import type { KubeClient } from '../kube/kube-client.js';
import type { KubeObject } from '../kube/kube-object.js';
import { fieldAt, stringAt } from '../kube/kube-object.js';

/** One Warning event, reduced to what explains a problem. */
export interface WarningEvent {
  /** ISO-8601 time of the latest occurrence, when the event has one. */
  readonly time?: string;
  /** `Kind/name` of the object the event is about. */
  readonly object: string;
  readonly reason: string;
  readonly message: string;
  /** How many times it happened. */
  readonly count: number;
}

/** An object whose events to read. */
export interface EventSubject {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
}

/** client-node turns timestamps into Date objects; raw JSON has strings. Both become second-precision ISO. */
function isoTime(value: unknown): string | undefined {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) return undefined;
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Events recorded through events.k8s.io/v1 (controller-runtime's new recorder) leave `lastTimestamp`
 * and `count` empty and keep repeats in `series`; legacy recorders do the opposite.
 */
function toWarning(event: KubeObject): WarningEvent {
  const time =
    isoTime(fieldAt(event, 'series.lastObservedTime')) ??
    isoTime(fieldAt(event, 'lastTimestamp')) ??
    isoTime(fieldAt(event, 'eventTime')) ??
    isoTime(fieldAt(event, 'metadata.creationTimestamp'));
  const count = fieldAt(event, 'series.count') ?? fieldAt(event, 'count');
  return {
    ...(time ? { time } : {}),
    object: `${stringAt(event, 'involvedObject.kind') ?? '?'}/${stringAt(event, 'involvedObject.name') ?? '?'}`,
    reason: stringAt(event, 'reason') ?? '',
    message: (stringAt(event, 'message') ?? '').trim(),
    count: typeof count === 'number' ? count : 1,
  };
}

/**
 * The latest Warning events about any of `subjects`, newest first, at most `limit`. Events are
 * selected on the server by involved object kind and name, so other objects' noise never loads.
 */
export async function latestWarnings(
  client: KubeClient,
  subjects: readonly EventSubject[],
  limit: number,
): Promise<WarningEvent[]> {
  const found: WarningEvent[] = [];
  for (const subject of subjects) {
    const selector = `involvedObject.kind=${subject.kind},involvedObject.name=${subject.name},type=Warning`;
    const events = await client.listEvents(subject.namespace, selector);
    found.push(...events.map(toWarning));
  }
  found.sort((a, b) => (b.time ?? '').localeCompare(a.time ?? ''));
  return found.slice(0, limit);
}
