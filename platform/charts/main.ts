/** The synth entry of `cdk8s.yaml` (`npx cdk8s synth`): writes the charts to CDK8S_OUTDIR or charts-out. */
import { resolveConfig } from '../config.js';
import { synthCharts } from './synth.js';

synthCharts(resolveConfig(), process.env.CDK8S_OUTDIR ?? 'charts-out');
