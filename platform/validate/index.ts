export type { CelOptions } from './cel.js';
export { evaluateRules } from './cel.js';
export type { KindValidators } from './crds.js';
export {
  combineValidators,
  crdValidators,
  loadCoreKindValidators,
  loadPinnedCrdValidators,
  readCrds,
} from './crds.js';
export { fromAjvErrors } from './ajv-errors.js';
export type { CompactCrd, PinnedCrdSchemas } from './pinned-crd-schemas.js';
export { compactCrds, readShippedSchemas, shippedCrdValidators } from './pinned-crd-schemas.js';
export { applyDefaults } from './defaults.js';
export type { FieldError } from './field-error.js';
export { childPath, formatFieldError, pointerToPath } from './field-error.js';
export { checkListKeys } from './lists.js';
export { validateObjectMeta } from './object-meta.js';
export type { SchemaNode } from './structural.js';
export { rejectUnknownFields } from './structural.js';
export type { XrApis, XrCheck } from './xr.js';
export { checkXr, validateXr, xrSchema } from './xr.js';
