/** The platform APIs: the XRDs, then their Compositions (a later sync wave). */
import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { PLATFORM_APIS } from '../apis/index.js';
import { compositeResourceDefinition } from '../compositions/xrd.js';
import type { PlatformConfig } from '../config.js';
import { emit } from './defaulted.js';

/** The APIs chart (cluster-scoped objects only). */
export class ApisChart extends Chart {
  constructor(scope: Construct, id: string, config: PlatformConfig) {
    super(scope, id);
    for (const api of PLATFORM_APIS) {
      emit(this, `xrd-${api.chartId}`, compositeResourceDefinition(api.definition(config), config), 'xrds');
    }
    for (const api of PLATFORM_APIS) {
      emit(this, `composition-${api.chartId}`, api.composition(config), 'compositions');
    }
  }
}
