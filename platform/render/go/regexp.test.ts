import { describe, expect, it } from 'vitest';
import { compileGoRegexp } from './regexp.js';

describe('compileGoRegexp', () => {
  it.each([
    // prometheus-operator v0.93 PrometheusRule: spec.groups[].partial_response_strategy
    {
      reason: 'flags after a leading ^',
      expr: '^(?i)(abort|warn)?$',
      yes: ['WARN', 'abort', ''],
      no: ['abortx'],
    },
    { reason: 'flags at the start', expr: '(?i)^ok$', yes: ['OK'], no: ['ko'] },
    { reason: 'named groups', expr: '^(?P<word>[a-z]+)$', yes: ['abc'], no: ['ABC'] },
  ])('compiles $reason as Go does', ({ expr, yes, no }) => {
    const re = compileGoRegexp(expr);
    for (const s of yes) expect(re.test(s), s).toBe(true);
    for (const s of no) expect(re.test(s), s).toBe(false);
  });

  it("refuses lookarounds with Go's message", () => {
    expect(() => compileGoRegexp('a(?=b)')).toThrow(
      'error parsing regexp: invalid or unsupported Perl syntax: `(?=`',
    );
  });
});
