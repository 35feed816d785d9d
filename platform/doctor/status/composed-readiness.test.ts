import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../kube/kube-object.js';
import type { Readiness } from './composed-readiness.js';
import { judgeComposed } from './composed-readiness.js';

const route = (parents: unknown[]): KubeObject => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  status: { parents },
});
const accepted = (type: string, status: string, reason: string) => ({ type, status, reason });
const parent = (sectionName: string, ...conditions: unknown[]) => ({
  parentRef: { name: 'public-gateway', sectionName },
  conditions,
});

const CASES: Record<string, { reason: string; object: KubeObject; want: Readiness }> = {
  'HTTPRoute no Gateway has seen': {
    reason: 'a route on a listener that does not exist gets no parent status at all',
    object: route([]),
    want: { ready: false, reason: 'no Gateway has accepted the route yet (status.parents is empty)' },
  },
  'HTTPRoute rejected by its listener': {
    reason: 'a hostname outside the listener is NotAllowedByListeners',
    object: route([parent('https', accepted('Accepted', 'False', 'NotAllowedByListeners'))]),
    want: { ready: false, reason: 'Gateway public-gateway/https: Accepted=False (NotAllowedByListeners)' },
  },
  'HTTPRoute with an unresolved backend': {
    reason: 'a Service that does not exist is BackendNotFound',
    object: route([
      parent(
        'https',
        accepted('Accepted', 'True', 'Accepted'),
        accepted('ResolvedRefs', 'False', 'BackendNotFound'),
      ),
    ]),
    want: { ready: false, reason: 'Gateway public-gateway/https: ResolvedRefs=False (BackendNotFound)' },
  },
  'HTTPRoute accepted': {
    reason: 'accepted and resolved on every parent',
    object: route([
      parent(
        'https',
        accepted('Accepted', 'True', 'Accepted'),
        accepted('ResolvedRefs', 'True', 'ResolvedRefs'),
      ),
    ]),
    want: { ready: true, reason: 'accepted by its Gateway' },
  },
  'Deployment scaled to zero by KEDA': {
    reason: 'an idle worker is Available with no replicas and must count as ready',
    object: {
      kind: 'Deployment',
      status: { conditions: [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' }] },
    },
    want: { ready: true, reason: '0/0 replicas ready' },
  },
  'ScaledObject that is not ready': {
    reason: 'KEDA reports a bad trigger on Ready',
    object: {
      kind: 'ScaledObject',
      status: {
        conditions: [
          {
            type: 'Ready',
            status: 'False',
            reason: 'ScaledObjectCheckFailed',
            message: 'nats-jetstream: stream not found',
          },
        ],
      },
    },
    want: { ready: false, reason: 'Ready=False (ScaledObjectCheckFailed: nats-jetstream: stream not found)' },
  },
  'managed resource Synced but not Ready': {
    reason: 'the Ready condition decides when Synced is fine',
    object: {
      kind: 'Database',
      status: {
        conditions: [
          { type: 'Synced', status: 'True' },
          { type: 'Ready', status: 'True', reason: 'Available' },
        ],
      },
    },
    want: { ready: true, reason: 'Ready=True (Available)' },
  },
  'Service without status': {
    reason: 'kinds without conditions are ready once they exist',
    object: { kind: 'Service', spec: {} },
    want: { ready: true, reason: 'exists' },
  },
};

describe('judgeComposed', () => {
  for (const [name, c] of Object.entries(CASES)) {
    it(`${name}: ${c.reason}`, () => {
      expect(judgeComposed(c.object)).toEqual(c.want);
    });
  }
});
