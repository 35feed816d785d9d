/**
 * `npm start`: the whole product on one machine. One PostgreSQL (embedded unless
 * `DATABASE_URL`) with the databases `ide_orchestrator` and `deepagents_runtime`, the Spec
 * Engine (in-process queue unless `NATS_URL`, `offline` model unless configured, a generated
 * service token unless `SPEC_ENGINE_TOKEN`) and the IDE Orchestrator (a generated development
 * JWT secret unless auth is configured), both on 127.0.0.1 unless `HOST`. Prints the URLs and a
 * development token once both services are ready; Ctrl-C or SIGTERM stops everything.
 *
 * `npm start` runs this file as `exec node --import tsx …`: one process, no wrapper between
 * npm and it, so the signals npm forwards arrive here.
 */
import { runStack } from './stack/main.js';

await runStack();
