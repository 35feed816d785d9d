/** `zt synth`: writes the platform manifests (charts-out/) from the code, or checks them for drift. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { synthCharts } from '../../charts/synth.js';
import { resolveConfig } from '../../config.js';
import type { CommandIo } from '../../doctor/index.js';
import { processIo } from '../../doctor/index.js';

/** Options of `zt synth`. */
export interface SynthCommandOptions {
  /** Output directory. @default charts-out */
  readonly out: string;
  /** A JSON/YAML file of configuration overrides (same as ZT_CONFIG). */
  readonly config?: string;
  /** Compare with `out` instead of writing; exit 1 when they differ. */
  readonly check?: boolean;
}

/** Default output directory, the one ArgoCD syncs. */
export const DEFAULT_SYNTH_DIR = 'charts-out';

function listFiles(dir: string, prefix = ''): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const full = path.join(dir, name);
    const rel = prefix ? `${prefix}/${name}` : name;
    return statSync(full).isDirectory() ? listFiles(full, rel) : [rel];
  });
}

/** Files that differ between two synth outputs (added, removed or changed), sorted. */
export function diffOutputs(expectedDir: string, actualDir: string): string[] {
  const expected = new Set(listFiles(expectedDir));
  const actual = new Set(listFiles(actualDir));
  const differ = new Set<string>();
  for (const f of new Set([...expected, ...actual])) {
    if (!expected.has(f) || !actual.has(f)) differ.add(f);
    else if (!readFileSync(path.join(expectedDir, f)).equals(readFileSync(path.join(actualDir, f))))
      differ.add(f);
  }
  return [...differ].sort();
}

/** Runs `zt synth`; returns the exit code (0 ok, 1 drift found by --check, 2 configuration or synth error). */
export function runSynthCommand(options: SynthCommandOptions, io: CommandIo = processIo): number {
  const env = options.config ? { ...io.env, ZT_CONFIG: options.config } : io.env;
  let config: ReturnType<typeof resolveConfig>;
  try {
    config = resolveConfig({}, env);
  } catch (error) {
    io.stderr(`zt synth: ${(error as Error).message}\n`);
    return 2;
  }
  const target = options.check ? mkdtempSync(path.join(tmpdir(), 'zt-synth-')) : options.out;
  try {
    const files = synthCharts(config, target);
    if (!options.check) {
      io.stdout(`wrote ${files.length} files to ${options.out}\n`);
      return 0;
    }
    const drift = diffOutputs(target, options.out);
    for (const f of drift) io.stderr(`${path.join(options.out, f)}: differs from the code (run zt synth)\n`);
    if (drift.length === 0) io.stdout(`${options.out} is up to date (${files.length} files)\n`);
    return drift.length ? 1 : 0;
  } catch (error) {
    io.stderr(`zt synth: ${(error as Error).message}\n`);
    return 2;
  } finally {
    if (options.check) rmSync(target, { recursive: true, force: true });
  }
}

/** The `zt synth` command; main.ts adds it with `program.addCommand(synthCommand())`. */
export function synthCommand(io: CommandIo = processIo): Command {
  return new Command('synth')
    .description('synthesize the XRDs, Compositions, platform-once objects and our claims into charts-out/')
    .option('--out <dir>', 'output folder', DEFAULT_SYNTH_DIR)
    .option('--config <file>', 'JSON or YAML file of configuration overrides (like ZT_CONFIG)')
    .option('--check', 'do not write: exit 1 when the output folder differs from what the code generates')
    .action((options: SynthCommandOptions) => {
      process.exitCode = runSynthCommand(options, io);
    });
}
