import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { loadExampleClaims } from '../../apis/index.js';
import { defaultConfig } from '../../config.js';
import { generateDocsFiles, runDocsCommand } from './docs.js';
import { generateSchemaFiles, runSchemaCommand } from './schema.js';
import { captureIo } from '../../testing/capture-io.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

describe('committed zt schema and zt docs outputs', () => {
  it('schemas/ holds exactly what zt schema generates (run `npm run generate:reference` after changing an API)', () => {
    const generated = generateSchemaFiles(defaultConfig);
    expect(readdirSync(path.join(repoRoot, 'schemas')).sort()).toEqual([...generated.keys()].sort());
    for (const [name, text] of generated) {
      expect(readFileSync(path.join(repoRoot, 'schemas', name), 'utf8'), `schemas/${name} drifted`).toBe(
        text,
      );
    }
  });

  it('docs/reference/ holds exactly what zt docs generates, beside the OpenAPI documents', () => {
    const generated = generateDocsFiles(defaultConfig);
    // The services' OpenAPI documents live here too; `npm run generate:openapi` and its drift test own them.
    const platformDocs = readdirSync(path.join(repoRoot, 'docs', 'reference')).filter(
      (name) => !name.endsWith('-openapi.json'),
    );
    expect(platformDocs.sort()).toEqual([...generated.keys()].sort());
    for (const [name, text] of generated) {
      expect(
        readFileSync(path.join(repoRoot, 'docs', 'reference', name), 'utf8'),
        `docs/reference/${name} drifted`,
      ).toBe(text);
    }
  });
});

describe('zt schema', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  for (const kind of ['WebService', 'EventDrivenService'] as const) {
    const schema = JSON.parse(generateSchemaFiles(defaultConfig).get(`${kind.toLowerCase()}.json`)!);
    const validate = ajv.compile(schema);

    it(`accepts every valid ${kind} example in an editor`, () => {
      for (const example of loadExampleClaims(kind).filter((e) => e.isValid)) {
        expect(validate(example.claim), `${example.name}: ${JSON.stringify(validate.errors)}`).toBe(true);
      }
    });

    it(`flags an unknown ${kind} field and a wrong kind in an editor`, () => {
      const example = loadExampleClaims(kind).find((e) => e.isValid)!.claim as Record<
        string,
        Record<string, unknown>
      >;
      expect(validate({ ...example, spec: { ...example['spec'], imagee: 'typo' } })).toBe(false);
      expect(validate.errors?.some((e) => e.keyword === 'additionalProperties')).toBe(true);
      expect(validate({ ...example, kind: 'Other' })).toBe(false);
    });
  }

  it('writes one schema per API and prints the modeline of a claim relative to the claim file', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'zt-schema-'));
    try {
      const { io } = captureIo();
      expect(runSchemaCommand({ out: path.join(dir, 'schemas') }, io)).toBe(0);
      expect(readdirSync(path.join(dir, 'schemas')).sort()).toEqual([
        'eventdrivenservice.json',
        'webservice.json',
      ]);
      const claim = path.join(dir, 'claims', 'shop.yaml');
      writeFileSync(
        path.join(dir, 'shop.yaml'),
        'apiVersion: platform.zerotouch.dev/v1alpha1\nkind: WebService\n',
      );
      const cap = captureIo();
      expect(
        runSchemaCommand({ out: path.join(dir, 'schemas'), modeline: path.join(dir, 'shop.yaml') }, cap.io),
      ).toBe(0);
      expect(cap.out.join('')).toBe('# yaml-language-server: $schema=./schemas/webservice.json\n');
      const bad = captureIo();
      expect(runSchemaCommand({ modeline: claim }, bad.io)).toBe(2);
      expect(bad.err.join('')).toContain('shop.yaml');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('zt docs', () => {
  it('documents every spec field with its default and constraints, and the CEL rules', () => {
    const md = generateDocsFiles(defaultConfig).get('eventdrivenservice.md')!;
    expect(md).toContain('| `spec.nats.stream` | string | yes |');
    expect(md).toContain(
      '| `spec.size` | string |  | `"medium"` | one of `micro`, `small`, `medium`, `large`',
    );
    expect(md).toContain('scaling.maxReplicas must be >= scaling.minReplicas');
    const web = generateDocsFiles(defaultConfig).get('webservice.md')!;
    expect(web).toContain('| `deployment` | Deployment (`apps/v1`) | always |');
    expect(web).toMatch(
      /\| `http-route` \| HTTPRoute .*has\(observed\.composite\.resource\.spec\.hostname\)/,
    );
  });

  it('writes one Markdown file per API', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'zt-docs-'));
    try {
      const { io } = captureIo();
      expect(runDocsCommand({ out: dir }, io)).toBe(0);
      expect(readdirSync(dir).sort()).toEqual(['eventdrivenservice.md', 'webservice.md']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
