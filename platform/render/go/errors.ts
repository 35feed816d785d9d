/**
 * Go-style errors for the renderer. Upstream functions return `error` values that are wrapped with
 * `errors.Wrap(err, msg)` (message `msg: cause`); we throw a `GoError` internally and turn it into a
 * function result at the step boundary, so a caller of the renderer never sees a throw.
 */
export class GoError extends Error {
  /** True when the root cause is crossplane-runtime's fieldpath notFoundError. */
  readonly notFound: boolean;
  /** Optional structured field error (k8s `field.Error`) at the root of the chain. */
  readonly field: FieldErrorInfo | undefined;

  constructor(message: string, opts: { notFound?: boolean; field?: FieldErrorInfo } = {}) {
    // Go errors carry no stack; capturing one made optional patches (not-found errors) the hot spot.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.name = 'GoError';
    this.notFound = opts.notFound ?? false;
    this.field = opts.field;
  }
}

/**
 * A not-found GoError whose message is formatted only when read. Most not-found errors are skipped
 * by an Optional patch policy, so neither a native Error nor the message string is ever built.
 */
export function lazyNotFound(message: () => string): GoError {
  return new (LazyNotFound as unknown as new (m: () => string) => GoError)(message);
}

function LazyNotFound(this: { thunk: () => string }, thunk: () => string) {
  this.thunk = thunk;
}
LazyNotFound.prototype = Object.create(GoError.prototype, {
  message: {
    get(this: { thunk: () => string; text?: string }) {
      this.text ??= this.thunk();
      return this.text;
    },
  },
  notFound: { value: true },
  field: { value: undefined },
});

/** The parts of a k8s `field.Error` that tests compare (`Type` and `Field`). */
export interface FieldErrorInfo {
  readonly type: 'Required' | 'Invalid';
  readonly field: string;
}

/** `errors.Wrap(err, msg)`: prefixes the message and keeps the cause's notFound/field markers. */
export function wrapError(err: unknown, message: string): GoError {
  const cause = asGoError(err);
  return new GoError(`${message}: ${cause.message}`, { notFound: cause.notFound, field: cause.field });
}

/** Converts anything thrown into a GoError (non-Go errors keep their message). */
export function asGoError(err: unknown): GoError {
  if (err instanceof GoError) return err;
  if (err instanceof Error) return new GoError(err.message);
  return new GoError(String(err));
}

/** `fieldpath.IsNotFound`: whether the root cause of err is a not-found error. */
export function isNotFound(err: unknown): boolean {
  return err instanceof GoError && err.notFound;
}
