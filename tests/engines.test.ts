/**
 * `npm ci` on the Node version the README promises prints no EBADENGINE warning: every locked
 * package admits the oldest Node that package.json's `engines` admits, and this one.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../scripts/stack/service-process.js';

interface LockEntry {
  readonly engines?: { readonly node?: string } | readonly string[];
  readonly optional?: boolean;
}

const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
  engines: { node: string };
};
const lock = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, LockEntry>;
};

function refusing(version: string): string[] {
  const refused: string[] = [];
  for (const [where, entry] of Object.entries(lock.packages)) {
    // Platform binaries for other systems are never installed here.
    if (!where || entry.optional || Array.isArray(entry.engines)) continue;
    const range = (entry.engines as { node?: string } | undefined)?.node;
    if (range && !semver.satisfies(version, range)) refused.push(`${where} wants node ${range}`);
  }
  return refused;
}

describe('engines', () => {
  it("every locked package admits the oldest Node of package.json's engines", () => {
    const oldest = semver.minVersion(pkg.engines.node)!.version;
    expect(refusing(oldest)).toEqual([]);
  });

  it('this Node is one package.json admits, and every locked package admits it', () => {
    expect(semver.satisfies(process.versions.node, pkg.engines.node)).toBe(true);
    expect(refusing(process.versions.node)).toEqual([]);
  });
});
