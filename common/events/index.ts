export { EVENT_TYPES, encodeEnvelope, isFileTree, isSpecFile, parseEnvelope } from './envelope.js';
export type { EventEnvelope, FileTree, KnownEventType, SpecFile } from './envelope.js';
