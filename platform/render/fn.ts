import { asGoError, isNotFound, wrapError } from './go/errors.js';
import { goQuote } from './go/fmt.js';
import type { JsonObject } from './go/values.js';
import { deepCopy, isObject, toStructValue } from './go/values.js';
import {
  composeConnectionSecret,
  extractConnectionDetails,
  supportsConnectionDetails,
} from './connection.js';
import type { ComposedTemplate, Resources } from './core/input.js';
import { getFromFieldPathPolicy, getPatchType } from './core/input.js';
import { decodeInput } from './core/strict-input.js';
import { PT_INPUT_TYPE, PT_INPUT_TYPES } from './input-fields.js';
import {
  applyComposedPatch,
  applyEnvironmentPatch,
  composedTemplates,
  toComposedResource,
} from './patches.js';
import { isReady } from './ready.js';
import { fatal, warning } from './core/results.js';
import type { FunctionRequest, FunctionResponse, ResourceState } from './core/state.js';
import { CONTEXT_KEY_ENVIRONMENT, responseTo } from './core/state.js';
import { validateResources } from './core/validate.js';

// Messages of function-patch-and-transform v0.10.8 fn.go, verbatim.
const ERR_GET_INPUT = 'cannot get Function input';
const ERR_INVALID_INPUT = 'invalid Function input';
const ERR_RESOLVE_PATCH_SETS = 'cannot resolve PatchSets';
const ERR_COMPOSE_SECRET = 'cannot compose connection secret';
const errNoBase = (name: string) =>
  `composed resource ${goQuote(name)} has no base template, and was not produced by a previous Function in the pipeline`;
const errEnvPatch = (type: string, i: number) =>
  `cannot apply the ${goQuote(type)} environment patch at index ${i}`;
const errExtract = (name: string) =>
  `cannot extract composite resource connection details from composed resource ${goQuote(name)}`;
const errReady = (name: string) => `cannot check readiness of composed resource ${goQuote(name)}`;
const errRequiredSkip = (name: string, type: string, i: number) =>
  `not adding new composed resource ${goQuote(name)} to desired state because ${goQuote(type)} patch at index ${i} has 'policy.fromFieldPath: Required'`;
const errRequiredIgnored = (name: string, type: string, i: number) =>
  `cannot render composed resource ${goQuote(name)} ${goQuote(type)} patch at index ${i}: ignoring 'policy.fromFieldPath: Required' because 'to' resource already exists`;
const errRender = (name: string, type: string, i: number) =>
  `cannot render composed resource ${goQuote(name)} ${goQuote(type)} patch at index ${i}`;

const NO_INPUT: Resources = Object.freeze({});

/** The GVK patching code gives an environment that has none (patches.go internalEnvironmentGVK). */
const INTERNAL_ENVIRONMENT = { apiVersion: 'internal.crossplane.io/v1alpha1', kind: 'Environment' };

/**
 * function-patch-and-transform `RunFunction`: renders each resource template (base + patches),
 * checks readiness and connection details of observed resources, and patches the desired XR.
 * Never throws: every problem is a fatal or warning result.
 */
export function runPatchAndTransform(req: FunctionRequest): FunctionResponse {
  const rsp = responseTo(req);
  try {
    runInto(req, rsp);
  } catch (err) {
    // A bug or unexpected input shape must still surface as a result, never as a throw.
    rsp.results.push(fatal(asGoError(err).message));
  }
  return rsp;
}

