import { Command } from 'commander';
import { resolveConfig } from '../../config.js';
import type { PlatformConfig } from '../../config.js';
import type { CommandIo } from '../../doctor/index.js';
import { processIo } from '../../doctor/index.js';
import { renderXrFile } from '../render/run.js';

/** Options of `zt render`. */
export interface RenderCommandOptions {
  readonly composition?: string;
  readonly observed?: string;
  readonly includeXr?: boolean;
  readonly output?: string;
}

/**
 * Runs `zt render <xr.yaml>`: the composed resources Crossplane would apply, on standard output;
 * function results and warnings on standard error. Exit 0 ok, 1 invalid XR or a fatal result, 2 usage.
 */
export function runRenderCommand(
  xrFile: string,
  options: RenderCommandOptions,
  io: CommandIo = processIo,
): number {
  const output = options.output ?? 'yaml';
  if (output !== 'yaml' && output !== 'json') {
    io.stderr(`zt render: --output must be yaml or json, got '${output}'\n`);
    return 2;
  }
  let config: PlatformConfig;
  try {
    config = resolveConfig({}, io.env);
  } catch (error) {
    io.stderr(`zt render: ${(error as Error).message}\n`);
    return 2;
  }
  const report = renderXrFile({
    xrFile,
    config,
    output,
    includeXr: options.includeXr === true,
    ...(options.composition ? { compositionFile: options.composition } : {}),
    ...(options.observed ? { observedDir: options.observed } : {}),
  });
  if (report.stdout) io.stdout(report.stdout);
  for (const line of report.stderr) io.stderr(`${line}\n`);
  return report.exitCode;
}

/** The `zt render` command; main.ts adds it with `program.addCommand(renderCommand())`. */
export function renderCommand(io: CommandIo = processIo): Command {
  return new Command('render')
    .description(
      'render the composed resources of an XR offline, as Crossplane v2 would (no cluster, no Docker)',
    )
    .argument('<xr.yaml>', 'the XR (claim) to render')
    .option('--composition <file>', 'Composition file (default: the Composition in code for the XR kind)')
    .option(
      '--observed <dir>',
      'observed composed resources (enables ToCompositeFieldPath patches and readiness)',
    )
    .option('--include-xr', 'print the desired XR first')
    .option('-o, --output <format>', 'yaml or json', 'yaml')
    .action((xrFile: string, options: RenderCommandOptions) => {
      process.exitCode = runRenderCommand(xrFile, options, io);
    });
}
