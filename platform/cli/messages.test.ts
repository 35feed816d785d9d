import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureIo } from '../testing/capture-io.js';
import { runRenderCommand } from './commands/render.js';
import { runSchemaCommand } from './commands/schema.js';
import { runValidateCommand } from './commands/validate.js';

// What a new user sees from zt render and zt validate on small bad files: file:line (a real line,
// never a document index), YAML errors with line, column and the lines at fault, did-you-mean kinds.

const tmp = mkdtempSync(path.join(os.tmpdir(), 'zt-messages-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const WEB_SERVICE = [
  'apiVersion: platform.zerotouch.dev/v1alpha1',
  'kind: WebService',
  'metadata:',
  '  name: shop',
  '  namespace: team-a',
  'spec:',
  '  image: ghcr.io/acme/shop:1.4.2',
  '  port: 8080',
  '',
].join('\n');

function write(name: string, text: string): string {
  const file = path.join(tmp, name);
  writeFileSync(file, text);
  return file;
}

async function both(file: string) {
  const r = captureIo();
  const renderCode = runRenderCommand(file, {}, r.io);
  const v = captureIo();
  const validateCode = await runValidateCommand([file], {}, v.io);
  return {
    render: { code: renderCode, out: r.out.join(''), err: r.err.join('') },
    validate: { code: validateCode, out: v.out.join(''), err: v.err.join('') },
  };
}

describe('zt render and zt validate messages', () => {
  it('name the line of the field at fault, the same in both commands (exit 1)', async () => {
    const file = write('bad-port.yaml', WEB_SERVICE.replace('port: 8080', 'port: "eighty"'));
    const { render, validate } = await both(file);
    const line = `${file}:8 spec.port: Invalid value: "eighty": must be of type integer\n`;
    expect(render).toEqual({ code: 1, out: '', err: line });
    expect(validate).toEqual({ code: 1, out: line, err: '' });
  });

  it('count lines across documents, never documents', async () => {
    const file = write(
      'two-docs.yaml',
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n${WEB_SERVICE.replace('port: 8080', 'port: "eighty"')}`,
    );
    const c = captureIo();
    expect(await runValidateCommand([file], {}, c.io)).toBe(1);
    expect(c.out).toEqual([`${file}:13 spec.port: Invalid value: "eighty": must be of type integer\n`]);
  });

  it('show a YAML syntax error with line, column and the lines at fault, no dangling colon (exit 2)', async () => {
    const file = write(
      'syntax.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n   bad: indent\n',
    );
    const { render, validate } = await both(file);
    const message = [
      `${file}:4:9: cannot parse YAML: Nested mappings are not allowed in compact mappings`,
      '  |   name: a',
      '  |         ^',
    ].join('\n');
    expect(render).toEqual({ code: 2, out: '', err: `zt render: ${message}\n` });
    expect(validate).toEqual({ code: 2, out: '', err: `zt validate: ${message}\n` });
  });

  it('read the same in zt schema --modeline (exit 2)', () => {
    const syntax = write('schema-syntax.yaml', 'kind: WebService\nmetadata:\n  name: a\n   bad: indent\n');
    const typo = write('schema-typo.yaml', WEB_SERVICE.replace('kind: WebService', 'kind: WebServce'));
    const a = captureIo();
    expect(runSchemaCommand({ modeline: syntax }, a.io)).toBe(2);
    expect(a.err.join('')).toBe(
      `zt schema: ${syntax}:3:9: cannot parse YAML: Nested mappings are not allowed in compact mappings\n  |   name: a\n  |         ^\n`,
    );
    const b = captureIo();
    expect(runSchemaCommand({ modeline: typo }, b.io)).toBe(2);
    expect(b.err.join('')).toBe(
      `zt schema: ${typo}:1: kind "WebServce" is not one of our APIs; did you mean WebService?\n`,
    );
  });

  it('suggest the kind probably meant for a misspelt kind (exit 2)', async () => {
    const file = write('typo.yaml', WEB_SERVICE.replace('kind: WebService', 'kind: WebServce'));
    const { render, validate } = await both(file);
    expect(render).toEqual({
      code: 2,
      out: '',
      err: `zt render: ${file}:1: no Composition in code for platform.zerotouch.dev/v1alpha1 WebServce; did you mean WebService? (use --composition FILE)\n`,
    });
    expect(validate).toEqual({
      code: 2,
      out: '',
      err: `zt validate: ${file}:1: platform.zerotouch.dev/v1alpha1 WebServce: no schema for this kind (pass --crds DIR with its CRD); did you mean platform.zerotouch.dev/v1alpha1 WebService?\n`,
    });
  });

  it("stop a render at a misspelt function input field with the function's message and a hint (exit 1)", () => {
    const xr = write(
      'xthing.yaml',
      'apiVersion: example.com/v1\nkind: XThing\nmetadata: { name: a, namespace: ns }\n',
    );
    const composition = write(
      'composition.yaml',
      [
        'apiVersion: apiextensions.crossplane.io/v1',
        'kind: Composition',
        'metadata: { name: xthing }',
        'spec:',
        '  compositeTypeRef: { apiVersion: example.com/v1, kind: XThing }',
        '  mode: Pipeline',
        '  pipeline:',
        '    - step: patch-and-transform',
        '      functionRef: { name: function-patch-and-transform }',
        '      input:',
        '        apiVersion: pt.fn.crossplane.io/v1beta1',
        '        kind: Resources',
        '        resources:',
        '          - name: cm',
        '            base: { apiVersion: v1, kind: ConfigMap }',
        '            patches: [{ fromFieldPath: metadata.name, toFieldpath: data.name }]',
        '',
      ].join('\n'),
    );
    const c = captureIo();
    expect(runRenderCommand(xr, { composition }, c.io)).toBe(1);
    expect(c.out).toEqual([]);
    expect(c.err.join('')).toBe(
      '[Fatal] step "patch-and-transform": cannot get Function input: cannot get function input *v1beta1.Resources ' +
        'from *v1.RunFunctionRequest: cannot unmarshal JSON from *structpb.Struct into *v1beta1.Resources: ' +
        'json: cannot unmarshal Go value of type v1beta1.ComposedPatch: unknown name "toFieldpath"\n' +
        '  hint: resources[0].patches[0]: unknown field "toFieldpath"; did you mean "toFieldPath"?\n',
    );
  });
});
