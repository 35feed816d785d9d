import { asGoError, wrapError } from './go/errors.js';
import { goQuote } from './go/fmt.js';
import type { JsonObject } from './go/values.js';
import { deepCopy, isObject } from './go/values.js';
import {
  ANNOTATION_COMPOSITION_RESOURCE_NAME,
  LABEL_COMPOSITE,
  errNamespaceOverridden,
  generateName,
  metadataOf,
  renderComposedResourceMetadata,
  renderXrUid,
} from './composed-metadata.js';
import { runPatchAndTransform } from './fn.js';
import { runAutoReady } from './functions/auto-ready.js';
import { runCelFilter } from './functions/cel-filter.js';
import type { Result } from './core/results.js';
import { fatal, warning } from './core/results.js';
import type { CompositionFunction, RenderedResource, ResourceState, State } from './core/state.js';
import { finalXr } from './xr-status.js';

// Messages of Crossplane v2.3 composition_functions.go, verbatim where upstream has one.
const errRunStep = (step: string) => `cannot run Composition pipeline step ${goQuote(step)}`;
const errRenderMetadata = (name: string) => `cannot render metadata for composed resource ${goQuote(name)}`;
const ERR_NOT_PIPELINE = 'Composition must use mode: Pipeline (function-based composition)';
const errInvalidName = (name: string, value: string) =>
  `cannot apply composed resource ${goQuote(name)} because it has an invalid name ${goQuote(value)}. Must be a valid RFC 1123 subdomain name.`;
// k8s.io/apimachinery IsDNS1123Subdomain, which Crossplane's names.ValidateName applies to most kinds.
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The functions this renderer runs in-process, by the name a Composition's functionRef uses. */
export const BUILTIN_FUNCTIONS: Readonly<Record<string, CompositionFunction>> = {
  'function-patch-and-transform': runPatchAndTransform,
  'function-cel-filter': runCelFilter,
  'function-auto-ready': runAutoReady,
};

// A step whose functionRef has another name is recognised by its input's kind.
const BY_INPUT_KIND: Readonly<Record<string, CompositionFunction>> = {
  'pt.fn.crossplane.io/Resources': runPatchAndTransform,
  'cel.fn.crossplane.io/Filters': runCelFilter,
  'autoready.fn.crossplane.io/Input': runAutoReady,
};

/** What to render: an XR, its Composition and, optionally, observed composed resources. */
export interface RenderInput {
  readonly xr: JsonObject;
  readonly composition: JsonObject;
  /** Observed composed resources, matched by their composition-resource-name annotation. */
  readonly observed?: readonly JsonObject[];
  /** Observed connection details per composition resource name. */
  readonly observedConnectionDetails?: Readonly<Record<string, Record<string, string>>>;
}

/** The outcome of a render: the desired XR, the composed resources and every function result. */
export interface RenderOutput {
  readonly xr: JsonObject;
  readonly resources: readonly RenderedResource[];
  readonly results: readonly Result[];
  /** False when a fatal result stopped the pipeline (resources are then empty). */
  readonly ok: boolean;
}

/**
 * Renders a Composition for an XR the way Crossplane v2.3 does in a cluster: runs each pipeline
 * step in-process, then adds the metadata Crossplane sets on composed resources. Never throws.
 */
export function renderComposition(input: RenderInput): RenderOutput {
  const results: Result[] = [];
  try {
    return render(input, results);
  } catch (err) {
    results.push(fatal(asGoError(err).message));
    return { xr: input.xr, resources: [], results, ok: false };
  }
}

function render(input: RenderInput, results: Result[]): RenderOutput {
  const xr = prepareXr(input.xr, input.composition);
  const failed = (): RenderOutput => ({ xr, resources: [], results, ok: false });
  const spec = isObject(input.composition['spec']) ? input.composition['spec'] : {};
  if (spec['mode'] !== 'Pipeline' || !Array.isArray(spec['pipeline'])) {
    results.push(fatal(ERR_NOT_PIPELINE));
    return failed();
  }
  const observed = observedState(xr, input);
  let desired: State = { composite: { resource: {} }, resources: {} };
  let context: JsonObject = {};
  for (const step of spec['pipeline'] as JsonObject[]) {
    const stepName = String(step['step'] ?? '');
    const fn = functionFor(step);
    if (fn === undefined) {
      const ref = isObject(step['functionRef']) ? String(step['functionRef']['name'] ?? '') : '';
      results.push(fatal(`${errRunStep(stepName)}: function ${goQuote(ref)} cannot run offline`, stepName));
      return failed();
    }
    const rsp = fn({ observed, desired, input: step['input'], context });
    for (const r of rsp.results) results.push({ ...r, step: stepName });
    if (rsp.results.some((r) => r.severity === 'Fatal')) return failed();
    // function-sdk-go returns state through structpb, so every int64 a step wrote is a float64 to the
    // next step. P&T, the only step that makes int64s, converts what it writes as it writes it.
    desired = rsp.desired;
    context = rsp.context;
  }
  const resources: RenderedResource[] = [];
  for (const [name, dr] of Object.entries(desired.resources)) {
    const rendered = renderComposed(name, dr, xr, observed, results);
    if (rendered === undefined) return failed();
    resources.push(rendered);
  }
  return { xr: finalXr(xr, desired.composite, resources), resources, results, ok: true };
}

