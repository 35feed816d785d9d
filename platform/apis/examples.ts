import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { type PlatformApiKind, platformApi } from './registry/registry.js';

/** One example claim shipped with an API (`platform/apis/<kind>/examples/{valid,invalid}/*.yaml`). */
export interface ExampleClaim {
  /** File name without extension, e.g. `missing-stream`. */
  readonly name: string;
  /** Absolute path of the file. */
  readonly file: string;
  /** Whether the claim is meant to be accepted. */
  readonly isValid: boolean;
  /** The parsed claim. */
  readonly claim: Record<string, unknown>;
  /** For invalid claims, the exact errors (`# expect-error: <path>: <type>: <detail>` lines). */
  readonly expectedErrors: readonly string[];
}

/** Loads the valid and invalid example claims of one API, sorted by name. */
export function loadExampleClaims(kind: PlatformApiKind): ExampleClaim[] {
  const { examplesDir } = platformApi(kind)!;
  const out: ExampleClaim[] = [];
  for (const folder of ['valid', 'invalid'] as const) {
    const dir = path.join(examplesDir, folder);
    for (const entry of readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .sort()) {
      const file = path.join(dir, entry);
      const text = readFileSync(file, 'utf8');
      out.push({
        name: entry.replace(/\.yaml$/, ''),
        file,
        isValid: folder === 'valid',
        claim: parse(text) as Record<string, unknown>,
        expectedErrors: [...text.matchAll(/^# expect-error: (.*)$/gm)].map((m) => m[1]!),
      });
    }
  }
  return out;
}
