export { resolve, resolveTransforms } from './resolve.js';
export { resolveConvert, getConversionFunc } from './convert.js';
export { resolveMap } from './map.js';
export { resolveMatch, matches } from './match.js';
export { resolveMath } from './math.js';
export { resolveString } from './string.js';
export { parseQuantityAsFloat64 } from './quantity.js';