function runInto(req: FunctionRequest, rsp: FunctionResponse): void {
  // No input decodes to an empty Resources, which ValidateResources then rejects.
  const raw = req.input ?? NO_INPUT;
  if (!isObject(raw)) {
    rsp.results.push(fatal(`${ERR_GET_INPUT}: input is not an object`));
    return;
  }
  // request.GetInput rejects unknown members and values of the wrong kind, before ValidateResources.
  const decoded = decodeInput<Resources>(raw, PT_INPUT_TYPE, PT_INPUT_TYPES, ERR_GET_INPUT);
  if (decoded.rejected) {
    rsp.results.push(decoded.rejected);
    return;
  }
  const input = decoded.value;
  const invalid = cachedValidation(input);
  if (invalid) {
    rsp.results.push(fatal(wrapError(invalid, ERR_INVALID_INPUT).message));
    return;
  }
  const oxr = req.observed.composite.resource;
  const dxr = deepCopy(rsp.desired.composite.resource);
  dxr['apiVersion'] = oxr['apiVersion'] ?? '';
  dxr['kind'] = oxr['kind'] ?? '';
  const dxrConn: Record<string, string> = { ...(rsp.desired.composite.connectionDetails ?? {}) };
  const observed = req.observed.resources;
  const desired = rsp.desired.resources;

  let cts: ComposedTemplate[];
  try {
    cts = cachedTemplates(input);
  } catch (err) {
    rsp.results.push(fatal(wrapError(err, ERR_RESOLVE_PATCH_SETS).message));
    return;
  }

  const envValue = rsp.context[CONTEXT_KEY_ENVIRONMENT];
  const env: JsonObject = isObject(envValue) ? deepCopy(envValue) : {};
  if (!env['apiVersion'] && !env['kind']) Object.assign(env, INTERNAL_ENVIRONMENT);

  for (const [i, p] of (input.environment?.patches ?? []).entries()) {
    try {
      applyEnvironmentPatch(p, env, oxr, dxr);
    } catch (err) {
      if (isNotFound(err) && getFromFieldPathPolicy(p) === 'Optional') continue;
      rsp.results.push(fatal(wrapError(err, errEnvPatch(getPatchType(p), i)).message));
      return;
    }
  }

  let skipped = 0;
  for (const t of cts) {
    const name = t.name!;
    let dcd: ResourceState;
    if (t.base === undefined) {
      const prev = desired[name];
      if (prev === undefined) {
        rsp.results.push(fatal(errNoBase(name)));
        return;
      }
      dcd = { resource: deepCopy(prev.resource), ready: 'Unspecified' };
    } else {
      dcd = { resource: deepCopy(t.base) as JsonObject, ready: 'Unspecified' };
    }
    const ocd = observed[name];
    if (ocd !== undefined) {
      adoptIdentity(dcd.resource, ocd.resource);
      try {
        Object.assign(
          dxrConn,
          extractConnectionDetails(ocd.resource, ocd.connectionDetails ?? {}, t.connectionDetails),
        );
      } catch (err) {
        rsp.results.push(warning(wrapError(err, errExtract(name)).message));
      }
      try {
        if (isReady(ocd.resource, t.readinessChecks)) dcd.ready = 'True';
      } catch (err) {
        rsp.results.push(warning(wrapError(err, errReady(name)).message));
      }
    }

    let skip = false;
    for (const [i, p] of (t.patches ?? []).entries()) {
      try {
        applyComposedPatch(p, { ocd: ocd?.resource, dcd: dcd.resource, oxr, dxr, env });
      } catch (err) {
        if (!isNotFound(err)) {
          rsp.results.push(fatal(wrapError(err, errRender(name, getPatchType(p), i)).message));
          return;
        }
        if (getFromFieldPathPolicy(p) === 'Required') {
          if (toComposedResource(p) && ocd === undefined) {
            rsp.results.push(warning(wrapError(err, errRequiredSkip(name, getPatchType(p), i)).message));
            skip = true;
            break;
          }
          rsp.results.push(warning(wrapError(err, errRequiredIgnored(name, getPatchType(p), i)).message));
        }
      }
    }
    if (skip) {
      skipped++;
      continue;
    }
    desired[name] = dcd;
  }

  if (!supportsConnectionDetails(oxr) && Object.keys(dxrConn).length > 0) {
    try {
      const secret = composeConnectionSecret(oxr, dxrConn, input.writeConnectionSecretToRef);
      const xrName = String((oxr['metadata'] as JsonObject | undefined)?.['name'] ?? '');
      if (secret) desired[`${xrName}-connection-secret`] = secret;
    } catch (err) {
      rsp.results.push(fatal(wrapError(err, ERR_COMPOSE_SECRET).message));
      return;
    }
  }

  rsp.desired.composite = { ...rsp.desired.composite, resource: dxr, connectionDetails: dxrConn };
  if (skipped > 0) rsp.desired.composite.ready = 'False';
  // The environment is read back within the run with its int64s; it leaves through structpb.
  rsp.context[CONTEXT_KEY_ENVIRONMENT] = toStructValue(env);
}

// A Composition's input is the same object for every XR rendered with it (and never mutated):
// validating it and resolving its PatchSets once per input object gives the same results.
const validations = new WeakMap<object, ReturnType<typeof validateResources> | null>();
const templates = new WeakMap<object, ComposedTemplate[]>();

function cachedValidation(input: Resources): ReturnType<typeof validateResources> {
  let v = validations.get(input);
  if (v === undefined) {
    v = validateResources(input) ?? null;
    validations.set(input, v);
  }
  return v ?? undefined;
}

function cachedTemplates(input: Resources): ComposedTemplate[] {
  let t = templates.get(input);
  if (t === undefined) {
    t = composedTemplates(input.patchSets, input.resources);
    templates.set(input, t);
  }
  return t;
}

/**
 * Keeps a template tied to its existing resource: copy only namespace and name from observed. Like
 * unstructured `SetName`/`SetNamespace`, an empty value removes the key and never adds `metadata: {}`.
 */
function adoptIdentity(dcd: JsonObject, ocd: JsonObject): void {
  const om = isObject(ocd['metadata']) ? ocd['metadata'] : {};
  const had = isObject(dcd['metadata']);
  const dm: JsonObject = had ? (dcd['metadata'] as JsonObject) : {};
  for (const key of ['namespace', 'name'] as const) {
    const v = om[key];
    if (typeof v === 'string' && v !== '') dm[key] = v;
    else delete dm[key];
  }
  if (had || Object.keys(dm).length > 0) dcd['metadata'] = dm;
}
