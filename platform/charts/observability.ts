/**
 * The monitoring chart: ServiceMonitors and the PrometheusRule beside our services, Grafana
 * dashboards in the monitoring namespace. All derived from the services' metrics catalogs; the
 * CRDs come with kube-prometheus-stack, so these sync after it (wave `dependents`).
 */
import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import type { PlatformConfig } from '../config.js';
import { observabilityManifests } from '../observability/index.js';
import { emit } from './defaulted.js';

/** The observability chart. */
export class ObservabilityChart extends Chart {
  constructor(scope: Construct, id: string, config: PlatformConfig) {
    super(scope, id);
    observabilityManifests(config).forEach((manifest, i) => {
      emit(this, `observability-${i}`, manifest, 'dependents');
    });
  }
}
