/** What every composition must satisfy, for both APIs: schema validity and has()-guarded filters. */
import { evaluate } from '@marcbachmann/cel-js';
import { describe, expect, it } from 'vitest';
import { compositeResourceDefinition } from '../compositions/index.js';
import { defaultConfig } from '../config.js';
import { compositionOf, compose, templatesOf } from '../testing/compositions.js';
import { pinnedValidators } from '../testing/pinned-validators.js';
import { applyDefaults, formatFieldError } from '../validate/index.js';
import { loadExampleClaims } from './examples.js';
import { defineEventDrivenServiceApi } from './event-driven-service/api.js';
import { Sizing } from './shared/sizing.js';
import { webServiceApi } from './webservice/api.js';

const KINDS = ['WebService', 'EventDrivenService'] as const;
const validators = pinnedValidators();
type Json = Record<string, unknown>;

function errorsOf(object: unknown) {
  return validators!.validate(object).map(formatFieldError);
}

describe.skipIf(!validators).each(KINDS)('the %s composition against the pinned CRDs', (kind) => {
  const composition = compositionOf(kind);
  const api = kind === 'WebService' ? webServiceApi : defineEventDrivenServiceApi(defaultConfig);

  it('is a valid, fully defaulted Composition whose step inputs validate too', () => {
    expect(errorsOf(composition)).toEqual([]);
    const schema = validators!.schemaOf('apiextensions.crossplane.io/v1', 'Composition')!;
    expect(applyDefaults(schema, composition)).toEqual(composition);
    for (const step of (composition.spec as { pipeline: { input: Json }[] }).pipeline) {
      expect(errorsOf(step.input), String(step.input.kind)).toEqual([]);
    }
  });

  it('has an XRD that validates against the Crossplane v2 CRD, fully defaulted', () => {
    const xrd = compositeResourceDefinition(api, defaultConfig);
    expect(errorsOf(xrd)).toEqual([]);
    const schema = validators!.schemaOf('apiextensions.crossplane.io/v2', 'CompositeResourceDefinition')!;
    expect(applyDefaults(schema, xrd)).toEqual(xrd);
  });

  it.each(templatesOf(composition).map((t) => [String(t.name), t] as const))(
    'has a valid base for %s',
    (_n, template) => {
      expect(errorsOf(template.base)).toEqual([]);
      expect((template.readinessChecks as unknown[]).length).toBeGreaterThan(0);
    },
  );

  it.each(
    loadExampleClaims(kind)
      .filter((e) => e.isValid)
      .map((e) => [e.name, e.claim] as const),
  )('composes only valid objects for the %s example', (_n, claim) => {
    for (const [name, object] of Object.entries(compose(claim))) expect(errorsOf(object), name).toEqual([]);
  });
});

describe.each(KINDS)('the %s cel-filter expressions', (kind) => {
  const filters = (
    compositionOf(kind).spec as { pipeline: { input: { filters?: { expression: string }[] } }[] }
  ).pipeline[1]!.input.filters!;

  it('never fail when a parent field is missing: every level has a has() guard', () => {
    expect(filters.length).toBeGreaterThan(0);
    const xrs = [{}, { spec: {} }, { spec: { database: {}, backendService: {}, allowedCallers: [] } }];
    for (const { expression } of filters) {
      for (const resource of xrs) {
        expect(
          evaluate(expression, { observed: { composite: { resource } } }),
          `${expression} on ${JSON.stringify(resource)}`,
        ).toBe(false);
      }
    }
  });
});

describe('the sizing presets', () => {
  it('are the one table, identical in every container of both compositions', () => {
    const tables = KINDS.flatMap((kind) =>
      templatesOf(compositionOf(kind)).flatMap((t) =>
        (t.patches as { transforms?: { type: string; map?: unknown }[] }[]).flatMap((p) =>
          (p.transforms ?? [])
            .filter((x) => x.type === 'map' && 'medium' in (x.map as Json))
            .map((x) => x.map),
        ),
      ),
    );
    expect(tables).toHaveLength(4); // main and init container, in each API
    for (const table of tables) expect(table).toEqual(Sizing.table());
  });
});
