import { Command } from 'commander';
import { resolveConfig } from '../../config.js';
import { doctorExpectations, formatDoctorJson, formatDoctorText, runDoctor } from '../../doctor/index.js';
import type { CommandIo } from '../../doctor/index.js';
import { parseOutputFormat, parseTimeout, processIo, withCluster } from '../../doctor/index.js';

/** Options of `zt doctor` as commander parses them. */
export interface DoctorCommandOptions {
  readonly context?: string;
  readonly output?: string;
  readonly requestTimeout?: string;
}

/**
 * Runs `zt doctor`: checks the cluster can run what charts-out/ asks for. Returns the exit code:
 * 0 all checks pass, 1 a check fails, 2 bad usage or the cluster cannot be reached.
 */
export async function runDoctorCommand(
  options: DoctorCommandOptions,
  io: CommandIo = processIo,
): Promise<number> {
  const format = parseOutputFormat(options.output);
  if (!format) {
    io.stderr(`zt doctor: --output must be text or json, got '${options.output}'\n`);
    return 2;
  }
  const timeoutMs = parseTimeout(options.requestTimeout);
  if (timeoutMs === undefined) {
    io.stderr(
      `zt doctor: --request-timeout must be a positive number of ms (or 5s), got '${options.requestTimeout}'\n`,
    );
    return 2;
  }
  let config: ReturnType<typeof resolveConfig>;
  try {
    config = resolveConfig({}, io.env);
  } catch (error) {
    io.stderr(`zt doctor: ${(error as Error).message}\n`);
    return 2;
  }
  return withCluster('doctor', io, { context: options.context, timeoutMs }, async (client) => {
    const report = await runDoctor(client, doctorExpectations(config));
    io.stdout(format === 'json' ? formatDoctorJson(report) : formatDoctorText(report));
    return report.ok ? 0 : 1;
  });
}

/** The `zt doctor` commander command; main.ts adds it with `program.addCommand(doctorCommand())`. */
export function doctorCommand(io: CommandIo = processIo): Command {
  return new Command('doctor')
    .description(
      'check that the current cluster can run what charts-out/ asks for (exit 0 ok, 1 a check failed, 2 unreachable)',
    )
    .option('--context <name>', 'kubeconfig context to use instead of the current one')
    .option('-o, --output <format>', 'text or json', 'text')
    .option('--request-timeout <duration>', 'timeout of each API request, in ms or with an s suffix', '10s')
    .action(async (options: DoctorCommandOptions) => {
      process.exitCode = await runDoctorCommand(options, io);
    });
}
