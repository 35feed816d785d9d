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
    // RE2 syntax JavaScript lacks, which the Go function accepts.
    { reason: 'POSIX classes', expr: '^[[:digit:]]+$', yes: ['123'], no: ['12a'] },
    { reason: 'scoped flags', expr: '^x(?i:abc)$', yes: ['xABC'], no: ['XABC'] },
    { reason: 'end of text', expr: 'abc\\z', yes: ['xabc'], no: ['abc\n'] },
    // RE2's \s is [\t\n\f\r ]; JavaScript's also matches a no-break space.
    { reason: 'ASCII-only \\s', expr: '^\\s$', yes: [' '], no: ['\u00a0'] },
    // RE2's . excludes only \n; JavaScript's also excludes \r (plain patterns are matched natively).
    { reason: 'any character but newline', expr: '^a.b$', yes: ['a\rb', 'axb'], no: ['a\nb'] },
    {
      reason: 'a plain DNS label pattern',
      expr: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
      yes: ['a-1'],
      no: ['-a', 'A'],
    },
  ])('compiles $reason as Go does', ({ expr, yes, no }) => {
    const re = compileGoRegexp(expr);
    for (const s of yes) expect(re.test(s), s).toBe(true);
    for (const s of no) expect(re.test(s), s).toBe(false);
  });

  it('finds the leftmost match and its groups, unmatched groups empty, as FindStringSubmatch', () => {
    expect(compileGoRegexp('([a-z]+)-(x)?').findStringSubmatch('12 abc-')).toEqual(['abc-', 'abc', '']);
    expect(compileGoRegexp('[[:digit:]]+').findStringSubmatch('abc')).toBeUndefined();
  });

  it.each([
    ['[a-z', 'error parsing regexp: missing closing ]: `[a-z`'],
    ['a{2,1}', 'error parsing regexp: invalid repeat count: `{2,1}`'],
    ['a\\', 'error parsing regexp: trailing backslash at end of expression: ``'],
    ['(a)\\1', 'error parsing regexp: invalid escape sequence: `\\1`'],
  ])("refuses %s with Go's message", (expr, message) => {
    expect(() => compileGoRegexp(expr)).toThrow(message);
  });

  it("refuses lookarounds with Go's message", () => {
    expect(() => compileGoRegexp('a(?=b)')).toThrow(
      'error parsing regexp: invalid or unsupported Perl syntax: `(?=`',
    );
  });
});
