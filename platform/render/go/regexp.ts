import { GoError } from './errors.js';

const cache = new Map<string, RegExp | GoError>();

/**
 * Go `regexp.Compile` on top of JavaScript RegExp. RE2 syntax that JavaScript spells differently is
 * translated (`(?P<name>` → `(?<name>`, `\z` → `$`); syntax errors get Go's message, e.g.
 * "error parsing regexp: missing closing ]: `[a-z`".
 */
export function compileGoRegexp(expr: string): RegExp {
  let re = cache.get(expr);
  if (re === undefined) {
    re = compile(expr);
    if (cache.size > 1000) cache.clear();
    cache.set(expr, re);
  }
  if (re instanceof GoError) throw re;
  return re;
}

function compile(expr: string): RegExp | GoError {
  // RE2 lookarounds and backreferences do not exist: reject them the way Go does.
  const lookaround = /\(\?[=!<][^P]?/.exec(expr);
  if (lookaround && !/^\(\?<[A-Za-z_]/.test(lookaround[0])) {
    return new GoError(
      `error parsing regexp: invalid or unsupported Perl syntax: \`${lookaround[0].slice(0, 3)}\``,
    );
  }
  let flags = 'u';
  let source = expr.replace(/\(\?P</g, '(?<').replace(/\\z/g, '$(?![\\s\\S])');
  // Flags for the whole expression: `(?i)x` or, as CRD patterns write it, `^(?i)x` (`^` is not case-sensitive).
  const inline = /^(\^?)\(\?([imsU]+)\)/.exec(source);
  if (inline && (inline[1] === '' || !/[ms]/.test(inline[2]!))) {
    source = inline[1] + source.slice(inline[0].length);
    for (const f of inline[2]!) if (f !== 'U' && !flags.includes(f)) flags += f;
  }
  try {
    return new RegExp(source, flags);
  } catch (err) {
    return new GoError(`error parsing regexp: ${goRegexpMessage(expr, err)}`);
  }
}

function goRegexpMessage(expr: string, err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  if (/Unterminated character class/i.test(msg))
    return `missing closing ]: \`${expr.slice(expr.lastIndexOf('['))}\``;
  if (/Nothing to repeat/i.test(msg)) {
    const m = /(^|[(|])([*+?{])/.exec(expr);
    return `missing argument to repetition operator: \`${m ? m[2] : expr}\``;
  }
  if (/Unterminated group|Unmatched '\('/i.test(msg)) return `missing closing ): \`${expr}\``;
  if (/Unmatched '\)'/i.test(msg)) return `unexpected ): \`${expr}\``;
  if (/\\ at end of pattern/i.test(msg)) return 'trailing backslash at end of expression: ``';
  return `${msg.replace(/^Invalid regular expression: /, '')}: \`${expr}\``;
}

/** Go `FindStringSubmatch`: the match and its groups, or undefined (no `g` flag, first match). */
export function findStringSubmatch(re: RegExp, s: string): string[] | undefined {
  const m = re.exec(s);
  return m ? Array.from(m, (g) => g ?? '') : undefined;
}
