import type { NatsPermissions } from './permissions.js';

/** One user of a nats-server `authorization` block. */
export interface NatsUser {
  readonly user: string;
  /** Written as is: a quoted literal in tests, `$VARIABLE` (read from the server's environment) in docs. */
  readonly password: string;
  /** No `permissions` block (everything allowed) when absent. */
  readonly permissions?: NatsPermissions;
}

function list(subjects: readonly string[], indent: string): string {
  return `[\n${subjects.map((s) => `${indent}  ${JSON.stringify(s)}`).join('\n')}\n${indent}]`;
}

/**
 * A nats-server `authorization { users = [...] }` block (server configuration syntax) with
 * allow-lists per user: what the tests start their servers with and what the docs show, so the
 * documented least privilege is the tested one.
 */
export function natsAuthorizationConfig(users: readonly NatsUser[]): string {
  const blocks = users.map((u) => {
    const lines = [`    {`, `      user: ${JSON.stringify(u.user)}`, `      password: ${u.password}`];
    if (u.permissions) {
      lines.push(
        '      permissions: {',
        `        publish: { allow: ${list(u.permissions.publish, '        ')} }`,
        `        subscribe: { allow: ${list(u.permissions.subscribe, '        ')} }`,
        '      }',
      );
    }
    lines.push('    }');
    return lines.join('\n');
  });
  return `authorization {\n  users = [\n${blocks.join('\n')}\n  ]\n}\n`;
}
