/** The `zt` CLI: one `program.addCommand(...)` line per command, each defined in commands/<name>.ts. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Command } from 'commander';
import { synthCommand } from './commands/synth.js';
import { doctorCommand } from './commands/doctor.js';
import { statusCommand } from './commands/status.js';
import { renderCommand } from './commands/render.js';
import { validateCommand } from './commands/validate.js';
import { schemaCommand } from './commands/schema.js';
import { docsCommand } from './commands/docs.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The program with every command registered. */
export function buildProgram(): Command {
  const { version } = JSON.parse(readFileSync(path.join(here, '..', '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  const program = new Command('zt')
    .description('zerotouch platform toolkit: synthesize, render and validate the platform APIs')
    .version(version)
    .showHelpAfterError();
  program.addCommand(synthCommand());
  program.addCommand(doctorCommand());
  program.addCommand(statusCommand());
  program.addCommand(renderCommand());
  program.addCommand(validateCommand());
  program.addCommand(schemaCommand());
  program.addCommand(docsCommand());
  // Usage errors exit 2, like internal errors; 1 is reserved for invalid input. Commander does not
  // pass exitOverride on to commands added with addCommand, so set it on each one.
  for (const command of [program, ...program.commands]) {
    command.exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2));
  }
  return program;
}

/** Parses `argv` and runs the chosen command. */
export async function runCli(argv: readonly string[] = process.argv): Promise<void> {
  await buildProgram().parseAsync([...argv]);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await runCli();
}
