import pino, { type Logger } from 'pino';

export type { Logger };

/** Paths that must never reach a log line: credentials and user content. */
const REDACT = [
  'token',
  'password',
  '*.token',
  '*.password',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers["sec-websocket-protocol"]',
  'req.headers.cookie',
  'prompt',
  '*.prompt',
  'instructions',
  '*.instructions',
];

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  readonly service: string;
  /** `LOG_LEVEL`; `silent` in tests. @default 'info' */
  readonly level?: string;
  /** Destination stream; standard output when absent. */
  readonly destination?: pino.DestinationStream;
}

/** A pino JSON logger for one service, with credentials and prompts redacted. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      name: options.service,
      level: options.level ?? 'info',
      base: { service: options.service },
      redact: { paths: REDACT, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}

const LEVEL_METHODS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal']);

/**
 * `parent.child(bindings)`, made only when a line is written at an enabled level. With redaction
 * a child costs tens of microseconds; a WebSocket opened with LOG_LEVEL=warn usually never logs.
 */
export function lazyChild(parent: Logger, bindings: Record<string, unknown>): Logger {
  let child: Logger | undefined;
  const real = () => {
    child ??= parent.child(bindings);
    return child;
  };
  const noop = () => {};
  return new Proxy(parent, {
    get(_target, property) {
      if (typeof property === 'string' && LEVEL_METHODS.has(property) && !parent.isLevelEnabled(property)) {
        return noop;
      }
      // Levels are the parent's (a child never changes its own): asking makes no child, so a lazy
      // child of a lazy child stays lazy too.
      if (property === 'isLevelEnabled') return parent.isLevelEnabled.bind(parent);
      const logger = real();
      const value = Reflect.get(logger, property, logger);
      return typeof value === 'function' ? value.bind(logger) : value;
    },
  });
}
