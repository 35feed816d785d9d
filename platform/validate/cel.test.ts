import { describe, expect, it } from 'vitest';
import { formatFieldError } from './field-error.js';
import { evaluateRules } from './cel.js';
import type { SchemaNode } from './structural.js';

const schema: SchemaNode = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      'x-kubernetes-validations': [
        { rule: 'self.max >= self.min', message: 'max must be >= min', fieldPath: '.max' },
      ],
      properties: {
        min: { type: 'integer' },
        max: { type: 'integer' },
        items: {
          type: 'array',
          items: {
            type: 'object',
            'x-kubernetes-validations': [{ rule: "self.name != 'x'", message: 'no x' }],
          },
        },
      },
    },
    old: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'immutable' }] },
  },
};

describe('evaluateRules', () => {
  const run = (value: unknown) => evaluateRules(schema, value, '').map(formatFieldError);

  it('passes a value that satisfies every rule', () => {
    expect(run({ spec: { min: 1, max: 2, items: [{ name: 'a' }] }, old: 'v' })).toEqual([]);
  });

  it('reports a failed rule at its fieldPath and list items at their index', () => {
    expect(run({ spec: { min: 3, max: 2, items: [{ name: 'a' }, { name: 'x' }] } })).toEqual([
      'spec.max: Invalid value: "object": max must be >= min',
      'spec.items[1]: Invalid value: "object": no x',
    ]);
  });

  it('does not run rules of absent nodes, and skips transition rules', () => {
    expect(run({})).toEqual([]);
  });

  it('reports a rule that cannot be evaluated instead of passing it', () => {
    const bad: SchemaNode = {
      type: 'object',
      'x-kubernetes-validations': [{ rule: 'self.a.b == 1', message: 'm' }],
    };
    const errors = evaluateRules(bad, { a: {} }, 'spec');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.path).toBe('spec');
    expect(errors[0]!.detail).toMatch(/^rule "self.a.b == 1" failed: /);
  });
});
