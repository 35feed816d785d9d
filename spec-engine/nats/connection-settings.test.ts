import { describe, expect, it } from 'vitest';
import { parseNatsConnection } from './connection-settings.js';

describe('parseNatsConnection', () => {
  it('reads several servers, tls:// URLs, one credential method and the TLS files', () => {
    expect(parseNatsConnection({})).toBeUndefined();
    expect(
      parseNatsConnection({
        NATS_URL: 'tls://nats-0.nats:4222, tls://nats-1.nats:4222',
        NATS_USER: 'spec-engine',
        NATS_PASSWORD: 'pw',
        NATS_TLS_CA_FILE: '/etc/nats/tls/ca.crt',
      }),
    ).toEqual({
      servers: ['tls://nats-0.nats:4222', 'tls://nats-1.nats:4222'],
      auth: { method: 'password', user: 'spec-engine', password: 'pw' },
      tls: { caFile: '/etc/nats/tls/ca.crt', isCertOptional: false },
    });
    expect(parseNatsConnection({ NATS_URL: 'nats://127.0.0.1:4222', NATS_CREDS_FILE: '/c' })).toEqual({
      servers: ['nats://127.0.0.1:4222'],
      auth: { method: 'creds', credsFile: '/c' },
    });
  });

  const invalid = {
    'an http URL': [
      { NATS_URL: 'http://nats:4222' },
      "NATS_URL entry 'http://nats:4222' must be nats://host:port",
    ],
    'credentials in the URL (they would reach logs)': [
      { NATS_URL: 'nats://u:secret@nats:4222' },
      'NATS_URL must not carry credentials: set NATS_USER/NATS_PASSWORD, NATS_TOKEN or NATS_CREDS_FILE',
    ],
    'two credential methods': [
      { NATS_URL: 'nats://n:4222', NATS_TOKEN: 't', NATS_CREDS_FILE: '/c' },
      'NATS credentials: set only one of NATS_TOKEN, NATS_CREDS_FILE',
    ],
    'a user without a password': [
      { NATS_URL: 'nats://n:4222', NATS_USER: 'u' },
      'NATS_USER and NATS_PASSWORD must be set together',
    ],
    'a client certificate without its key': [
      { NATS_URL: 'nats://n:4222', NATS_TLS_CERT_FILE: '/tls.crt' },
      'NATS_TLS_CERT_FILE and NATS_TLS_KEY_FILE must be set together',
    ],
  } as const;

  it.each(Object.entries(invalid))('rejects %s, naming the variable', (_reason, [env, want]) => {
    expect(() => parseNatsConnection(env)).toThrow(want);
  });
});
