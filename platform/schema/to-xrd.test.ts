import { describe, expect, expectTypeOf, it } from 'vitest';
import { defineApi, type SpecOf } from './define-api.js';
import { array, boolean, enumeration, integer, map, object, string } from './fields.js';
import { toPrinterColumns, toStructuralSchema, toXrdSchema } from './to-xrd.js';

const demo = defineApi({
  kind: 'Demo',
  plural: 'demos',
  description: 'A demo.',
  spec: object(
    {
      image: string({ description: 'Image.', required: true, minLength: 1 }),
      size: enumeration(['s', 'm'], { description: 'Size.', default: 'm' }),
      port: integer({ description: 'Port.', minimum: 1, maximum: 65535 }),
      on: boolean({ description: 'On.', default: true }),
      tags: array(string({ description: 'Tag.' }), { description: 'Tags.', maxItems: 3 }),
      labels: map(string({ description: 'Value.' }), { description: 'Labels.' }),
      nested: object({ name: string({ description: 'Name.', required: true }) }, { description: 'Nested.' }),
    },
    { description: 'Spec.', required: true, rules: [{ rule: 'has(self.image)', message: 'image needed' }] },
  ),
  status: object({ url: string({ description: 'URL.' }) }, { description: 'Status.' }),
  printerColumns: [{ name: 'URL', type: 'string', jsonPath: '.status.url' }],
});

describe('the structural schema builder', () => {
  it('derives the spec type: required fields mandatory, defaulted and optional ones optional', () => {
    expectTypeOf<SpecOf<typeof demo>>().toEqualTypeOf<{
      image: string;
      size?: 's' | 'm';
      port?: number;
      on?: boolean;
      tags?: string[];
      labels?: Record<string, string>;
      nested?: { name: string };
    }>();
  });

  it('emits required lists, defaults, enums, bounds, maps and CEL rules', () => {
    const schema = toXrdSchema(demo);
    expect(schema.required).toEqual(['spec']);
    const spec = schema.properties!.spec!;
    expect(spec.required).toEqual(['image']);
    expect(spec['x-kubernetes-validations']).toEqual([{ rule: 'has(self.image)', message: 'image needed' }]);
    expect(spec.properties!.size).toEqual({
      type: 'string',
      description: 'Size.',
      default: 'm',
      enum: ['s', 'm'],
    });
    expect(spec.properties!.port).toMatchObject({ type: 'integer', minimum: 1, maximum: 65535 });
    expect(spec.properties!.tags).toMatchObject({ type: 'array', maxItems: 3, items: { type: 'string' } });
    expect(spec.properties!.labels).toMatchObject({
      type: 'object',
      additionalProperties: { type: 'string' },
    });
    expect(spec.properties!.nested!.required).toEqual(['name']);
    expect(toPrinterColumns(demo)).toEqual([{ name: 'URL', type: 'string', jsonPath: '.status.url' }]);
  });

  it('never emits the keywords structural schemas forbid', () => {
    const text = JSON.stringify(toXrdSchema(demo));
    for (const keyword of ['"const"', '"patternProperties"', '"oneOf"', '"anyOf"', '"$ref"']) {
      expect(text).not.toContain(keyword);
    }
  });

  it('rejects a required field with a default and a default outside the enum', () => {
    expect(() => string({ description: 'x', required: true, default: 'a' })).toThrow(
      'a field with a default cannot be required (default "a")',
    );
    expect(() => enumeration(['a', 'b'], { description: 'x', default: 'c' as 'a' })).toThrow(
      'default "c" is not one of a, b',
    );
    expect(() => integer({ description: 'x', minimum: 3, maximum: 2 })).toThrow(
      'minimum (3) must be <= maximum (2)',
    );
    expect(() => string({ description: '' })).toThrow('a string field needs a description');
  });

  it('rejects badly named kinds', () => {
    const spec = object({}, { description: 'Spec.' });
    expect(() => defineApi({ kind: 'demo', plural: 'demos', description: 'd', spec, status: spec })).toThrow(
      "kind 'demo' must be PascalCase",
    );
    expect(() => defineApi({ kind: 'Demo', plural: 'Demos', description: 'd', spec, status: spec })).toThrow(
      "plural 'Demos' must be lowercase",
    );
  });

  it('keeps a node without rules free of an empty x-kubernetes-validations', () => {
    expect(toStructuralSchema(string({ description: 'x' }))).toEqual({ type: 'string', description: 'x' });
  });
});
