/** The main container and pod of both workload kinds: security, probes, resources, env and secrets. */
import type { PlatformConfig } from '../../config.js';
import {
  combineFromXr,
  convert,
  format,
  fromXr,
  jsonTemplate,
  mapTo,
  type Patch,
} from '../../compositions/index.js';
import { Sizing } from './sizing.js';
import { availabilityPatches, availabilityPodBase, preStopPause, ROLLING_UPDATE } from './availability.js';
import { type ComposedEnv, databaseEnv, otelAttributesFormat, secretSlotPaths } from './env.js';
import { CONTAINER_SECURITY, RUN_AS, TMP_MOUNT } from './security.js';
import { initContainerPatches, type OptionalConfigMapEnv } from './init-container.js';
import { COMMON_LABELS, labelPath, NAME_LABEL } from './labels.js';

/** Path of the main container in a Deployment. */
export const MAIN = 'spec.template.spec.containers[0]';

/** Env entries as they appear in the base: constants set, XR-sourced values filled by patches. */
export function baseEnv(env: readonly ComposedEnv[]) {
  return env.map((e) => (e.value !== undefined ? { name: e.name, value: e.value } : { name: e.name }));
}

/** Patches filling the XR-sourced values of `env` at `containerPath`, in base order. */
function envValuePatches(
  containerPath: string,
  env: readonly ComposedEnv[],
  config: PlatformConfig,
): Patch[] {
  return env.flatMap((e, i) => {
    if (!e.from) return [];
    const to = `${containerPath}.env[${i}].value`;
    if (e.name === 'OTEL_RESOURCE_ATTRIBUTES')
      return [fromXr(e.from, to, { transforms: [format(otelAttributesFormat(config))] })];
    return [fromXr(e.from, to, e.isNumber ? { transforms: [convert('string')] } : {})];
  });
}

/** The Deployment base both kinds start from (no `replicas`: each kind decides). */
export function deploymentBase(env: readonly ComposedEnv[], containerExtras: Record<string, unknown>) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { labels: { ...COMMON_LABELS } },
    spec: {
      selector: { matchLabels: {} },
      strategy: structuredClone(ROLLING_UPDATE),
      template: {
        metadata: { labels: { ...COMMON_LABELS } },
        spec: {
          automountServiceAccountToken: false,
          ...availabilityPodBase(),
          securityContext: {
            runAsNonRoot: true,
            runAsUser: RUN_AS,
            runAsGroup: RUN_AS,
            fsGroup: RUN_AS,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [
            {
              name: 'app',
              env: baseEnv(env),
              securityContext: CONTAINER_SECURITY,
              volumeMounts: TMP_MOUNT,
              lifecycle: preStopPause(),
              ...containerExtras,
            },
          ],
          volumes: [{ name: 'tmp', emptyDir: {} }],
        },
      },
    },
  };
}

/**
 * Patches every Deployment gets: names, labels, image, size, env, secret slots, pull secrets, database env,
 * spread and shutdown.
 */
export function deploymentPatches(
  env: readonly ComposedEnv[],
  config: PlatformConfig,
  configMaps: readonly OptionalConfigMapEnv[] = [],
): Patch[] {
  return [
    fromXr('metadata.name', 'metadata.name'),
    fromXr('metadata.name', labelPath('metadata.labels', NAME_LABEL)),
    fromXr('metadata.name', labelPath('spec.selector.matchLabels', NAME_LABEL)),
    fromXr('metadata.name', labelPath('spec.template.metadata.labels', NAME_LABEL)),
    fromXr('metadata.name', 'spec.template.spec.serviceAccountName'),
    fromXr('spec.imagePullSecrets', 'spec.template.spec.imagePullSecrets'),
    fromXr('spec.image', `${MAIN}.image`),
    fromXr('spec.size', `${MAIN}.resources`, { transforms: [mapTo(Sizing.table())] }),
    ...envValuePatches(MAIN, env, config),
    combineFromXr(
      ['metadata.name', 'spec.database.name'],
      jsonTemplate(databaseEnv(config, 1, 2)),
      `${MAIN}.env`,
      {
        transforms: [convert('array', true)],
        merge: 'ForceMergeObjectsAppendArrays',
      },
    ),
    fromXr('spec.env', `${MAIN}.env`, { merge: 'ForceMergeObjectsAppendArrays' }),
    ...secretSlotPaths().map((slot) =>
      fromXr(slot, `${MAIN}.envFrom`, {
        transforms: [format(jsonTemplate([{ secretRef: { name: '@@%[1]s@@' } }])), convert('array', true)],
        merge: 'ForceMergeObjectsAppendArrays',
      }),
    ),
    ...configMaps.map((c) =>
      combineFromXr(
        [c.when, 'metadata.name'],
        jsonTemplate([{ configMapRef: { name: `@@%[2]s@@${c.suffix}` } }]),
        `${MAIN}.envFrom`,
        { transforms: [convert('array', true)], merge: 'ForceMergeObjectsAppendArrays' },
      ),
    ),
    ...initContainerPatches(env, config, configMaps),
    ...availabilityPatches(MAIN),
  ];
}

/** An HTTP probe on the named `http` port, every timing explicit (what the API server would default). */
export function httpProbe(path: string | undefined, failureThreshold = 3) {
  return {
    httpGet: { ...(path ? { path } : {}), port: 'http', scheme: 'HTTP' },
    initialDelaySeconds: 0,
    periodSeconds: 10,
    timeoutSeconds: 1,
    successThreshold: 1,
    failureThreshold,
  };
}
