import { describe, expect, it } from 'vitest';
import { parseGoDuration } from './duration.js';

// Go's time.ParseDuration (time/format.go), what function-auto-ready reads its ttl input with.
describe('parseGoDuration', () => {
  it.each([
    ['0', 0n],
    ['5m', 300_000_000_000n],
    ['-1.5h', -5_400_000_000_000n],
    ['1h30m', 5_400_000_000_000n],
    ['.5s', 500_000_000n],
    ['300ms', 300_000_000n],
    ['2µs', 2_000n],
    ['+10ns', 10n],
  ])('parses %s', (text, ns) => {
    expect(parseGoDuration(text)).toBe(ns);
  });

  it.each([
    ['', 'time: invalid duration ""'],
    ['5', 'time: missing unit in duration "5"'],
    ['5 minutes', 'time: unknown unit " minutes" in duration "5 minutes"'],
    ['1d', 'time: unknown unit "d" in duration "1d"'],
    ['h', 'time: invalid duration "h"'],
    ['.s', 'time: invalid duration ".s"'],
    ['3000000h', 'time: invalid duration "3000000h"'],
    ['5é', 'time: unknown unit "\\xc3\\xa9" in duration "5\\xc3\\xa9"'],
  ])('rejects %j as Go does', (text, message) => {
    expect(() => parseGoDuration(text)).toThrow(message);
  });
});
