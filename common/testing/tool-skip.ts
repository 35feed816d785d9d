import { spawnSync } from 'node:child_process';

/** A command-line tool some tests need, and how to get it. */
export interface RequiredTool {
  /** The command and the arguments that make it print its version and exit 0. */
  readonly command: readonly [string, ...string[]];
  /** What skips without it, e.g. `TLS tests`. */
  readonly tests: string;
  /** The Debian package `.ci/run` installs. */
  readonly aptPackage: string;
}

const memo = new Map<string, string>();

/**
 * Why tests needing `tool` skip on this machine ('' when it runs), printed once. With `CI=true`
 * a missing tool is an error, since `.ci/run` installs its package.
 */
export function toolSkipReason(tool: RequiredTool): string {
  const [command, ...args] = tool.command;
  const known = memo.get(command);
  if (known !== undefined) return known;
  const isMissing = spawnSync(command, args, { stdio: 'ignore' }).status !== 0;
  if (isMissing && process.env.CI === 'true') {
    throw new Error(
      `CI=true but ${command} does not run (.ci/run installs Debian's ${tool.aptPackage} package)`,
    );
  }
  const reason = isMissing
    ? `${command} not installed: ${tool.tests} skip (apt-get install -y ${tool.aptPackage})`
    : '';
  if (reason) console.warn(`[skip] ${reason}`);
  memo.set(command, reason);
  return reason;
}
