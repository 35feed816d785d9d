import { describe, expect, it } from 'vitest';
import { applyDefaults } from './defaults.js';
import type { SchemaNode } from './structural.js';

const schema: SchemaNode = {
  type: 'object',
  properties: {
    size: { type: 'string', default: 'medium' },
    scaling: {
      type: 'object',
      default: {},
      properties: { min: { type: 'integer', default: 1 }, max: { type: 'integer', default: 10 } },
    },
    env: { type: 'array', items: { type: 'object', properties: { value: { type: 'string', default: '' } } } },
    labels: {
      type: 'object',
      additionalProperties: { type: 'object', properties: { on: { type: 'boolean', default: true } } },
    },
  },
};

describe('applyDefaults', () => {
  it('defaults missing fields, inserted objects and list items, leaving set values alone', () => {
    const input = { size: 'small', env: [{}, { value: 'x' }], labels: { a: {} } };
    expect(applyDefaults(schema, input)).toEqual({
      size: 'small',
      scaling: { min: 1, max: 10 },
      env: [{ value: '' }, { value: 'x' }],
      labels: { a: { on: true } },
    });
    expect(input).toEqual({ size: 'small', env: [{}, { value: 'x' }], labels: { a: {} } });
  });

  it('treats null as absent for a non-nullable field', () => {
    expect(applyDefaults(schema, { size: null, scaling: { min: 3 } })).toEqual({
      size: 'medium',
      scaling: { min: 3, max: 10 },
    });
  });
});
