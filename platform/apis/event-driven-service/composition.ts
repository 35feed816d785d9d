/** The EventDrivenService Composition. */
import { type PlatformConfig, xrApiVersion } from '../../config.js';
import { type ComposedTemplate, pipelineComposition, xrAtLeast, xrHas } from '../../compositions/index.js';
import { podDisruptionBudgetTemplate } from '../shared/availability.js';
import { databaseTemplates } from '../shared/database.js';
import { serviceTemplate } from '../shared/service.js';
import { serviceAccountTemplate } from '../shared/service-account.js';
import { defineEventDrivenServiceApi } from './api.js';
import { deploymentTemplate } from './resources/deployment.js';
import { networkPolicyTemplate } from './resources/network-policy.js';
import { scaledObjectTemplate } from './resources/scaled-object.js';

/** The composed resource templates of an EventDrivenService, in pipeline order. */
export function eventDrivenServiceResources(config: PlatformConfig): ComposedTemplate[] {
  return [
    serviceAccountTemplate(),
    deploymentTemplate(config),
    scaledObjectTemplate(config),
    serviceTemplate('spec.httpPort', xrHas('spec.httpPort')),
    ...databaseTemplates(config),
    networkPolicyTemplate(),
    // KEDA moves the count between min and max: a budget matters once it can run 2 or more pods.
    podDisruptionBudgetTemplate(xrAtLeast('spec.scaling.maxReplicas', 2)),
  ];
}

/** The EventDrivenService Composition, plain JSON. */
export function eventDrivenServiceComposition(config: PlatformConfig, annotations?: Record<string, string>) {
  const api = defineEventDrivenServiceApi(config);
  return pipelineComposition({
    name: api.singular,
    xrApiVersion: xrApiVersion(config),
    xrKind: api.kind,
    resources: eventDrivenServiceResources(config),
    ...(annotations ? { annotations } : {}),
  });
}
