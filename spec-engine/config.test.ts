import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('loadConfig', () => {
  it('defaults to port 8000, the offline model without keys, and DESIGN §5 NATS names', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8000);
    expect(config.model).toEqual({ provider: 'offline', stepDelayMs: 0 });
    expect(config.natsConnection).toBeUndefined();
    expect(config.eventsMaxAgeMs).toBe(24 * 3600_000);
    expect(config.nats.executionStream).toBe('AGENT_EXECUTION');
    expect(config.nats.consumer).toBe('deepagents-runtime-workers');
    expect(config.nats.execute('t1')).toBe('agent.execute.t1');
    expect(config.nats.events('t1')).toBe('spec.events.t1');
    expect(config.embeddedDataDir).toBe('.data/spec-engine-pg');
    expect(config.drainTimeoutMs).toBe(100_000);
    expect(loadConfig({ SPEC_ENGINE_DRAIN_SECONDS: '30' }).drainTimeoutMs).toBe(30_000);
  });

  it('picks the provider from SPEC_ENGINE_MODEL or from the configured key', () => {
    expect(loadConfig({ SPEC_ENGINE_MODEL: 'anthropic:claude-sonnet-4-5' }).model).toEqual({
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
    });
    expect(loadConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' }).model).toMatchObject({
      provider: 'openai',
    });
    expect(loadConfig({ OPENAI_API_KEY: 'k', SPEC_ENGINE_MODEL: 'offline' }).model.provider).toBe('offline');
    const gateway = loadConfig({ ANTHROPIC_BASE_URL: 'https://llm-gateway.internal' });
    expect(gateway.model.provider).toBe('anthropic');
    expect(gateway.providers.anthropicBaseUrl).toBe('https://llm-gateway.internal');
  });

  it('bounds model calls and runs: 120 s per call, 3 retries, 1800 s per run unless configured', () => {
    expect(loadConfig({}).modelCalls).toEqual({ timeoutMs: 120_000, maxRetries: 3 });
    expect(loadConfig({}).runDeadlineMs).toBe(1_800_000);
    const tuned = loadConfig({
      SPEC_ENGINE_MODEL_TIMEOUT_SECONDS: '30',
      SPEC_ENGINE_MODEL_RETRIES: '0',
      SPEC_ENGINE_RUN_DEADLINE_SECONDS: '600',
    });
    expect(tuned.modelCalls).toEqual({ timeoutMs: 30_000, maxRetries: 0 });
    expect(tuned.runDeadlineMs).toBe(600_000);
    expect(() => loadConfig({ SPEC_ENGINE_MODEL_TIMEOUT_SECONDS: '0' })).toThrow(
      "SPEC_ENGINE_MODEL_TIMEOUT_SECONDS '0' must be an integer >= 1",
    );
    expect(() => loadConfig({ SPEC_ENGINE_RUN_DEADLINE_SECONDS: 'soon' })).toThrow(
      "SPEC_ENGINE_RUN_DEADLINE_SECONDS 'soon' must be an integer >= 1",
    );
  });

  it('names the variable when a value is malformed', () => {
    expect(() => loadConfig({ PORT: 'http' })).toThrow("PORT 'http' must be an integer >= 0");
    expect(() => loadConfig({ SPEC_ENGINE_MODEL: 'gpt-4' })).toThrow("SPEC_ENGINE_MODEL 'gpt-4' must be");
    expect(() => loadConfig({ SPEC_ENGINE_CONCURRENCY: '0' })).toThrow('SPEC_ENGINE_CONCURRENCY');
    expect(() => loadConfig({ SPEC_ENGINE_NATS_SETUP: 'maybe' })).toThrow(
      "SPEC_ENGINE_NATS_SETUP 'maybe' must be true or false",
    );
    expect(() => loadConfig({ SPEC_ENGINE_NATS_PREFIX: 'a.b' })).toThrow('SPEC_ENGINE_NATS_PREFIX');
    expect(() => loadConfig({ SPEC_ENGINE_EVENTS_MAX_AGE_HOURS: '0' })).toThrow(
      "SPEC_ENGINE_EVENTS_MAX_AGE_HOURS '0' must be an integer >= 1",
    );
    expect(loadConfig({ SPEC_ENGINE_EVENTS_MAX_AGE_HOURS: '6' }).eventsMaxAgeMs).toBe(6 * 3600_000);
    expect(() => loadConfig({ SPEC_ENGINE_DRAIN_SECONDS: '-1' })).toThrow(
      "SPEC_ENGINE_DRAIN_SECONDS '-1' must be an integer >= 0",
    );
  });
});
