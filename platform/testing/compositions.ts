/** Test support: the compositions with their example claims, rendered as Crossplane would. */
import { loadExampleClaims } from '../apis/examples.js';
import { type PlatformApiKind, platformApi, platformApis } from '../apis/registry/registry.js';
import { defaultConfig } from '../config.js';
import { checkXr } from '../validate/index.js';
import type { JsonObject } from '../render/go/values.js';
import { formatResult, renderComposition } from '../render/index.js';

type Json = Record<string, unknown>;

/** The Composition of a kind for the default configuration. */
export function compositionOf(kind: PlatformApiKind): Json {
  return platformApi(kind)!.composition(defaultConfig) as Json;
}

/** Defaults an XR like the API server, failing on any validation error. */
export function defaultedXr(claim: Json): Json {
  const { defaulted, errors } = checkXr(claim, platformApis());
  if (errors.length) throw new Error(`invalid test claim: ${JSON.stringify(errors)}`);
  return defaulted as Json;
}

/**
 * Renders a claim (defaulted first) through its kind's composition with the offline renderer (no
 * observed resources yet): the composed resources by template name. A fatal result throws.
 */
export function compose(claim: Json): Record<string, Json> {
  const out = renderComposition({
    xr: defaultedXr(claim) as JsonObject,
    composition: compositionOf(claim.kind as PlatformApiKind) as JsonObject,
  });
  if (!out.ok) throw new Error(`render failed: ${out.results.map(formatResult).join('; ')}`);
  return Object.fromEntries(out.resources.map((r) => [r.name, r.resource as Json]));
}

/** A claim of `kind` with the given spec. */
export function claim(kind: PlatformApiKind, spec: Json, name = 'svc'): Json {
  return {
    apiVersion: `${defaultConfig.apiGroup}/${defaultConfig.apiVersion}`,
    kind,
    metadata: { name, namespace: 'team-a' },
    spec,
  };
}

/** A named example claim. */
export function example(kind: PlatformApiKind, name: string): Json {
  const found = loadExampleClaims(kind).find((e) => e.name === name);
  if (!found) throw new Error(`no example ${name} for ${kind}`);
  return found.claim;
}

/** The P&T templates of a composition. */
export function templatesOf(composition: Json): Json[] {
  const pipeline = (composition.spec as { pipeline: { input: Json }[] }).pipeline;
  return (pipeline[0]!.input as { resources: Json[] }).resources;
}
