import { parseArgs } from 'node:util';
import { MIN_SECRET_LENGTH } from './settings/config.js';
import { mintDevToken } from './dev-token.js';

/**
 * Prints a development HS256 token for `AUTH_JWT_SECRET` (with `AUTH_ISSUER` and
 * `AUTH_AUDIENCE` when set).
 *
 * @example npm run token -- --sub alice --ttl 3600
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { sub: { type: 'string' }, ttl: { type: 'string', default: '3600' } },
  });
  const secret = process.env.AUTH_JWT_SECRET?.trim();
  if (!values.sub) throw new Error('usage: npm run token -- --sub <user> [--ttl <seconds>]');
  if (!secret || secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`AUTH_JWT_SECRET must be set (at least ${MIN_SECRET_LENGTH} characters)`);
  }
  const ttl = Number(values.ttl);
  if (!Number.isInteger(ttl) || ttl <= 0) throw new Error('--ttl must be a positive number of seconds');
  console.log(
    await mintDevToken(secret, {
      sub: values.sub,
      expiresIn: `${ttl}s`,
      issuer: process.env.AUTH_ISSUER?.trim() || undefined,
      audience: process.env.AUTH_AUDIENCE,
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
});
