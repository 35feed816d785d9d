import { errors, type NatsConnection } from '@nats-io/transport-node';
import { describeIdentity, type NatsConnectionSettings } from './connection-settings.js';

/**
 * NATS answered but said no: bad credentials, an untrusted or missing certificate, or a missing
 * permission. Retrying cannot help, so start-up stops with this one-line message (it names the
 * servers, the identity and what was refused, never a secret).
 */
export class NatsRefusedError extends Error {
  readonly code = 'nats_refused';
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_|ERR_TLS|ERR_SSL|HOSTNAME|ALTNAME|tls|ssl/i;

function chain(error: unknown): Error[] {
  const found: Error[] = [];
  let current = error;
  while (current instanceof Error && found.length < 5) {
    found.push(current);
    current = current.cause;
  }
  return found;
}

/**
 * A one-line description of a failed TLS handshake: OpenSSL's reason (its multi-line message
 * trimmed to e.g. `sslv3 alert bad certificate`), what it means when the server turned the client
 * certificate down, and Node's error code.
 */
export function describeTlsFailure(error: NodeJS.ErrnoException): string {
  const reason = /SSL routines:[^:]*:([^:\n]+)/.exec(error.message)?.[1] ?? error.message.split('\n')[0];
  const code = error.code && !reason?.includes(error.code) ? ` (${error.code})` : '';
  const isClientCert = /alert (bad certificate|certificate required|unknown ca|certificate unknown)/i.test(
    reason ?? '',
  );
  return `TLS handshake failed: ${isClientCert ? 'the server did not accept the client certificate, ' : ''}${reason}${code}`;
}

function tlsReason(error: Error): string | undefined {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (TLS_CODES.test(code) || /certificate|TLS|SSL/i.test(error.message)) return describeTlsFailure(error);
  return undefined;
}

/** Why NATS refused, or undefined when the error is not a refusal (the server is down or slow). */
export function refusalReason(error: unknown): string | undefined {
  for (const e of chain(error)) {
    if (e instanceof errors.PermissionViolationError) {
      return `${e.operation} ${e.operation === 'publish' ? 'to' : 'on'} '${e.subject}' not permitted`;
    }
    if (e instanceof errors.AuthorizationError || e instanceof errors.UserAuthenticationExpiredError) {
      return `authentication refused (${e.message})`;
    }
    const tls = tlsReason(e);
    if (tls) return tls;
  }
  return undefined;
}

/** The one-line refusal message for `error` (see {@link NatsRefusedError}). */
export function refusedError(
  settings: NatsConnectionSettings,
  reason: string,
  cause?: unknown,
): NatsRefusedError {
  const message = `NATS at ${settings.servers.join(',')} refused ${describeIdentity(settings.auth)}: ${reason}`;
  return new NatsRefusedError(message, cause === undefined ? undefined : { cause });
}

/**
 * Collects the permission violations the server reports on `nc` (they arrive asynchronously, as
 * `-ERR`), so that a check after a flush sees those of every earlier subscribe and publish, and
 * reports each to `onViolation` (the log: one that happens later fails a run, not start-up).
 */
export function watchPermissionViolations(
  nc: NatsConnection,
  onViolation: (reason: string) => void,
): { violations(): string[] } {
  const seen: string[] = [];
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'error' && status.error instanceof errors.PermissionViolationError) {
        const reason = refusalReason(status.error) ?? status.error.message;
        seen.push(reason);
        onViolation(reason);
      }
    }
  })().catch(() => {});
  return { violations: () => [...seen] };
}
