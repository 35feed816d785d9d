/** The WebService Deployment: replicas from the spec unless an autoscaler owns them, HTTP probes on the service port. */
import { ENV } from '../../../../common/contracts/env.js';
import type { PlatformConfig } from '../../../config.js';
import { type ComposedTemplate, conditionTrue, fromXr, toXr } from '../../../compositions/index.js';
import { deploymentBase, deploymentPatches, httpProbe, MAIN } from '../../shared/container.js';
import { type ComposedEnv, otelEnv } from '../../shared/env.js';
import { deploymentScalePatch } from './autoscaler.js';
import { BACKEND_CONFIG } from './backend-config.js';

/** Env the WebService composes besides OTEL. */
function webServiceEnv(config: PlatformConfig): ComposedEnv[] {
  return [...otelEnv(config), { name: ENV.port, from: 'spec.port', isNumber: true }];
}

/** The Deployment template. */
export function deploymentTemplate(config: PlatformConfig): ComposedTemplate {
  const env = webServiceEnv(config);
  const base = deploymentBase(env, {
    // containerPort is required by the schema; the patch from spec.port always replaces it.
    ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
    livenessProbe: httpProbe(undefined),
    readinessProbe: httpProbe(undefined),
  });
  return {
    name: 'deployment',
    // No replicas in the base: the count comes from the environment, and not at all with an autoscaler.
    base,
    patches: [
      ...deploymentPatches(env, config, [BACKEND_CONFIG]),
      deploymentScalePatch(),
      fromXr('spec.port', `${MAIN}.ports[0].containerPort`),
      fromXr('spec.healthPath', `${MAIN}.livenessProbe.httpGet.path`),
      fromXr('spec.readyPath', `${MAIN}.readinessProbe.httpGet.path`),
      toXr('status.readyReplicas', 'status.readyReplicas'),
    ],
    readinessChecks: [conditionTrue('Available')],
  };
}
