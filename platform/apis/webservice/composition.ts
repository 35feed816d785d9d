/** The WebService Composition. */
import { type PlatformConfig, xrApiVersion } from '../../config.js';
import { type ComposedTemplate, pipelineComposition } from '../../compositions/index.js';
import { podDisruptionBudgetTemplate } from '../shared/availability.js';
import { databaseTemplates } from '../shared/database.js';
import { serviceTemplate } from '../shared/service.js';
import { serviceAccountTemplate } from '../shared/service-account.js';
import { webServiceApi } from './api.js';
import { autoscalerTemplate, replicaOwnershipPatches, runsSeveralPods } from './resources/autoscaler.js';
import { backendConfigTemplate } from './resources/backend-config.js';
import { deploymentTemplate } from './resources/deployment.js';
import { httpRouteTemplates } from './resources/http-route.js';

/** The composed resource templates of a WebService, in pipeline order. */
export function webServiceResources(config: PlatformConfig): ComposedTemplate[] {
  return [
    serviceAccountTemplate(),
    deploymentTemplate(config),
    serviceTemplate('spec.port'),
    ...httpRouteTemplates(config),
    ...databaseTemplates(config),
    backendConfigTemplate(),
    autoscalerTemplate(),
    podDisruptionBudgetTemplate(runsSeveralPods()),
  ];
}

/** The WebService Composition, plain JSON. */
export function webServiceComposition(config: PlatformConfig, annotations?: Record<string, string>) {
  return pipelineComposition({
    name: webServiceApi.singular,
    xrApiVersion: xrApiVersion(config),
    xrKind: webServiceApi.kind,
    resources: webServiceResources(config),
    environmentPatches: replicaOwnershipPatches(),
    ...(annotations ? { annotations } : {}),
  });
}
