import { describe, expect, it } from 'vitest';
import { runPeriodically } from './periodic.js';

describe('runPeriodically', () => {
  it('runs now, joins a pass in progress instead of starting another, and stop waits for it', async () => {
    const logged: string[] = [];
    const logger = { error: (_f: unknown, message: string) => logged.push(message) } as never;
    let started = 0;
    let finish: (n: number) => void = () => {};
    const loop = runPeriodically(
      () => {
        started += 1;
        return new Promise<number>((resolve) => {
          finish = resolve;
        });
      },
      60_000,
      logger,
      'pass failed',
    );
    const joined = loop.runOnce();
    expect(started).toBe(1);
    let stopped = false;
    const stopping = loop.stop().then(() => {
      stopped = true;
    });
    await Promise.resolve();
    expect(stopped).toBe(false);
    finish(3);
    expect(await joined).toBe(3);
    await stopping;
    expect([stopped, logged]).toEqual([true, []]);
  });

  it('logs a failed pass, counts it 0 and runs again on the next call', async () => {
    const logged: string[] = [];
    const logger = { error: (_f: unknown, message: string) => logged.push(message) } as never;
    let calls = 0;
    const loop = runPeriodically(
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('boom');
        return 2;
      },
      60_000,
      logger,
      'sweep failed',
    );
    expect(await loop.runOnce()).toBe(0);
    expect(await loop.runOnce()).toBe(2);
    await loop.stop();
    expect(logged).toEqual(['sweep failed']);
  });
});
