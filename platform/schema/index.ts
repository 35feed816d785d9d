export type { ApiDefinition, ApiInput, PrinterColumn, SpecOf } from './define-api.js';
export { collectRules, defineApi } from './define-api.js';
export type { CelRule, Field, FieldConstraints, FieldKind, ObjectOf, TypeOf } from './fields.js';
export { array, boolean, enumeration, integer, map, object, string } from './fields.js';
export type { StructuralSchema } from './to-xrd.js';
export { toPrinterColumns, toStructuralSchema, toXrdSchema } from './to-xrd.js';
