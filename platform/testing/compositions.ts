/** Test support: the compositions with their example claims, previewed. */
import { loadExampleClaims } from '../apis/examples.js';
import { eventDrivenServiceComposition } from '../apis/event-driven-service/composition.js';
import { webServiceComposition } from '../apis/webservice/composition.js';
import { defaultConfig } from '../config.js';
import { checkXr } from '../validate/index.js';
import { previewComposition } from './compose-preview.js';

type Json = Record<string, unknown>;

/** The Composition of a kind for the default configuration. */
export function compositionOf(kind: 'WebService' | 'EventDrivenService'): Json {
  return (
    kind === 'WebService'
      ? webServiceComposition(defaultConfig)
      : eventDrivenServiceComposition(defaultConfig)
  ) as Json;
}

/** Defaults an XR like the API server, failing on any validation error. */
export function defaultedXr(claim: Json): Json {
  const { defaulted, errors } = checkXr(claim);
  if (errors.length) throw new Error(`invalid test claim: ${JSON.stringify(errors)}`);
  return defaulted as Json;
}

/** Previews a claim (defaulted first) through its kind's composition. */
export function compose(claim: Json): Record<string, Json> {
  return previewComposition(compositionOf(claim.kind as 'WebService'), defaultedXr(claim));
}

/** A claim of `kind` with the given spec. */
export function claim(kind: 'WebService' | 'EventDrivenService', spec: Json, name = 'svc'): Json {
  return {
    apiVersion: `${defaultConfig.apiGroup}/${defaultConfig.apiVersion}`,
    kind,
    metadata: { name, namespace: 'team-a' },
    spec,
  };
}

/** A named example claim. */
export function example(kind: 'WebService' | 'EventDrivenService', name: string): Json {
  const found = loadExampleClaims(kind).find((e) => e.name === name);
  if (!found) throw new Error(`no example ${name} for ${kind}`);
  return found.claim;
}

/** The P&T templates of a composition. */
export function templatesOf(composition: Json): Json[] {
  const pipeline = (composition.spec as { pipeline: { input: Json }[] }).pipeline;
  return (pipeline[0]!.input as { resources: Json[] }).resources;
}
