/**
 * The EventDrivenService Deployment. It has no `spec.replicas`: KEDA's ScaledObject owns the
 * replica count, and a value here would fight it on every reconcile.
 */
import type { PlatformConfig } from '../../../config.js';
import {
  type ComposedTemplate,
  combineFromXr,
  conditionTrue,
  convert,
  format,
  fromXr,
  jsonTemplate,
  toXr,
} from '../../../compositions/index.js';
import { ENV } from '../../../../common/contracts/env.js';
import { deploymentBase, deploymentPatches, httpProbe, MAIN } from '../../shared/container.js';
import { type ComposedEnv, otelEnv } from '../../shared/env.js';
import { natsSecretPatches } from './nats-secrets.js';

function workerEnv(config: PlatformConfig): ComposedEnv[] {
  return [
    ...otelEnv(config),
    { name: ENV.natsUrl, from: 'spec.nats.url' },
    { name: 'NATS_STREAM', from: 'spec.nats.stream' },
    { name: 'NATS_CONSUMER', from: 'spec.nats.consumer' },
  ];
}

/** An HTTP probe JSON template for `%[2]s` = path (the port is the named `http` port). */
function probeTemplate() {
  return jsonTemplate(httpProbe('@@%[2]s@@'));
}

/** The Deployment template. */
export function deploymentTemplate(config: PlatformConfig): ComposedTemplate {
  const env = workerEnv(config);
  return {
    name: 'deployment',
    base: deploymentBase(env, {}),
    patches: [
      ...deploymentPatches(env, config),
      // Port and probes exist only with an httpPort; each is a combine gated on it.
      fromXr('spec.httpPort', `${MAIN}.ports`, {
        transforms: [
          format(jsonTemplate([{ name: 'http', containerPort: '@@raw%[1]v@@', protocol: 'TCP' }])),
          convert('array', true),
        ],
      }),
      combineFromXr(['spec.httpPort', 'spec.healthPath'], probeTemplate(), `${MAIN}.livenessProbe`, {
        transforms: [convert('object', true)],
      }),
      combineFromXr(['spec.httpPort', 'spec.readyPath'], probeTemplate(), `${MAIN}.readinessProbe`, {
        transforms: [convert('object', true)],
      }),
      ...natsSecretPatches(),
      toXr('status.readyReplicas', 'status.readyReplicas'),
    ],
    // Available is True with zero replicas too, so a worker scaled to zero is Ready.
    readinessChecks: [conditionTrue('Available')],
  };
}
