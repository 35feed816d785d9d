import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { resolveConfig } from '../../config.js';
import type { PlatformConfig } from '../../config.js';
import type { CommandIo } from '../../doctor/index.js';
import { processIo } from '../../doctor/index.js';
import { schemaModeline, toJsonSchema } from '../../schema/to-json-schema.js';
import { closestMatch } from '../../text/did-you-mean.js';
import { apiCatalog } from '../catalog/api-catalog.js';
import type { SourceDocument } from '../input/yaml-source.js';
import { YamlSourceError, parseYamlSource } from '../input/yaml-source.js';

/** Options of `zt schema`. */
export interface SchemaCommandOptions {
  readonly out?: string;
  readonly modeline?: string;
}

/** The default output folder of `zt schema`, relative to the working directory. */
const DEFAULT_SCHEMA_DIR = 'schemas';

/** The JSON Schema files of every API, keyed by file name (`webservice.json`), as text. */
export function generateSchemaFiles(config: PlatformConfig): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of apiCatalog(config)) {
    const schema = toJsonSchema(entry.api, { apiVersion: entry.apiVersion, id: `${entry.slug}.json` });
    files.set(`${entry.slug}.json`, `${JSON.stringify(schema, null, 2)}\n`);
  }
  return files;
}

/**
 * Runs `zt schema`: writes one JSON Schema per API into --out, or with --modeline FILE prints the
 * yaml-language-server modeline that binds that claim file to its schema. Exit 0 ok, 2 on errors.
 */
export function runSchemaCommand(options: SchemaCommandOptions, io: CommandIo = processIo): number {
  let config: PlatformConfig;
  try {
    config = resolveConfig({}, io.env);
  } catch (error) {
    io.stderr(`zt schema: ${(error as Error).message}\n`);
    return 2;
  }
  const out = path.resolve(options.out ?? DEFAULT_SCHEMA_DIR);
  if (options.modeline !== undefined) return printModeline(options.modeline, out, config, io);
  try {
    mkdirSync(out, { recursive: true });
    for (const [name, text] of generateSchemaFiles(config)) {
      writeFileSync(path.join(out, name), text);
      io.stdout(`${path.join(out, name)}\n`);
    }
  } catch (error) {
    io.stderr(`zt schema: cannot write ${out}: ${(error as Error).message}\n`);
    return 2;
  }
  return 0;
}

function printModeline(file: string, out: string, config: PlatformConfig, io: CommandIo): number {
  let first: SourceDocument | undefined;
  try {
    first = parseYamlSource(file, readFileSync(file, 'utf8')).documents[0];
  } catch (error) {
    // A YAML error already names file:line:col; a read error does not.
    const message = (error as Error).message;
    io.stderr(`zt schema: ${error instanceof YamlSourceError ? message : `${file}: ${message}`}\n`);
    return 2;
  }
  const kind = (first?.value as { kind?: unknown } | undefined)?.kind;
  const catalog = apiCatalog(config);
  const entry = catalog.find((e) => e.api.kind === kind);
  if (!entry) {
    const guess = closestMatch(
      String(kind),
      catalog.map((e) => e.api.kind),
    );
    io.stderr(
      `zt schema: ${file}:${first?.line ?? 1}: kind ${JSON.stringify(kind)} is not one of our APIs${guess ? `; did you mean ${guess}?` : ''}\n`,
    );
    return 2;
  }
  const rel = path.relative(path.dirname(path.resolve(file)), path.join(out, `${entry.slug}.json`));
  io.stdout(`${schemaModeline(rel.startsWith('.') ? rel : `./${rel}`)}\n`);
  return 0;
}

/** The `zt schema` command; main.ts adds it with `program.addCommand(schemaCommand())`. */
export function schemaCommand(io: CommandIo = processIo): Command {
  return new Command('schema')
    .description(
      'write a JSON Schema per API for editors, or print the yaml-language-server modeline of a claim',
    )
    .option('--out <dir>', 'output folder', DEFAULT_SCHEMA_DIR)
    .option('--modeline <claim.yaml>', 'print the modeline that binds this claim file to its schema')
    .action((options: SchemaCommandOptions) => {
      process.exitCode = runSchemaCommand(options, io);
    });
}
