import { describe, expect, it } from 'vitest';
import { goSprintf } from './fmt.js';

// Expected strings are what Go 1.24's fmt.Sprintf prints for the same operands.
const CASES: [string, unknown[], string][] = [
  ['%s-%s', ['web', 'db'], 'web-db'],
  ['%s', [5n], '%!s(int64=5)'],
  ['%s', [1.5], '%!s(float64=1.5)'],
  ['%d', [42n], '42'],
  // A JavaScript number is a Go float64, whole or not, as every number a function reads through structpb.
  ['%d', [3], '%!d(float64=3)'],
  ['%.2f', [3], '3.00'],
  ['%v', [1073741824], '1.073741824e+09'],
  ['%v', [3], '3'],
  ['%v', [123456], '123456'],
  ['%d', ['x'], '%!d(string=x)'],
  ['%v', [null], '<nil>'],
  ['%s', [null], '%!s(<nil>)'],
  ['%v', [{ b: 2n, a: 'x' }], 'map[a:x b:2]'],
  ['%v', [['a', 1n, true]], '[a 1 true]'],
  ['%s', [['a', 1n]], '[a %!s(int64=1)]'],
  ['%s', [['a', 1]], '[a %!s(float64=1)]'],
  ['%v', [1234567.5], '1.2345675e+06'],
  ['%v', [0.00001], '1e-05'],
  ['%v', [0.5], '0.5'],
  ['%q', ['a"b'], '"a\\"b"'],
  ['%t', [true], 'true'],
  ['%05d', [42n], '00042'],
  ['%-4s|', ['ab'], 'ab  |'],
  ['%.2f', [1.23456], '1.23'],
  ['%x', [255n], 'ff'],
  ['%s %s', ['a'], 'a %!s(MISSING)'],
  ['%s', ['a', 'b'], 'a%!(EXTRA string=b)'],
  ['%[2]s.%[1]s', ['a', 'b'], 'b.a'],
  ['%[1]s-%[1]s', ['x', 'unused'], 'x-x'],
  ['%[3]s', ['a'], '%!s(BADINDEX)'],
  ['100%%', [], '100%'],
  ['%T %T %T %T', ['s', 1n, 1, 1.5], 'string int64 float64 float64'],
];

describe('goSprintf matches Go fmt.Sprintf', () => {
  for (const [format, args, want] of CASES) {
    it(`${format} ${JSON.stringify(args, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))} → ${want}`, () => {
      expect(goSprintf(format, args)).toBe(want);
    });
  }
});
