import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadExampleClaims, platformApis } from '../../apis/index.js';
import { defaultConfig } from '../../config.js';
import { renderComposition } from '../../render/index.js';
import type { JsonObject } from '../../render/go/values.js';
import { pinnedValidators } from '../../testing/pinned-validators.js';
import { checkXr } from '../../validate/index.js';
import { compositionFor } from '../catalog/composition-catalog.js';

// Claims built from any subset of the optional fields of the full examples: whatever is set, the
// render succeeds, composes exactly the optional resources whose inputs are present, and every
// resource validates against the pinned CRDs.
const OPTIONAL: Record<string, Record<string, string>> = {
  WebService: {
    hostname: 'http-route',
    database: 'db-role',
    backendService: 'backend-config',
    autoscaling: 'autoscaler',
  },
  EventDrivenService: { httpPort: 'service', database: 'db-role', allowedCallers: 'network-policy' },
};

describe('render of generated claims (property)', () => {
  const validators = pinnedValidators();
  for (const kind of ['WebService', 'EventDrivenService'] as const) {
    const full = loadExampleClaims(kind).find((e) => e.name === 'full')!.claim as JsonObject;
    const spec = full['spec'] as JsonObject;
    const required = kind === 'WebService' ? ['image'] : ['image', 'nats'];
    const optionalKeys = Object.keys(spec).filter((k) => !required.includes(k));
    const composition = compositionFor(kind, defaultConfig)!;

    it(`${kind}: any subset of optional fields renders, with exactly the optional resources asked for`, () => {
      fc.assert(
        fc.property(
          fc.subarray(optionalKeys),
          fc.stringMatching(/^[a-z]([a-z0-9-]{0,20}[a-z0-9])?$/),
          (keys, name) => {
            const picked = Object.fromEntries(
              [...required, ...keys].map((k) => [k, structuredClone(spec[k]!)]),
            );
            const claim = { ...full, metadata: { name, namespace: 'team-a' }, spec: picked };
            const { defaulted, errors } = checkXr(claim, platformApis());
            fc.pre(errors.length === 0); // some subsets break a cross-field rule (e.g. pathPrefix without hostname)
            const out = renderComposition({ xr: defaulted as JsonObject, composition });
            expect(out.results.filter((r) => r.severity === 'Fatal')).toEqual([]);
            const names = out.resources.map((r) => r.name);
            for (const [field, resource] of Object.entries(OPTIONAL[kind]!)) {
              expect(
                names.includes(resource),
                `${resource} with ${field} ${keys.includes(field) ? 'set' : 'unset'}`,
              ).toBe(keys.includes(field));
            }
            if (validators) {
              for (const r of out.resources) expect(validators.validate(r.resource), r.name).toEqual([]);
            }
          },
        ),
        { numRuns: 40 },
      );
    }, 90_000);
  }
});
