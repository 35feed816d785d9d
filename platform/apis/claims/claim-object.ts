/** The shared part of the typed claim constructs: validate like the API server, emit defaulted. */
import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import { type PlatformConfig, xrApiVersion } from '../../config.js';
import { formatFieldError } from '../../validate/field-error.js';
import { checkXr } from '../../validate/xr.js';
import { platformApis } from '../registry/registry.js';

/** Props every claim construct takes. */
export interface ClaimProps<S> {
  /** XR name; also the name of every composed object. */
  readonly name: string;
  /** Namespace the XR and its composed objects live in. */
  readonly namespace: string;
  /** The spec, typed from the API definition. */
  readonly spec: S;
  /** Environment the XRDs were built for. */
  readonly config: PlatformConfig;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

/**
 * Builds a claim (namespaced XR) object: checks it against the XRD (schema, defaults and CEL rules,
 * throwing with every field error at synth time) and emits it with the defaults filled in, as the
 * API server stores it, so GitOps shows no drift.
 */
export function claimObject<S>(scope: Construct, id: string, kind: string, props: ClaimProps<S>): ApiObject {
  const xr = {
    apiVersion: xrApiVersion(props.config),
    kind,
    metadata: {
      name: props.name,
      namespace: props.namespace,
      ...(props.labels ? { labels: { ...props.labels } } : {}),
      ...(props.annotations ? { annotations: { ...props.annotations } } : {}),
    },
    spec: props.spec,
  };
  const { defaulted, errors } = checkXr(xr, platformApis(props.config));
  if (errors.length) {
    throw new Error(
      `${kind} ${props.namespace}/${props.name} is invalid: ${errors.map(formatFieldError).join('; ')}`,
    );
  }
  const { metadata, spec } = defaulted as typeof xr;
  return new ApiObject(scope, id, { apiVersion: xr.apiVersion, kind, metadata, spec });
}
