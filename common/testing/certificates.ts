import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { toolSkipReason } from './tool-skip.js';

const run = promisify(execFile);

/** Files of a test PKI, all PEM. */
export interface TestCertificates {
  readonly caFile: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly clientCert: string;
  readonly clientKey: string;
  /** A CA the servers do not use: trusting only it must fail. */
  readonly otherCaFile: string;
}

/** Why tests that need certificates skip ('' when the `openssl` CLI runs). */
export function opensslSkipReason(): string {
  return toolSkipReason({ command: ['openssl', 'version'], tests: 'TLS tests', aptPackage: 'openssl' });
}

async function openssl(dir: string, ...args: string[]): Promise<void> {
  await run('openssl', args, { cwd: dir, timeout: 60_000 });
}

async function selfSignedCa(dir: string, name: string): Promise<void> {
  await openssl(
    dir,
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    `/CN=${name}`,
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.crt`,
  );
}

/** A key and certificate `<name>.crt` signed by `ca.crt`, with the X.509 extensions given. */
async function signed(dir: string, name: string, extensions: string): Promise<void> {
  await writeFile(path.join(dir, `${name}.ext`), extensions);
  await openssl(
    dir,
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    `/CN=${name}`,
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.csr`,
  );
  await openssl(
    dir,
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '2',
    '-out',
    `${name}.crt`,
    '-extfile',
    `${name}.ext`,
  );
}

/**
 * Generates, with the `openssl` CLI, a CA, a server certificate for 127.0.0.1/localhost and a client
 * certificate signed by it, plus an unrelated CA, in `dir`. Keys are fresh for every test run.
 */
export async function generateCertificates(dir: string): Promise<TestCertificates> {
  await selfSignedCa(dir, 'ca');
  await selfSignedCa(dir, 'other-ca');
  await signed(dir, 'server', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  await signed(dir, 'client', 'extendedKeyUsage=clientAuth\n');
  const file = (name: string) => path.join(dir, name);
  return {
    caFile: file('ca.crt'),
    serverCert: file('server.crt'),
    serverKey: file('server.key'),
    clientCert: file('client.crt'),
    clientKey: file('client.key'),
    otherCaFile: file('other-ca.crt'),
  };
}
