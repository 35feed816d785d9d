/** The cdk8s App of the platform: four charts, one folder each, one file per object. */
import { App, YamlOutputType } from 'cdk8s';
import type { PlatformConfig } from '../config.js';
import { ApisChart } from './apis.js';
import { ObservabilityChart } from './observability.js';
import { OurServicesChart } from './our-services.js';
import { PlatformOnceChart } from './platform-once.js';

/** Chart ids, which are also the folder names under the output directory. */
export const CHART_IDS = ['platform-once', 'apis', 'our-services', 'observability'] as const;

/** Builds the App; `synth()` writes `outdir/<chart>/<Kind>.<name>.k8s.yaml`. */
export function buildApp(config: PlatformConfig, outdir: string): App {
  const app = new App({ outdir, yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
  new PlatformOnceChart(app, CHART_IDS[0], config);
  new ApisChart(app, CHART_IDS[1], config);
  new OurServicesChart(app, CHART_IDS[2], config);
  new ObservabilityChart(app, CHART_IDS[3], config);
  return app;
}
