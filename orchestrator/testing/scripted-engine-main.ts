import { startScriptedEngine } from './scripted-engine.js';

/**
 * Runs the scripted engine as its own process (crash tests SIGKILL it). `SCRIPTED_ENGINE`
 * holds the JSON options of `startScriptedEngine`; prints `scripted engine listening on <port>`.
 */
const options = JSON.parse(process.env.SCRIPTED_ENGINE ?? '{}');
const engine = await startScriptedEngine(options);
console.log(`scripted engine listening on ${engine.port}`);
process.on('SIGTERM', () => void engine.close().then(() => process.exit(0)));
