import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { platformApis } from '../../apis/index.js';
import type { PlatformConfig } from '../../config.js';
import { formatResult, renderComposition } from '../../render/index.js';
import type { RenderOutput } from '../../render/index.js';
import type { JsonObject } from '../../render/go/values.js';
import { isObject } from '../../render/go/values.js';
import { checkXr, formatFieldError } from '../../validate/index.js';
import { closestMatch } from '../../text/did-you-mean.js';
import { compositionFor } from '../catalog/composition-catalog.js';
import type { YamlSource } from '../input/yaml-source.js';
import { YamlSourceError, lineOfPath, parseYamlSource } from '../input/yaml-source.js';

/** What `zt render` was asked to do. */
export interface RenderRequest {
  readonly xrFile: string;
  readonly compositionFile?: string;
  readonly observedDir?: string;
  readonly includeXr?: boolean;
  readonly output?: 'yaml' | 'json';
  readonly config: PlatformConfig;
}

/** Standard output, standard error and exit code of a render (0 ok, 1 invalid XR or fatal result, 2 cannot run). */
export interface RenderReport {
  readonly stdout: string;
  readonly stderr: string[];
  readonly exitCode: 0 | 1 | 2;
  readonly output?: RenderOutput;
}

class UsageError extends Error {}

/** Runs a render end to end; never throws. */
export function renderXrFile(req: RenderRequest): RenderReport {
  try {
    return run(req);
  } catch (err) {
    // Usage errors (missing file, bad YAML, no Composition) and anything unexpected both exit 2.
    const message = err instanceof UsageError ? err.message : `internal error: ${(err as Error).message}`;
    return { stdout: '', stderr: [`zt render: ${message}`], exitCode: 2 };
  }
}

function run(req: RenderRequest): RenderReport {
  const xrSource = readSource(req.xrFile);
  const xrDoc = xrSource.documents[0];
  const xrIn = xrDoc?.value;
  if (!xrDoc || !isObject(xrIn)) throw new UsageError(`${req.xrFile}: no XR in the file`);
  const stderr: string[] = [];
  let xr = xrIn;
  // Our APIs are defaulted and validated like the API server would before Crossplane sees the XR.
  const apis = platformApis(req.config);
  if (apis.has(`${xr['apiVersion']}/${xr['kind']}`)) {
    const { defaulted, errors } = checkXr(xr, apis);
    if (errors.length > 0) {
      return {
        stdout: '',
        // file:line of the field at fault, as zt validate prints it.
        stderr: errors.map(
          (e) => `${req.xrFile}:${lineOfPath(xrDoc.doc, xrSource.lines, e.path)} ${formatFieldError(e)}`,
        ),
        exitCode: 1,
      };
    }
    xr = defaulted as JsonObject;
  }
  const composition = req.compositionFile
    ? findComposition(readDocuments(req.compositionFile), xr, req.compositionFile)
    : compositionFor(String(xr['kind']), req.config);
  if (!composition) {
    const guess = closestMatch(
      String(xr['kind']),
      [...apis.values()].map((a) => a.kind),
    );
    throw new UsageError(
      `${req.xrFile}:${xrDoc.line}: no Composition in code for ${xr['apiVersion']} ${xr['kind']}` +
        `${guess ? `; did you mean ${guess}?` : ''} (use --composition FILE)`,
    );
  }
  const observed = req.observedDir ? readObserved(req.observedDir) : [];
  const output = renderComposition({ xr, composition, observed });
  for (const r of output.results) stderr.push(formatResult(r));
  if (!output.ok) return { stdout: '', stderr, exitCode: 1, output };
  const objects = [...(req.includeXr ? [output.xr] : []), ...output.resources.map((r) => r.resource)];
  const stdout =
    req.output === 'json'
      ? `${JSON.stringify(objects, null, 2)}\n`
      : objects.map((o) => `---\n${stringify(o, { lineWidth: 0, version: '1.1' })}`).join('');
  return { stdout, stderr, exitCode: 0, output };
}

function readDocuments(file: string): unknown[] {
  return readSource(file).documents.map((d) => d.value);
}

function readSource(file: string): YamlSource {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(
      `${file}: cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  try {
    return parseYamlSource(file, text);
  } catch (err) {
    if (err instanceof YamlSourceError) throw new UsageError(err.message);
    throw err;
  }
}

/** The Composition in a file for the XR's type (or the only Composition in it). */
function findComposition(docs: unknown[], xr: JsonObject, file: string): JsonObject {
  const compositions = docs.filter((d): d is JsonObject => isObject(d) && d['kind'] === 'Composition');
  const matching = compositions.filter((c) => {
    const ref =
      isObject(c['spec']) && isObject(c['spec']['compositeTypeRef']) ? c['spec']['compositeTypeRef'] : {};
    return ref['apiVersion'] === xr['apiVersion'] && ref['kind'] === xr['kind'];
  });
  const found = matching[0] ?? (compositions.length === 1 ? compositions[0] : undefined);
  if (!found) throw new UsageError(`${file}: no Composition for ${xr['apiVersion']} ${xr['kind']}`);
  return found;
}

/** Observed composed resources: every YAML/JSON document in the directory (or file). */
function readObserved(target: string): JsonObject[] {
  let files: string[];
  try {
    files = statSync(target).isDirectory()
      ? readdirSync(target)
          .filter((f) => /\.(ya?ml|json)$/.test(f))
          .sort()
          .map((f) => path.join(target, f))
      : [target];
  } catch {
    throw new UsageError(`${target}: no such file or directory`);
  }
  return files.flatMap((f) => readDocuments(f)).filter(isObject);
}
