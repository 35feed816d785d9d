import { describe, expect, it } from 'vitest';
import { describeModelError } from './model-errors.js';
import { STALLED_ERROR_NAME } from './provider-fetch.js';

function failure(fields: Record<string, unknown>): Error {
  return Object.assign(new Error(String(fields.message ?? '')), fields);
}

const cases: Record<string, { reason: string; args: unknown; want: string }> = {
  'bad key': {
    reason: 'a 401 says credentials, with the provider message, and tells what to check',
    args: failure({ status: 401, message: '401 invalid x-api-key' }),
    want: 'anthropic model claude-x rejected the credentials (HTTP 401): invalid x-api-key; check the API key',
  },
  forbidden: {
    reason: 'a 403 is a credentials problem too',
    args: failure({ status: 403, error: { error: { message: 'organization disabled' } } }),
    want: 'anthropic model claude-x rejected the credentials (HTTP 403): organization disabled; check the API key',
  },
  'echoed key': {
    reason: 'a key the provider echoes back is redacted',
    args: failure({ status: 401, message: '401 Incorrect API key provided: sk-ant-abcdef123456' }),
    want: 'anthropic model claude-x rejected the credentials (HTTP 401): Incorrect API key provided: [redacted]; check the API key',
  },
  'rate limited': {
    reason: 'a 429 after retries says so',
    args: failure({ status: 429, message: '429 slow down\n\nTroubleshooting URL: https://example' }),
    want: 'anthropic model claude-x kept answering HTTP 429 (rate limited) after retries: slow down',
  },
  'server error': {
    reason: 'a 5xx after retries names the status',
    args: failure({ status: 503, message: '503 overloaded' }),
    want: 'anthropic model claude-x failed with HTTP 503 after retries: overloaded',
  },
  'bad request': {
    reason: 'another 4xx is a refused request',
    args: failure({ status: 400, message: '400 prompt is too long' }),
    want: 'anthropic model claude-x refused the request (HTTP 400): prompt is too long',
  },
  stalled: {
    reason: 'a stream that stopped says so in its own words',
    args: failure({
      name: STALLED_ERROR_NAME,
      message: 'anthropic stopped sending its answer: nothing arrived for 5 s',
    }),
    want: 'anthropic model claude-x: anthropic stopped sending its answer: nothing arrived for 5 s',
  },
  'timed out': {
    reason: 'a timeout names the configured limit',
    args: failure({ name: 'TimeoutError', message: 'Request timed out.' }),
    want: 'anthropic model claude-x did not answer within 120 s (SPEC_ENGINE_MODEL_TIMEOUT_SECONDS), after retries',
  },
  unreachable: {
    reason: 'a refused connection is unreachable',
    args: failure({ name: 'APIConnectionError', message: 'Connection error.' }),
    want: 'anthropic model claude-x could not be reached after retries: Connection error.',
  },
  malformed: {
    reason: 'JSON that does not parse is a malformed answer',
    args: new SyntaxError('Unexpected end of JSON input'),
    want: 'anthropic model claude-x sent a malformed answer: Unexpected end of JSON input',
  },
  'not an error': {
    reason: 'anything else still names the model',
    args: 'boom',
    want: 'anthropic model claude-x call failed',
  },
};

describe('describeModelError', () => {
  for (const [name, c] of Object.entries(cases)) {
    it(`${name}: ${c.reason}`, () => {
      expect(describeModelError(c.args, { provider: 'anthropic', model: 'claude-x' }, 120)).toBe(c.want);
    });
  }
});
