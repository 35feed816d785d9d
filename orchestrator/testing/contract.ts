import { answerChecker } from '../../common/testing/contract.js';

/** The committed document every answer is checked against (kept equal to the generated one by a drift test). */
export const ORCHESTRATOR_OPENAPI_FILE = new URL(
  '../../docs/reference/orchestrator-openapi.json',
  import.meta.url,
);

/**
 * Checks one orchestrator answer against the committed OpenAPI document; used by every route
 * and end-to-end test helper, so an answer that drifts from the contract fails CI.
 */
export const checkOrchestratorAnswer = answerChecker(ORCHESTRATOR_OPENAPI_FILE);
