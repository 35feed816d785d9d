import { describe, expect, expectTypeOf, it } from 'vitest';
import { defaultConfig } from '../config.js';
import { type SpecOf, toXrdSchema } from '../schema/index.js';
import { defineEventDrivenServiceApi, eventDrivenServiceApi } from './event-driven-service/api.js';
import { composedKinds } from './composed-kinds.js';
import { Sizing } from './shared/sizing.js';
import { webServiceApi } from './webservice/api.js';

type Env = { name: string; value: string }[];
type Db = { name: string };
type Init = { command: string[]; args?: string[] };
type Spread = 'ScheduleAnyway' | 'DoNotSchedule';
type Shutdown = { gracePeriodSeconds?: number; preStopPauseSeconds?: number };
type Slots = {
  secret1Name?: string;
  secret2Name?: string;
  secret3Name?: string;
  secret4Name?: string;
  secret5Name?: string;
};

describe('the platform API definitions', () => {
  it('pin the WebService spec type', () => {
    expectTypeOf<SpecOf<typeof webServiceApi>>().toEqualTypeOf<
      {
        image: string;
        port?: number;
        size?: 'micro' | 'small' | 'medium' | 'large';
        replicas?: number;
        autoscaling?: { minReplicas?: number; maxReplicas: number; targetCPUUtilization?: number };
        topologySpread?: Spread;
        shutdown?: Shutdown;
        env?: Env;
        healthPath?: string;
        readyPath?: string;
        imagePullSecrets?: { name: string }[];
        sessionAffinity?: 'None' | 'ClientIP';
        hostname?: string;
        pathPrefix?: string;
        database?: Db;
        initContainer?: Init;
        backendService?: { name?: string; namespace?: string; port?: number };
      } & Slots extends infer T
        ? { [K in keyof T]: T[K] }
        : never
    >();
  });

  it('pin the EventDrivenService spec type', () => {
    expectTypeOf<SpecOf<typeof eventDrivenServiceApi>>().toEqualTypeOf<
      {
        image: string;
        size?: 'micro' | 'small' | 'medium' | 'large';
        nats: {
          url?: string;
          stream: string;
          consumer: string;
          credentialsSecretName?: string;
          tlsSecretName?: string;
        };
        scaling?: {
          minReplicas?: number;
          maxReplicas?: number;
          lagThreshold?: number;
          activationLagThreshold?: number;
          pollingInterval?: number;
          cooldownPeriod?: number;
          scaleToZero?: boolean;
        };
        topologySpread?: Spread;
        shutdown?: Shutdown;
        httpPort?: number;
        healthPath?: string;
        readyPath?: string;
        sessionAffinity?: 'None' | 'ClientIP';
        env?: Env;
        database?: Db;
        initContainer?: Init;
        imagePullSecrets?: { name: string }[];
        allowedCallers?: { name: string; namespace?: string }[];
        metricsScraper?: { namespace: string; name?: string };
      } & Slots extends infer T
        ? { [K in keyof T]: T[K] }
        : never
    >();
  });

  it('share one size enum and default across both APIs', () => {
    const ws = toXrdSchema(webServiceApi).properties!.spec!.properties!.size;
    const eds = toXrdSchema(eventDrivenServiceApi).properties!.spec!.properties!.size;
    expect(ws).toEqual(eds);
    expect(ws).toMatchObject({ default: 'medium', enum: ['micro', 'small', 'medium', 'large'] });
  });

  it('never require a field that has a default', () => {
    for (const api of [webServiceApi, eventDrivenServiceApi]) {
      const walk = (node: ReturnType<typeof toXrdSchema>, path: string) => {
        for (const name of node.required ?? []) {
          expect(node.properties?.[name]?.default, `${path}.${name}`).toBeUndefined();
        }
        for (const [name, child] of Object.entries(node.properties ?? {})) walk(child, `${path}.${name}`);
        if (node.items) walk(node.items, `${path}[]`);
      };
      walk(toXrdSchema(api), api.kind);
    }
  });

  it('default the NATS URL from the configuration', () => {
    const api = defineEventDrivenServiceApi({
      ...defaultConfig,
      nats: { ...defaultConfig.nats, url: 'nats://x:4222' },
    });
    expect(toXrdSchema(api).properties!.spec!.properties!.nats!.properties!.url!.default).toBe(
      'nats://x:4222',
    );
  });

  it('keep the sizing presets of the issue', () => {
    expect(Sizing.table()).toEqual({
      micro: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '1Gi' } },
      small: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1000m', memory: '2Gi' } },
      medium: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2000m', memory: '4Gi' } },
      large: { requests: { cpu: '1000m', memory: '2Gi' }, limits: { cpu: '4000m', memory: '8Gi' } },
    });
    expect(Sizing.preset('small').resources.limits.cpu).toBe('1000m');
    expect(() => Sizing.preset('huge')).toThrow(`'size' ("huge") must be one of micro, small, medium, large`);
  });

  it('list every composed kind once', () => {
    const keys = composedKinds().map((k) => `${k.apiVersion}/${k.kind}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toContain('keda.sh/v1alpha1/ScaledObject');
  });
});
