import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './unavailable.js';

describe('isDatabaseUnavailable', () => {
  it.each([
    ['CONNECTION_CLOSED'],
    ['CONNECTION_ENDED'],
    ['CONNECT_TIMEOUT'],
    ['ECONNREFUSED'],
    ['08006'],
    ['08001'],
    ['57P01'],
    ['57P03'],
    ['53300'],
  ])('treats %s as the database being unavailable', (code) => {
    expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code }))).toBe(true);
  });

  it.each([['23505'], ['42P01'], ['57014'], ['22P02'], ['57P04'], ['UNDEFINED_VALUE']])(
    'treats %s as an error of the query, not of the connection',
    (code) => {
      expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code }))).toBe(false);
    },
  );

  it('is false for errors without a string code', () => {
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
    expect(isDatabaseUnavailable({ code: 8006 })).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});
