import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { captureIo as io } from '../../testing/capture-io.js';
import { runValidateCommand } from '../commands/validate.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'zt-validate-shipped-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Writes `text` to a file and runs `zt validate` on it: the file, exit code and captured output. */
async function validateText(name: string, text: string) {
  const file = path.join(tmp, name);
  writeFileSync(file, text);
  const c = io();
  const code = await runValidateCommand([file], {}, c.io);
  return { file, code, out: c.out.join(''), err: c.err.join('') };
}

describe('zt validate without --crds', () => {
  it("validates the repository's own synth output out of the box (exit 0)", async () => {
    const c = io();
    expect(await runValidateCommand([path.join(repoRoot, 'charts-out')], {}, c.io)).toBe(0);
    expect(c.out).toEqual([]);
    expect(c.err.join('')).toMatch(/document\(s\) valid/);
    // Compiles the schemas of ~30 kinds: generous on a shared, loaded machine.
  }, 180_000);

  it('checks a pinned CRD kind against its shipped schema (exit 1 on an unknown field)', async () => {
    const r = await validateText(
      'stream.yaml',
      'apiVersion: jetstream.nats.io/v1beta2\nkind: Stream\nmetadata: { name: orders }\nspec:\n  name: orders\n  subjectz: [orders.>]\n',
    );
    expect(r.code).toBe(1);
    expect(r.out).toContain('spec.subjectz: Unknown field');
  });
});

describe('zt validate checks metadata as the API server does', () => {
  it('rejects a claim named Shop_Upper, which zt render and the cluster would refuse (exit 1)', async () => {
    const r = await validateText(
      'upper.yaml',
      'apiVersion: platform.zerotouch.dev/v1alpha1\nkind: WebService\nmetadata: { name: Shop_Upper, namespace: team-a }\nspec:\n  image: nginx:1.27\n',
    );
    expect(r.code).toBe(1);
    expect(r.out).toContain('metadata.name: Invalid value: "Shop_Upper": a lowercase RFC 1123 subdomain');
  });
});

describe('zt validate messages', () => {
  it('prints a YAML error with its line and column and the offending lines, not a dangling colon', async () => {
    const r = await validateText('broken.yaml', 'a: [1, 2\nb: }');
    expect(r.code).toBe(2);
    const err = r.err;
    expect(err).toContain(
      `${r.file}:2:1: cannot parse YAML: Flow sequence in block collection must be sufficiently indented and end with a ]\n`,
    );
    expect(err).toContain('  | a: [1, 2\n  | b: }\n  | ^\n');
  });

  it('suggests the kind a misspelt one was meant to be', async () => {
    const r = await validateText(
      'typo.yaml',
      '# a claim\napiVersion: platform.zerotouch.dev/v1alpha1\nkind: WebServce\nmetadata: { name: shop }\n',
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      `${r.file}:2: platform.zerotouch.dev/v1alpha1 WebServce: no schema for this kind (pass --crds DIR with its CRD); did you mean platform.zerotouch.dev/v1alpha1 WebService?`,
    );
  });
});
