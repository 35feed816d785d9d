import { Command } from 'commander';
import { resolveConfig } from '../../config.js';
import { collectStatus, formatStatusJson, formatStatusText, isAllReady } from '../../doctor/index.js';
import type { CommandIo, StatusScope } from '../../doctor/index.js';
import { parseOutputFormat, parseTimeout, processIo, withCluster } from '../../doctor/index.js';

/** Options of `zt status` as commander parses them. */
export interface StatusCommandOptions {
  readonly namespace?: string;
  readonly allNamespaces?: boolean;
  readonly context?: string;
  readonly output?: string;
  readonly requestTimeout?: string;
}

/**
 * Runs `zt status`: every WebService and EventDrivenService with Synced/Ready and URL, and for one
 * not Ready, the composed resources that are not ready and the latest Warning events. Exit code:
 * 0 all Ready, 1 one is not (or a kind is not served), 2 bad usage or the cluster cannot be reached.
 */
export async function runStatusCommand(
  options: StatusCommandOptions,
  io: CommandIo = processIo,
): Promise<number> {
  const usage = (message: string) => {
    io.stderr(`zt status: ${message}\n`);
    return 2;
  };
  const format = parseOutputFormat(options.output);
  if (!format) return usage(`--output must be text or json, got '${options.output}'`);
  if (options.namespace !== undefined && options.allNamespaces)
    return usage('use either -n NAMESPACE or -A, not both');
  const timeoutMs = parseTimeout(options.requestTimeout);
  if (timeoutMs === undefined)
    return usage(
      `--request-timeout must be a positive number of ms (or 5s), got '${options.requestTimeout}'`,
    );
  let config: ReturnType<typeof resolveConfig>;
  try {
    config = resolveConfig({}, io.env);
  } catch (error) {
    return usage((error as Error).message);
  }
  return withCluster('status', io, { context: options.context, timeoutMs }, async (client) => {
    // Like kubectl: -n, else the context's namespace, else default.
    const scope: StatusScope = options.allNamespaces
      ? { allNamespaces: true }
      : { namespace: options.namespace ?? client.defaultNamespace };
    const report = await collectStatus(client, config, scope);
    io.stdout(format === 'json' ? formatStatusJson(report) : formatStatusText(report));
    return isAllReady(report) ? 0 : 1;
  });
}

/** The `zt status` commander command; main.ts adds it with `program.addCommand(statusCommand())`. */
export function statusCommand(io: CommandIo = processIo): Command {
  return new Command('status')
    .description(
      'show every WebService and EventDrivenService with Synced/Ready, URL, and why one is not Ready',
    )
    .option('-n, --namespace <namespace>', "namespace to list (default: the context's namespace)")
    .option('-A, --all-namespaces', 'list every namespace')
    .option('--context <name>', 'kubeconfig context to use instead of the current one')
    .option('-o, --output <format>', 'text or json', 'text')
    .option('--request-timeout <duration>', 'timeout of each API request, in ms or with an s suffix', '10s')
    .action(async (options: StatusCommandOptions) => {
      process.exitCode = await runStatusCommand(options, io);
    });
}
