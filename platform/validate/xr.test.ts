import { describe, expect, it } from 'vitest';
import { eventDrivenServiceApi, loadExampleClaims, platformApis, webServiceApi } from '../apis/index.js';
import { defaultConfig } from '../config.js';
import { collectRules } from '../schema/index.js';
import { formatFieldError } from './field-error.js';
import { checkXr, validateXr } from './xr.js';

const apiVersion = `${defaultConfig.apiGroup}/${defaultConfig.apiVersion}`;

describe.each(['WebService', 'EventDrivenService'] as const)('example %s claims', (kind) => {
  const examples = loadExampleClaims(kind);

  it.each(examples.filter((e) => e.isValid).map((e) => [e.name, e] as const))(
    'accepts %s',
    (_name, example) => {
      expect(validateXr(example.claim, platformApis()).map(formatFieldError)).toEqual([]);
    },
  );

  it.each(examples.filter((e) => !e.isValid).map((e) => [e.name, e] as const))(
    'rejects %s with the expected errors',
    (_name, example) => {
      expect(example.expectedErrors.length).toBeGreaterThan(0);
      expect(validateXr(example.claim, platformApis()).map(formatFieldError).sort()).toEqual(
        [...example.expectedErrors].sort(),
      );
    },
  );

  it('has an invalid example that trips every CEL rule of the XRD', () => {
    const api = kind === 'WebService' ? webServiceApi : eventDrivenServiceApi;
    const messages = examples.flatMap((e) => (e.isValid ? [] : e.expectedErrors)).join('\n');
    const rules = collectRules(api.spec, 'spec');
    expect(rules.length).toBeGreaterThan(0);
    for (const { rule } of rules) expect(messages, rule.rule).toContain(rule.message);
  });
});

describe('checkXr', () => {
  it('fills the defaults the API server would, nested ones included', () => {
    const { defaulted, errors } = checkXr(
      {
        apiVersion,
        kind: 'EventDrivenService',
        metadata: { name: 'w' },
        spec: { image: 'i', nats: { stream: 'S', consumer: 'c' } },
      },
      platformApis(),
    );
    expect(errors).toEqual([]);
    expect((defaulted as { spec: unknown }).spec).toEqual({
      image: 'i',
      size: 'medium',
      sessionAffinity: 'None',
      nats: { url: defaultConfig.nats.url, stream: 'S', consumer: 'c' },
      topologySpread: 'ScheduleAnyway',
      shutdown: { gracePeriodSeconds: 120, preStopPauseSeconds: 5 },
      scaling: {
        minReplicas: 1,
        maxReplicas: 10,
        lagThreshold: 10,
        activationLagThreshold: 0,
        pollingInterval: 15,
        cooldownPeriod: 300,
        scaleToZero: true,
      },
    });
  });

  it('names unknown kinds and a missing name', () => {
    expect(
      validateXr({ apiVersion, kind: 'Database', metadata: { name: 'x' }, spec: {} }, platformApis()).map(
        formatFieldError,
      ),
    ).toEqual([
      `kind: Unsupported value: ${apiVersion} Database: known kinds are ${apiVersion}/WebService, ${apiVersion}/EventDrivenService`,
    ]);
    expect(
      validateXr({ apiVersion, kind: 'WebService', metadata: {}, spec: { image: 'i' } }, platformApis()).map(
        formatFieldError,
      ),
    ).toEqual(['metadata.name: Required value']);
    expect(validateXr('nope', platformApis()).map(formatFieldError)).toEqual([
      ': Invalid value: an XR must be a mapping',
    ]);
  });

  it('rejects unknown fields at any depth, status included', () => {
    const errors = validateXr(
      {
        apiVersion,
        kind: 'WebService',
        metadata: { name: 'x' },
        spec: { image: 'i', database: { name: 'db', owner: 'x' } },
        status: { url: 'u', color: 'red' },
      },
      platformApis(),
    ).map(formatFieldError);
    expect(errors.sort()).toEqual(['spec.database.owner: Unknown field', 'status.color: Unknown field']);
  });

  it("accepts Crossplane's own spec.crossplane and status.conditions", () => {
    expect(
      validateXr(
        {
          apiVersion,
          kind: 'WebService',
          metadata: { name: 'x' },
          spec: { image: 'i', crossplane: { compositionRef: { name: 'webservice' } } },
          status: { conditions: [{ type: 'Ready', status: 'True' }] },
        },
        platformApis(),
      ),
    ).toEqual([]);
  });
});