function functionFor(step: JsonObject): CompositionFunction | undefined {
  const ref = isObject(step['functionRef']) ? String(step['functionRef']['name'] ?? '') : '';
  if (Object.hasOwn(BUILTIN_FUNCTIONS, ref)) return BUILTIN_FUNCTIONS[ref];
  const input = isObject(step['input']) ? step['input'] : {};
  const group = String(input['apiVersion'] ?? '').split('/')[0];
  return BY_INPUT_KIND[`${group}/${String(input['kind'] ?? '')}`];
}

/** What the XR looks like when Crossplane's controller composes it (labels, uid, composition ref). */
function prepareXr(xrIn: JsonObject, composition: JsonObject): JsonObject {
  const xr = deepCopy(xrIn);
  const meta = metadataOf(xr);
  if (!isObject(meta['labels'])) meta['labels'] = {};
  const labels = meta['labels'] as JsonObject;
  if (!labels[LABEL_COMPOSITE]) labels[LABEL_COMPOSITE] = String(meta['name'] ?? '');
  if (!meta['uid']) {
    meta['uid'] = renderXrUid(
      String(xr['apiVersion'] ?? ''),
      String(xr['kind'] ?? ''),
      String(meta['namespace'] ?? ''),
      String(meta['name'] ?? ''),
    );
  }
  if (!isObject(xr['spec'])) xr['spec'] = {};
  const spec = xr['spec'] as JsonObject;
  if (!isObject(spec['crossplane'])) spec['crossplane'] = {};
  const cp = spec['crossplane'] as JsonObject;
  const compName = isObject(composition['metadata']) ? composition['metadata']['name'] : undefined;
  if (!isObject(cp['compositionRef']) && typeof compName === 'string')
    cp['compositionRef'] = { name: compName };
  return xr;
}

function observedState(xr: JsonObject, input: RenderInput): State {
  const resources: Record<string, ResourceState> = {};
  for (const o of input.observed ?? []) {
    const meta = isObject(o['metadata']) ? o['metadata'] : {};
    const ann = isObject(meta['annotations']) ? meta['annotations'] : {};
    const name = ann[ANNOTATION_COMPOSITION_RESOURCE_NAME];
    if (typeof name !== 'string' || name === '') continue;
    resources[name] = { resource: o, connectionDetails: input.observedConnectionDetails?.[name] ?? {} };
  }
  return { composite: { resource: xr, connectionDetails: {} }, resources };
}

function renderComposed(
  name: string,
  dr: ResourceState,
  xr: JsonObject,
  observed: State,
  results: Result[],
): RenderedResource | undefined {
  // The last step's desired resources are not used again: add Crossplane's metadata in place.
  const cd = dr.resource;
  const cm = metadataOf(cd);
  const or = observed.resources[name];
  if (or !== undefined) {
    const om = isObject(or.resource['metadata']) ? or.resource['metadata'] : {};
    for (const k of ['namespace', 'name', 'generateName'] as const) {
      if (typeof om[k] === 'string' && om[k] !== '') cm[k] = om[k];
      else delete cm[k];
    }
  }
  const xm = metadataOf(xr);
  const xrNs = typeof xm['namespace'] === 'string' ? xm['namespace'] : '';
  if (xrNs && typeof cm['namespace'] === 'string' && cm['namespace'] && cm['namespace'] !== xrNs) {
    results.push(warning(errNamespaceOverridden(name, cm['namespace'], xrNs)));
  }
  try {
    renderComposedResourceMetadata(cd, xr, name);
  } catch (err) {
    results.push(fatal(wrapError(err, errRenderMetadata(name)).message));
    return undefined;
  }
  if (!cm['name']) cm['name'] = generateName(String(cm['generateName'] ?? ''), String(xm['uid'] ?? ''), name);
  const finalName = String(cm['name']);
  if (finalName.length > 253 || !DNS1123_SUBDOMAIN.test(finalName)) {
    results.push(fatal(errInvalidName(name, finalName)));
    return undefined;
  }
  return { name, resource: cd, ready: dr.ready === 'True' };
}
