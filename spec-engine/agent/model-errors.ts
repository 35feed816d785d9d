import { STALLED_ERROR_NAME } from './provider-fetch.js';

/** Which model a call went to. */
export interface ModelCallTarget {
  readonly provider: string;
  readonly model: string;
}

type ErrorLike = {
  name?: unknown;
  message?: unknown;
  status?: unknown;
  error?: { message?: unknown; error?: { message?: unknown } };
  cause?: unknown;
};

const MAX_DETAIL = 300;
// Provider keys look like this (OpenAI `sk-…`, Anthropic `sk-ant-…`); some providers echo a prefix.
const KEY_LIKE = /\b(sk|sk-ant|key)-[A-Za-z0-9_*.-]{6,}/g;

function detailOf(e: ErrorLike): string {
  const raw = e.error?.error?.message ?? e.error?.message ?? e.message;
  const text = typeof raw === 'string' ? raw : raw === undefined ? '' : JSON.stringify(raw);
  // LangChain appends a troubleshooting link; the status is said separately.
  const clean = text
    .split('\n\nTroubleshooting URL')[0]!
    .replace(/^\d{3} /, '')
    .replace(KEY_LIKE, '[redacted]')
    .trim();
  return clean.length > MAX_DETAIL ? `${clean.slice(0, MAX_DETAIL)}…` : clean;
}

function isMalformed(e: ErrorLike): boolean {
  return (
    e.name === 'SyntaxError' ||
    (typeof e.message === 'string' && /JSON|unexpected (token|end|event)|parse/i.test(e.message))
  );
}

/**
 * The message a user reads when a model call failed: which provider and model, what went
 * wrong and the provider's own words, never a key. `timeoutSeconds` is the configured
 * per-call timeout the provider did not meet.
 * @example describeModelError(err, { provider: 'openai', model: 'gpt-4.1-mini' }, 120)
 * // 'openai model gpt-4.1-mini rejected the credentials (HTTP 401): Incorrect API key provided'
 */
export function describeModelError(error: unknown, target: ModelCallTarget, timeoutSeconds: number): string {
  const e = (error ?? {}) as ErrorLike;
  const who = `${target.provider} model ${target.model}`;
  const status = typeof e.status === 'number' ? e.status : undefined;
  const detail = detailOf(e);
  const suffix = detail ? `: ${detail}` : '';
  if (status === 401 || status === 403)
    return `${who} rejected the credentials (HTTP ${status})${suffix}; check the API key`;
  if (status === 429) return `${who} kept answering HTTP 429 (rate limited) after retries${suffix}`;
  if (status !== undefined && status >= 500)
    return `${who} failed with HTTP ${status} after retries${suffix}`;
  if (status !== undefined) return `${who} refused the request (HTTP ${status})${suffix}`;
  if (e.name === STALLED_ERROR_NAME) return `${who}: ${detail}`;
  if (e.name === 'TimeoutError' || e.name === 'APIConnectionTimeoutError' || /timed? ?out/i.test(detail))
    return `${who} did not answer within ${timeoutSeconds} s (SPEC_ENGINE_MODEL_TIMEOUT_SECONDS), after retries`;
  if (e.name === 'APIConnectionError' || /connection error|ECONNREFUSED|fetch failed/i.test(detail))
    return `${who} could not be reached after retries${suffix}`;
  if (isMalformed(e)) return `${who} sent a malformed answer${suffix}`;
  return `${who} call failed${suffix}`;
}
