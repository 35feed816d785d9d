import { evaluate } from '@marcbachmann/cel-js';
import { describe, expect, it } from 'vitest';
import { xrHas, xrHasItems } from './cel-filter.js';
import { combineFromXr, jsonTemplate } from './patches.js';
import { pipelineComposition } from './pipeline.js';

describe('jsonTemplate', () => {
  it('splices placeholders into strings, raw numbers and Go-quoted values, escaping literal %', () => {
    expect(
      jsonTemplate([
        { name: 'x-@@%[1]s@@', port: '@@raw%[2]v@@', value: '@@%[3]q@@', note: '100% @@%[4]v@@' },
      ]),
    ).toBe('[{"name":"x-%[1]s","port":%[2]v,"value":%[3]q,"note":"100%% %[4]v"}]');
  });
});

describe('xrHas', () => {
  it('guards every level of the path', () => {
    expect(xrHas('spec.database.name')).toBe(
      'has(observed.composite.resource.spec) && has(observed.composite.resource.spec.database) && ' +
        'has(observed.composite.resource.spec.database.name)',
    );
    const resource = { spec: { database: { name: 'db' }, allowedCallers: [] } };
    expect(evaluate(xrHas('spec.database.name'), { observed: { composite: { resource } } })).toBe(true);
    expect(evaluate(xrHasItems('spec.allowedCallers'), { observed: { composite: { resource } } })).toBe(
      false,
    );
  });

  it('refuses paths it cannot guard', () => {
    expect(() => xrHas('spec.env[0].name')).toThrow(
      "xrHas: 'spec.env[0].name' must be a dotted path of identifiers",
    );
  });
});

describe('pipelineComposition', () => {
  it('rejects two templates with the same name', () => {
    const t = { name: 'a', base: {}, patches: [], readinessChecks: [] };
    expect(() =>
      pipelineComposition({ name: 'c', xrApiVersion: 'x/v1', xrKind: 'X', resources: [t, t] }),
    ).toThrow("composed resource name 'a' is used twice");
  });

  it('emits explicit Optional policies so missing inputs never fail the XR', () => {
    expect(combineFromXr(['a', 'b'], '%s-%s', 'c').policy).toEqual({ fromFieldPath: 'Optional' });
  });
});
