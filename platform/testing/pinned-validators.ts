import path from 'node:path';
import {
  combineValidators,
  type KindValidators,
  loadCoreKindValidators,
  loadPinnedCrdValidators,
} from '../validate/index.js';
import { sharedDir } from './shared-dir.js';

let cached: KindValidators | undefined;

/** Validators for every pinned CRD plus the core kinds of Kubernetes 1.34, or undefined without ../shared. */
export function pinnedValidators(): KindValidators | undefined {
  const shared = sharedDir();
  if (!shared) return undefined;
  cached ??= combineValidators(
    loadPinnedCrdValidators(path.join(shared, 'crds')),
    loadCoreKindValidators(
      path.join(shared, 'crds', 'k8s', 'kubernetes-v1.34.0--definitions.jsonschema.json'),
    ),
  );
  return cached;
}
