export { buildApp, CHART_IDS } from './app.js';
export { ApisChart } from './apis.js';
export { emit, SYNC_WAVES, type SyncWave, syncWaveAnnotations, withCrdDefaults } from './defaulted.js';
export { ObservabilityChart } from './observability.js';
export { OurServicesChart, SERVICE_SECRETS } from './our-services.js';
export { COMPOSED_KINDS_ROLE, PlatformOnceChart } from './platform-once.js';
export { jetStreamManifests } from './streams.js';
export { synthCharts } from './synth.js';
