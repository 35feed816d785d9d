/**
 * The engine against a nats-server of its own that requires TLS with client certificates
 * (mutual TLS), with a CA and certificates generated for this run by `openssl`.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateCertificates,
  opensslSkipReason,
  type TestCertificates,
} from '../../common/testing/certificates.js';
import {
  natsServerSkipReason,
  startNatsServer,
  type TestNatsServer,
} from '../../common/testing/nats-server.js';
import { createTestDatabase, type TestDatabase } from '../../common/testing/postgres.js';
import type { RunningEngine } from '../server.js';
import { startTestEngine } from '../testing/harness.js';
import { runJobThroughNats } from '../testing/nats-engines.js';

describe.skipIf(natsServerSkipReason() !== '' || opensslSkipReason() !== '')(
  'the engine on a NATS server requiring mutual TLS',
  { timeout: 120_000 },
  () => {
    let server: TestNatsServer;
    let certs: TestCertificates;
    let db: TestDatabase;
    let url: string;
    const engines: RunningEngine[] = [];

    beforeAll(async () => {
      server = await startNatsServer(
        (dir) => {
          const f = (name: string) => JSON.stringify(path.join(dir, name));
          return `tls { cert_file: ${f('server.crt')}, key_file: ${f('server.key')}, ca_file: ${f('ca.crt')}, verify: true, timeout: 5 }`;
        },
        async (dir) => {
          certs = await generateCertificates(dir);
        },
      );
      url = server.url.replace('nats://', 'tls://');
      db = await createTestDatabase('spec_nats_tls');
    }, 120_000);
    afterAll(async () => {
      for (const e of engines) await e.stop();
      await db?.drop();
      await server?.stop();
    });

    async function start(env: Record<string, string>) {
      const e = await startTestEngine({ databaseUrl: db.url, env: { NATS_URL: url, ...env } });
      engines.push(e);
      return e;
    }

    it('runs a refinement end to end over TLS with the CA and a client certificate', async () => {
      const engine = await start({
        NATS_TLS_CA_FILE: certs.caFile,
        NATS_TLS_CERT_FILE: certs.clientCert,
        NATS_TLS_KEY_FILE: certs.clientKey,
      });
      await runJobThroughNats(engine.url, 'Renew contracts.');
    });

    const refusals = {
      'a server certificate from a CA it does not trust': {
        env: () => ({
          NATS_TLS_CA_FILE: certs.otherCaFile,
          NATS_TLS_CERT_FILE: certs.clientCert,
          NATS_TLS_KEY_FILE: certs.clientKey,
        }),
        want: /refused no credentials: TLS handshake failed: .*certificate/,
      },
      'no client certificate': {
        env: () => ({ NATS_TLS_CA_FILE: certs.caFile }),
        want: /refused no credentials: TLS handshake failed: the server did not accept the client certificate, /,
      },
      'an optional client certificate whose files are absent (a Secret without tls.crt)': {
        env: () => ({
          NATS_TLS_CA_FILE: certs.caFile,
          NATS_TLS_CERT_FILE: path.join(server.dir, 'absent.crt'),
          NATS_TLS_KEY_FILE: path.join(server.dir, 'absent.key'),
          NATS_TLS_CERT_OPTIONAL: 'true',
        }),
        want: /refused no credentials: TLS handshake failed: the server did not accept the client certificate, /,
      },
    };

    it.each(Object.entries(refusals))(
      'stops start-up on %s, naming NATS and the reason',
      async (_name, c) => {
        const error = await start(c.env()).then(
          () => undefined,
          (e: Error) => e,
        );
        expect(error?.message).toMatch(new RegExp(`^NATS at ${url} `));
        expect(error?.message).toMatch(c.want);
        expect(error?.message).not.toContain('\n');
      },
    );

    it('names the variable when a certificate file is missing and not optional', async () => {
      const missing = path.join(server.dir, 'absent.crt');
      await expect(
        start({
          NATS_TLS_CA_FILE: certs.caFile,
          NATS_TLS_CERT_FILE: missing,
          NATS_TLS_KEY_FILE: certs.clientKey,
        }),
      ).rejects.toThrow(`NATS_TLS_CERT_FILE '${missing}' cannot be read (ENOENT)`);
    });
  },
);
