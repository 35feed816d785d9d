import { answerChecker } from '../../common/testing/contract.js';
import { BASE_PATHS } from '../app.js';
import { DOCUMENTED_BASE } from '../contract/document.js';

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
  const alias = BASE_PATHS.find((base) => base !== DOCUMENTED_BASE && path.startsWith(`${base}/`));
  check(method, alias ? DOCUMENTED_BASE + path.slice(alias.length) : path, status, body);
}
