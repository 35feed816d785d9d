export { renderComposition, BUILTIN_FUNCTIONS } from './pipeline.js';
export type { RenderInput, RenderOutput } from './pipeline.js';
export type { RenderedResource } from './core/state.js';
export type { Result, Severity } from './core/results.js';
export { formatResult } from './core/results.js';
export { runPatchAndTransform } from './fn.js';
export { runCelFilter, evaluate as evaluateCelFilter } from './functions/cel-filter.js';
export { runAutoReady } from './functions/auto-ready.js';
export { Paved, parse as parseFieldPath, segmentsToString } from './fieldpath.js';
export { goSprintf } from './go/fmt.js';
export {
  ANNOTATION_COMPOSITION_RESOURCE_NAME,
  LABEL_COMPOSITE,
  LABEL_CLAIM_NAME,
  LABEL_CLAIM_NAMESPACE,
} from './composed-metadata.js';
