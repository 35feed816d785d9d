import { Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { describeTlsFailure } from './refusal.js';

/**
 * Why the TLS handshake with a NATS server fails, or undefined when it succeeds or the server
 * cannot be reached. nats.js reports a server's refusal of the client certificate (a TLS 1.3
 * alert after the handshake) only as a connect timeout; this replays the upgrade the way the
 * client does (plain `INFO` line, then TLS on the same socket) to get the alert itself.
 */
export async function probeTls(
  server: string,
  options: { ca?: string; cert?: string; key?: string },
  timeoutMs = 3000,
): Promise<string | undefined> {
  const { hostname, port } = new URL(server.replace(/^(nats|tls):/, 'http:'));
  const host = hostname.replace(/^\[|\]$/g, '');
  const socket = new Socket();
  const timer = setTimeout(() => socket.destroy(), timeoutMs);
  try {
    return await new Promise<string | undefined>((resolve) => {
      socket.once('error', () => resolve(undefined));
      socket.once('close', () => resolve(undefined));
      socket.once('data', () => {
        const isIp = /^[\d.:]+$/.test(host);
        const secure = tlsConnect({ socket, ...(isIp ? {} : { servername: host }), ...options });
        secure.once('error', (error: NodeJS.ErrnoException) => {
          resolve(describeTlsFailure(error));
        });
        // The server answers a CONNECT only after it accepted the certificate.
        secure.once('secureConnect', () => secure.write('CONNECT {"verbose":false}\r\nPING\r\n'));
        secure.once('data', () => resolve(undefined));
      });
      socket.connect(Number(port || 4222), host);
    });
  } finally {
    clearTimeout(timer);
    socket.destroy();
  }
}
