/** The platform APIs: the XRDs, then their Compositions (a later sync wave). */
import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { defineEventDrivenServiceApi } from '../apis/event-driven-service/api.js';
import { eventDrivenServiceComposition } from '../apis/event-driven-service/composition.js';
import { webServiceApi } from '../apis/webservice/api.js';
import { webServiceComposition } from '../apis/webservice/composition.js';
import { compositeResourceDefinition } from '../compositions/xrd.js';
import type { PlatformConfig } from '../config.js';
import { emit } from './defaulted.js';

/** The APIs chart (cluster-scoped objects only). */
export class ApisChart extends Chart {
  constructor(scope: Construct, id: string, config: PlatformConfig) {
    super(scope, id);
    emit(this, 'xrd-webservice', compositeResourceDefinition(webServiceApi, config), 'xrds');
    emit(this, 'xrd-eds', compositeResourceDefinition(defineEventDrivenServiceApi(config), config), 'xrds');
    emit(this, 'composition-webservice', webServiceComposition(config), 'compositions');
    emit(this, 'composition-eds', eventDrivenServiceComposition(config), 'compositions');
  }
}
