/**
 * The shape of `NATS_URL`, shared by the Spec Engine (which parses it) and the EventDrivenService
 * API (which validates `spec.nats.url` against it): `nats://` or `tls://` (TLS required), a host
 * and an optional port, several servers separated by commas. No user info: credentials come from
 * their own variables, so a URL can be logged.
 */
const SERVER = '(nats|tls)://(\\[[0-9a-fA-F:.]+\\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?';

/** One server. */
export const NATS_SERVER_PATTERN = `^${SERVER}$`;

/** One or more servers, comma-separated (spaces around the commas allowed). */
export const NATS_SERVERS_PATTERN = `^${SERVER}( *, *${SERVER})*$`;
