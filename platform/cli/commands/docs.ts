import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { resolveConfig } from '../../config.js';
import type { PlatformConfig } from '../../config.js';
import type { CommandIo } from '../../doctor/index.js';
import { processIo } from '../../doctor/index.js';
import { toDocs } from '../../schema/to-docs.js';
import { apiCatalog } from '../catalog/api-catalog.js';
import { composedResourcesOf } from '../catalog/composed-resources.js';

/** Options of `zt docs`. */
export interface DocsCommandOptions {
  readonly out?: string;
}

/** The default output folder of `zt docs`. */
const DEFAULT_DOCS_DIR = path.join('docs', 'reference');

/** The Markdown reference of every API, keyed by file name (`webservice.md`). */
export function generateDocsFiles(config: PlatformConfig): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of apiCatalog(config)) {
    const text = toDocs(entry.api, {
      apiVersion: entry.apiVersion,
      composedResources: composedResourcesOf(entry.api.kind, config),
      ...(entry.example ? { example: entry.example } : {}),
    });
    files.set(`${entry.slug}.md`, text);
  }
  return files;
}

/** Runs `zt docs`: writes the Markdown reference per API into --out. Exit 0 ok, 2 on errors. */
export function runDocsCommand(options: DocsCommandOptions, io: CommandIo = processIo): number {
  let config: PlatformConfig;
  try {
    config = resolveConfig({}, io.env);
  } catch (error) {
    io.stderr(`zt docs: ${(error as Error).message}\n`);
    return 2;
  }
  const out = path.resolve(options.out ?? DEFAULT_DOCS_DIR);
  try {
    mkdirSync(out, { recursive: true });
    for (const [name, text] of generateDocsFiles(config)) {
      writeFileSync(path.join(out, name), text);
      io.stdout(`${path.join(out, name)}\n`);
    }
  } catch (error) {
    io.stderr(`zt docs: cannot write ${out}: ${(error as Error).message}\n`);
    return 2;
  }
  return 0;
}

/** The `zt docs` command; main.ts adds it with `program.addCommand(docsCommand())`. */
export function docsCommand(io: CommandIo = processIo): Command {
  return new Command('docs')
    .description('write the Markdown reference of every API (fields, defaults, rules, composed resources)')
    .option('--out <dir>', 'output folder', DEFAULT_DOCS_DIR)
    .action((options: DocsCommandOptions) => {
      process.exitCode = runDocsCommand(options, io);
    });
}
