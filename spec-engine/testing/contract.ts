import { answerChecker } from '../../common/testing/contract.js';
import { documentedPath } from '../contract/document.js';

/** The committed document every engine answer is checked against (a drift test keeps it generated). */
export const SPEC_ENGINE_OPENAPI_FILE = new URL(
  '../../docs/reference/spec-engine-openapi.json',
  import.meta.url,
);

const check = answerChecker(SPEC_ENGINE_OPENAPI_FILE);

/**
 * Checks one Spec Engine answer against the committed document (the alias base answers like the
 * documented one); the harness's JSON helpers call it for every answer.
 */
export function checkSpecEngineAnswer(method: string, url: string, status: number, body: unknown): void {
  const path = new URL(url, 'http://x').pathname;
  check(method, documentedPath(path), status, body);
}
