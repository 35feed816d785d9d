/**
 * The optional init container (migrations): same image, env and secrets as the main container.
 * P&T cannot create a list entry conditionally, so every patch is a CombineFromComposite whose first
 * variable is `spec.initContainer.command[0]`: P&T skips a combine when a variable is absent, so with
 * no initContainer nothing at all is written under `initContainers`.
 */
import type { PlatformConfig } from '../../config.js';
import { combineFromXr, convert, fromXr, jsonTemplate, mapTo, type Patch } from '../../compositions/index.js';
import { ENV_MAX_ITEMS } from './common-fields.js';
import { Sizing } from './sizing.js';
import { CONTAINER_SECURITY, TMP_MOUNT } from './security.js';
import { type ComposedEnv, databaseEnv, otelAttributesFormat, secretSlotPaths } from './env.js';

const INIT = 'spec.template.spec.initContainers[0]';
const GATE = 'spec.initContainer.command[0]';

/** A ConfigMap (named `<xr-name><suffix>`) whose keys become env, only when `when` is set on the XR. */
export interface OptionalConfigMapEnv {
  readonly when: string;
  readonly suffix: string;
}

function appendTo() {
  return { transforms: [convert('array', true)], merge: 'ForceMergeObjectsAppendArrays' as const };
}

/** The init container's own env entries (OTEL and the kind's variables) as a JSON template. */
function fixedEnvTemplate(env: readonly ComposedEnv[], config: PlatformConfig, firstVar: number) {
  let n = firstVar;
  const variables: string[] = [];
  const entries = env.map((e) => {
    if (e.value !== undefined) return { name: e.name, value: e.value };
    variables.push(e.from!);
    const placeholder = `@@%[${n++}]${e.isNumber ? 'v' : 's'}@@`;
    const value =
      e.name === 'OTEL_RESOURCE_ATTRIBUTES'
        ? otelAttributesFormat(config).replace('%s', placeholder)
        : placeholder;
    return { name: e.name, value };
  });
  return { entries, variables };
}

/** Patches that compose the init container when `spec.initContainer` is set. */
export function initContainerPatches(
  env: readonly ComposedEnv[],
  config: PlatformConfig,
  configMaps: readonly OptionalConfigMapEnv[] = [],
): Patch[] {
  const fixed = fixedEnvTemplate(env, config, 3);
  const container = {
    name: 'init',
    image: '@@%[2]s@@',
    env: fixed.entries,
    securityContext: CONTAINER_SECURITY,
    volumeMounts: TMP_MOUNT,
  };
  return [
    fromXr('spec.initContainer.command', `${INIT}.command`),
    fromXr('spec.initContainer.args', `${INIT}.args`),
    combineFromXr([GATE, 'spec.image', ...fixed.variables], jsonTemplate(container), INIT, {
      transforms: [convert('object', true)],
      merge: 'MergeObjects',
    }),
    combineFromXr([GATE, 'spec.size'], '%[2]s', `${INIT}.resources`, { transforms: [mapTo(Sizing.table())] }),
    combineFromXr(
      [GATE, 'metadata.name', 'spec.database.name'],
      jsonTemplate(databaseEnv(config, 2, 3)),
      `${INIT}.env`,
      appendTo(),
    ),
    ...Array.from({ length: ENV_MAX_ITEMS }, (_, i) =>
      combineFromXr(
        [GATE, `spec.env[${i}].name`, `spec.env[${i}].value`],
        jsonTemplate([{ name: '@@%[2]s@@', value: '@@%[3]q@@' }]),
        `${INIT}.env`,
        appendTo(),
      ),
    ),
    ...secretSlotPaths().map((slot) =>
      combineFromXr(
        [GATE, slot],
        jsonTemplate([{ secretRef: { name: '@@%[2]s@@' } }]),
        `${INIT}.envFrom`,
        appendTo(),
      ),
    ),
    ...configMaps.map((c) =>
      combineFromXr(
        [GATE, c.when, 'metadata.name'],
        jsonTemplate([{ configMapRef: { name: `@@%[3]s@@${c.suffix}` } }]),
        `${INIT}.envFrom`,
        appendTo(),
      ),
    ),
  ];
}
