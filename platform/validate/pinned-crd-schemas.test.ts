import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readCrds } from './crds.js';
import { compactCrds, readShippedSchemas, shippedCrdValidators } from './pinned-crd-schemas.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const sharedCrds = path.resolve(repoRoot, '..', 'shared', 'crds');
const hasShared = existsSync(sharedCrds);
if (!hasShared && process.env.CI === 'true') throw new Error(`../shared/crds is missing at ${sharedCrds}`);

describe('the pinned CRD schemas shipped with the CLI', () => {
  it.skipIf(!hasShared)(
    'match ../shared/crds (run `npm run generate:crd-schemas` after changing them)',
    () => {
      expect(readShippedSchemas()).toEqual(compactCrds(readCrds(sharedCrds), '../shared/crds'));
    },
  );

  it('validate a pinned kind, unknown fields and CEL rules included, without the CRD files', () => {
    const validators = shippedCrdValidators();
    const stream = (spec: Record<string, unknown>) => ({
      apiVersion: 'jetstream.nats.io/v1beta2',
      kind: 'Stream',
      metadata: { name: 'orders' },
      spec,
    });
    expect(validators.validate(stream({ name: 'orders', subjects: ['orders.>'] }))).toEqual([]);
    expect(validators.validate(stream({ name: 'orders', subjectz: ['orders.>'] }))).toContainEqual({
      path: 'spec.subjectz',
      type: 'Unknown field',
      detail: '',
    });
  });
});
