import { describe, expect, it } from 'vitest';
import { databaseStartupRetryMs, retryWhileDatabaseUnavailable, type StartupRetry } from './startup-retry.js';

const coded = (code: string) => Object.assign(new Error(code), { code });

describe('retryWhileDatabaseUnavailable', () => {
  it('runs the step again while the database is unavailable, then returns its result', async () => {
    const failures = [coded('ECONNREFUSED'), coded('57P01')];
    const retries: StartupRetry[] = [];
    const result = await retryWhileDatabaseUnavailable(
      'migrations',
      async () => {
        const failure = failures.shift();
        if (failure) throw failure;
        return 'migrated';
      },
      { windowMs: 10_000, onRetry: (r) => retries.push(r) },
    );
    expect(result).toBe('migrated');
    expect(retries.map((r) => [r.step, r.attempt, r.code])).toEqual([
      ['migrations', 1, 'ECONNREFUSED'],
      ['migrations', 2, '57P01'],
    ]);
  });

  it('throws any other error at once', async () => {
    let calls = 0;
    const step = async () => {
      calls++;
      throw coded('42P01');
    };
    await expect(retryWhileDatabaseUnavailable('schema', step, { windowMs: 10_000 })).rejects.toMatchObject({
      code: '42P01',
    });
    expect(calls).toBe(1);
  });

  it('gives up once the window is over, with the last error', async () => {
    const started = Date.now();
    await expect(
      retryWhileDatabaseUnavailable(
        'schema',
        async () => {
          throw coded('CONNECTION_CLOSED');
        },
        { windowMs: 600 },
      ),
    ).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('databaseStartupRetryMs', () => {
  it('defaults to 30 s, takes seconds (0 disables) and names the variable when invalid', () => {
    expect(databaseStartupRetryMs({})).toBe(30_000);
    expect(databaseStartupRetryMs({ DATABASE_STARTUP_RETRY_SECONDS: '2.5' })).toBe(2_500);
    expect(databaseStartupRetryMs({ DATABASE_STARTUP_RETRY_SECONDS: '0' })).toBe(0);
    expect(() => databaseStartupRetryMs({ DATABASE_STARTUP_RETRY_SECONDS: '-1' })).toThrow(
      "DATABASE_STARTUP_RETRY_SECONDS '-1' must be a number of seconds >= 0",
    );
    expect(() => databaseStartupRetryMs({ DATABASE_STARTUP_RETRY_SECONDS: 'soon' })).toThrow(
      /DATABASE_STARTUP_RETRY_SECONDS 'soon'/,
    );
  });
});
