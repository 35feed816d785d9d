import { Command } from 'commander';
import { resolveConfig } from '../../config.js';
import type { PlatformConfig } from '../../config.js';
import type { CommandIo } from '../../doctor/index.js';
import { processIo } from '../../doctor/index.js';
import { validateTargets } from '../validate/run.js';

/** Options of `zt validate`. */
export interface ValidateCommandOptions {
  readonly crds?: string;
}

/**
 * Runs `zt validate <files or dirs…>`: prints `file:line path: message` per problem (the line of the field at fault) on standard
 * output and reasons it could not run on standard error. Exit 0 valid, 1 invalid, 2 cannot run.
 */
export async function runValidateCommand(
  targets: readonly string[],
  options: ValidateCommandOptions,
  io: CommandIo = processIo,
): Promise<number> {
  if (targets.length === 0) {
    io.stderr('zt validate: name at least one file or directory\n');
    return 2;
  }
  let config: PlatformConfig;
  try {
    config = resolveConfig({}, io.env);
  } catch (error) {
    io.stderr(`zt validate: ${(error as Error).message}\n`);
    return 2;
  }
  const report = await validateTargets({
    targets,
    config,
    ...(options.crds ? { crdsDir: options.crds } : {}),
  });
  for (const line of report.problems) io.stdout(`${line}\n`);
  for (const line of report.failures) io.stderr(`zt validate: ${line}\n`);
  if (report.exitCode === 0) io.stderr(`zt validate: ${report.documents} document(s) valid\n`);
  return report.exitCode;
}

/** The `zt validate` command; main.ts adds it with `program.addCommand(validateCommand())`. */
export function validateCommand(io: CommandIo = processIo): Command {
  return new Command('validate')
    .description(
      'validate claims/XRs against the XRD schemas (defaults, CEL rules) and other manifests against --crds or core Kubernetes schemas (exit 0 valid, 1 invalid, 2 cannot run)',
    )
    .argument('<paths...>', 'YAML/JSON files or directories')
    .option('--crds <dir>', 'directory of CustomResourceDefinitions for other kinds')
    .action(async (paths: string[], options: ValidateCommandOptions) => {
      process.exitCode = await runValidateCommand(paths, options, io);
    });
}
