import type { JsonObject } from '../go/values.js';
import type { Result } from './results.js';

/** Readiness a function reports for a desired resource (`fnv1.Ready`). */
export type Ready = 'Unspecified' | 'True' | 'False';

/** One resource of a function's observed or desired state (`fnv1.Resource`). */
export interface ResourceState {
  resource: JsonObject;
  /** Connection details, values as plain (not base64) strings. */
  connectionDetails?: Record<string, string>;
  ready?: Ready;
}

/** Observed or desired state (`fnv1.State`): the composite and the composed resources by name. */
export interface State {
  composite: ResourceState;
  resources: Record<string, ResourceState>;
}

/** `RunFunctionRequest` as the in-process functions see it. */
export interface FunctionRequest {
  readonly observed: State;
  readonly desired: State;
  readonly input: unknown;
  readonly context: JsonObject;
}

/** `RunFunctionResponse`: the new desired state, results and context. */
export interface FunctionResponse {
  desired: State;
  results: Result[];
  context: JsonObject;
}

/** An in-process composition function. It never throws: problems are results. */
export type CompositionFunction = (req: FunctionRequest) => FunctionResponse;

/** The context key of the Composition environment (function-sdk-go `KeyEnvironment`). */
export const CONTEXT_KEY_ENVIRONMENT = 'apiextensions.crossplane.io/environment';

/** `response.To(req)`: a response that starts from the request's desired state and context. */
export function responseTo(req: FunctionRequest): FunctionResponse {
  return {
    desired: {
      composite: { ...req.desired.composite },
      resources: Object.fromEntries(Object.entries(req.desired.resources).map(([k, v]) => [k, { ...v }])),
    },
    results: [],
    context: { ...req.context },
  };
}

/** A composed resource Crossplane would apply, with the readiness the pipeline reported. */
export interface RenderedResource {
  readonly name: string;
  readonly resource: JsonObject;
  readonly ready: boolean;
}
