export type { ReadinessCheck } from './auto-ready.js';
export { autoReadyInput, conditionTrue, existsIsReady, nonEmpty } from './auto-ready.js';
export type { Filter } from './cel-filter.js';
export { filtersInput, xrAtLeast, xrHas, xrHasItems } from './cel-filter.js';
export type { MergePolicy, Patch, PatchOptions, Transform } from './patches.js';
export {
  combineFromXr,
  combineToXr,
  convert,
  format,
  fromEnvironment,
  fromXr,
  jsonTemplate,
  mapTo,
  matchRegexp,
  toEnvironment,
  toXr,
} from './patches.js';
export type { ComposedTemplate, PipelineProps } from './pipeline.js';
export { FUNCTION_NAMES, pipelineComposition, resourcesInput } from './pipeline.js';
export { compositeResourceDefinition } from './xrd.js';
