import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig, imageRef, orchestratorHostname, resolveConfig, xrApiVersion } from './config.js';

describe('resolveConfig', () => {
  it('returns the defaults when nothing overrides them', () => {
    expect(resolveConfig({}, {})).toEqual(defaultConfig);
  });

  it('merges nested overrides without losing sibling keys', () => {
    const config = resolveConfig({ gateway: { httpsListener: 'websecure' } }, {});
    expect(config.gateway).toEqual({ ...defaultConfig.gateway, httpsListener: 'websecure' });
  });

  it('reads overrides from the file named by ZT_CONFIG, then applies explicit ones', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'zt-config-'));
    const file = path.join(dir, 'staging.yaml');
    writeFileSync(file, 'environment: staging\ndomain: staging.example.com\nnats:\n  account: APP\n');
    const config = resolveConfig({ domain: 'override.example.com' }, { ZT_CONFIG: file });
    expect(config.environment).toBe('staging');
    expect(config.domain).toBe('override.example.com');
    expect(config.nats.account).toBe('APP');
    expect(config.nats.url).toBe(defaultConfig.nats.url);
  });

  it('rejects unknown keys and wrong types naming the key', () => {
    expect(() => resolveConfig({ gateway: { nam: 'x' } } as never, {})).toThrow(
      "config: unknown key 'gateway.nam'",
    );
    expect(() => resolveConfig({ database: { instances: '2' } } as never, {})).toThrow(
      `config: 'database.instances' must be a number, got "2"`,
    );
  });

  it('formats image references and the XR apiVersion', () => {
    expect(imageRef(defaultConfig, defaultConfig.images.orchestrator)).toBe(
      'ghcr.io/zerotouch/ide-orchestrator:0.1.0',
    );
    expect(xrApiVersion(defaultConfig)).toBe('platform.zerotouch.dev/v1alpha1');
  });
});

describe('orchestratorHostname', () => {
  it('follows the domain unless set', () => {
    expect(orchestratorHostname(resolveConfig({ domain: 'staging.example.com' }, {}))).toBe(
      'ide.staging.example.com',
    );
    expect(orchestratorHostname(resolveConfig({ orchestratorHostname: 'app.example.com' }, {}))).toBe(
      'app.example.com',
    );
  });
});
