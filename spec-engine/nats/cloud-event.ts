import { randomUUID } from 'node:crypto';
import { headers, type MsgHdrs } from '@nats-io/transport-node';

/** A CloudEvent 1.0 in structured JSON mode. */
export interface CloudEvent<T> {
  readonly specversion: '1.0';
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly subject?: string;
  readonly time: string;
  readonly datacontenttype: 'application/json';
  readonly data: T;
}

/** The source of every event the engine publishes. */
export const EVENT_SOURCE = 'urn:zerotouch:spec-engine';

/** Builds a CloudEvent. */
export function cloudEvent<T>(type: string, data: T, subject?: string): CloudEvent<T> {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: EVENT_SOURCE,
    type,
    ...(subject ? { subject } : {}),
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    data,
  };
}

/**
 * W3C trace context headers for a job. A valid incoming `traceparent` is kept; otherwise one
 * is made from the request's `trace_id` (32 hex digits) or a fresh random trace.
 */
export function traceHeaders(traceId: string | undefined, traceparent?: string): MsgHdrs {
  const h = headers();
  const valid = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
  let value = traceparent && valid.test(traceparent) ? traceparent : undefined;
  if (!value) {
    const trace =
      traceId && /^[0-9a-f]{32}$/i.test(traceId) ? traceId.toLowerCase() : randomUUID().replace(/-/g, '');
    value = `00-${trace}-${randomUUID().replace(/-/g, '').slice(0, 16)}-01`;
  }
  h.set('traceparent', value);
  h.set('ce-specversion', '1.0');
  h.set('content-type', 'application/cloudevents+json');
  return h;
}
