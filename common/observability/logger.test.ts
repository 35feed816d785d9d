import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, lazyChild } from './logger.js';

function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ service: 'logger_test', level, destination }), lines };
}

/** `logger`, counting the children made of it (and of its children, which inherit from it). */
function countingChildren(logger: ReturnType<typeof createLogger>) {
  let children = 0;
  const counted = new Proxy(logger, {
    get(target, property, receiver) {
      if (property === 'child') children += 1;
      return Reflect.get(target, property, receiver);
    },
  });
  return { logger: counted, children: () => children };
}

describe('lazyChild', () => {
  it('writes lines with the bindings, redacted like any child', async () => {
    const { logger, lines } = capture('info');
    const log = lazyChild(logger, { threadId: 't-1', token: 'secret' });
    log.info({ afterSeq: 3 }, 'opened');
    await new Promise((r) => setImmediate(r));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'opened', threadId: 't-1', afterSeq: 3, token: '[redacted]' });
  });

  it('makes no child while nothing is written at an enabled level', () => {
    const { logger } = capture('warn');
    const { logger: parent, children } = countingChildren(logger);
    const log = lazyChild(parent, { threadId: 't-2' });
    log.info('not written');
    log.debug.bind(log)('not written either');
    expect(children()).toBe(0);
    log.warn('written');
    log.warn('written again');
    expect(children()).toBe(1);
  });

  it('stays lazy when its parent is lazy, and writes both bindings once a line is written', async () => {
    const { logger, lines } = capture('warn');
    const { logger: root, children } = countingChildren(logger);
    const request = lazyChild(root, { requestId: 'r-1' });
    const socket = lazyChild(request, { threadId: 't-3' });
    socket.info('not written');
    expect(socket.isLevelEnabled('info')).toBe(false);
    expect(children()).toBe(0);
    socket.error('written');
    await new Promise((r) => setImmediate(r));
    // The request's child, then the socket's (pino's children inherit from their parent).
    expect(children()).toBe(2);
    expect(lines).toEqual([expect.objectContaining({ msg: 'written', requestId: 'r-1', threadId: 't-3' })]);
  });
});
