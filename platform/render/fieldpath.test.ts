import { describe, expect, it } from 'vitest';
import type { GoError } from './go/errors.js';
import { Paved, parse, segmentsToString } from './fieldpath.js';

// Field-path syntax of crossplane-runtime v2.3 pkg/fieldpath, checked case by case.
const PARSED: [string, string][] = [
  ['spec', 'spec'],
  ['[0]', '[0]'],
  ['fields[1].state.current', 'fields[1].state.current'],
  ['nested[0][1].name', 'nested[0][1].name'],
  ['spec[containers][0].name', 'spec.containers[0].name'],
  ['data[.config.yml]', 'data[.config.yml]'],
  ["metadata.labels['app.hash']", 'metadata.labels[app.hash]'],
  ['spec.items[*].name', 'spec.items[*].name'],
  ['a[3.0]', 'a[3.0]'],
];
const ERRORS: [string, string][] = [
  ['.metadata.name', "unexpected '.' at position 0"],
  ['metadata.name.', "unexpected '.' at position 13"],
  ['spec.containers.[0].name', "unexpected '[' at position 16"],
  ['metadata..name', "unexpected '.' at position 9"],
  ['metadata.]name', "unexpected ']' at position 9"],
  ['spec[bracketed[name]]', "unexpected '[' at position 14"],
  ['spec[name', "unterminated '[' at position 4"],
  ['spec[]', "unexpected ']' at position 5"],
];

describe('field paths', () => {
  for (const [path, canonical] of PARSED) {
    it(`parses ${path}`, () => expect(segmentsToString(parse(path))).toBe(canonical));
  }
  for (const [path, message] of ERRORS) {
    it(`rejects ${path}: ${message}`, () => expect(() => parse(path)).toThrow(message));
  }

  it('treats a negative or too large index as a field name', () => {
    expect(parse('a[-3]')[1]).toEqual({ type: 'field', field: '-3' });
    expect(parse('a[4294967296]')[1]).toEqual({ type: 'field', field: '4294967296' });
  });

  it('reads with not-found errors that say where, and writes creating maps and arrays', () => {
    const p = new Paved({ spec: { list: [{ a: 1 }] } });
    expect(p.getValue('spec.list[0].a')).toBe(1);
    const missing = (() => {
      try {
        p.getValue('spec.list[3].a');
      } catch (err) {
        return err as GoError;
      }
    })();
    expect(missing?.notFound).toBe(true);
    expect(missing?.message).toBe('spec.list[3]: no such element');
    expect(() => p.getValue('spec.list.a')).toThrow('spec.list: not an object');
    p.setValue('spec.new[2].x', 'y');
    expect(p.object['spec']).toEqual({ list: [{ a: 1 }], new: [null, null, { x: 'y' }] });
    expect(() => p.setValue('spec.big[1025]', 1)).toThrow(
      'index 1025 is greater than max allowed index 1024',
    );
  });

  it('expands [*] over arrays and maps, and reports wildcards through a scalar', () => {
    const p = new Paved({ spec: { items: [{ n: 1 }, { n: 2 }], map: { a: { n: 1 } }, s: 'x' } });
    expect(p.expandWildcards('spec.items[*].n')).toEqual(['spec.items[0].n', 'spec.items[1].n']);
    expect(p.expandWildcards('spec.map[*].n')).toEqual(['spec.map.a.n']);
    expect(() => p.expandWildcards('spec.s[*]')).toThrow('"spec.s": unexpected wildcard usage');
  });
});
