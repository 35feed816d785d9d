/** A Kubernetes object as read from the API: only the envelope is typed, the rest is read by path. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** Points at one object of any kind. */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/** A status condition (`type`, `status`, `reason`, `message`) as Kubernetes and Crossplane write it. */
export interface Condition {
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
}

/** Reads a value at a dotted path (`status.readyInstances`), undefined when any level is missing. */
export function fieldAt(object: unknown, dotted: string): unknown {
  let current: unknown = object;
  for (const key of dotted.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Reads a string at a dotted path, undefined when absent or not a string. */
export function stringAt(object: unknown, dotted: string): string | undefined {
  const value = fieldAt(object, dotted);
  return typeof value === 'string' ? value : undefined;
}

/** Reads an array at a dotted path, empty when absent. */
export function arrayAt(object: unknown, dotted: string): unknown[] {
  const value = fieldAt(object, dotted);
  return Array.isArray(value) ? value : [];
}

/** The conditions under `status.conditions` (or another path), skipping malformed entries. */
export function conditionsOf(object: unknown, dotted = 'status.conditions'): Condition[] {
  return arrayAt(object, dotted).filter(
    (c): c is Condition =>
      typeof c === 'object' &&
      c !== null &&
      typeof (c as Condition).type === 'string' &&
      typeof (c as Condition).status === 'string',
  );
}

/** The condition of one type, if present. */
export function conditionOf(object: unknown, type: string, dotted?: string): Condition | undefined {
  return conditionsOf(object, dotted).find((c) => c.type === type);
}

/** True when the condition of `type` has status `True`. */
export function isConditionTrue(object: unknown, type: string, dotted?: string): boolean {
  return conditionOf(object, type, dotted)?.status === 'True';
}

/** `Type=Status (Reason: message)` for a condition, or `no Type condition` when absent. */
export function describeCondition(object: unknown, type: string, dotted?: string): string {
  const condition = conditionOf(object, type, dotted);
  if (!condition) return `no ${type} condition`;
  const why = [condition.reason, condition.message].filter(Boolean).join(': ');
  return why ? `${type}=${condition.status} (${why})` : `${type}=${condition.status}`;
}
