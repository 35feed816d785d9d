/** The typed WebService claim construct. */
import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { SpecOf } from '../../schema/index.js';
import { type ClaimProps, claimObject } from './claim-object.js';
import type { webServiceApi } from '../webservice/api.js';

/** The spec of a WebService, derived from its API definition. */
export type WebServiceSpec = SpecOf<typeof webServiceApi>;

/** Props of a WebService claim. */
export type WebServiceProps = ClaimProps<WebServiceSpec>;

/** A WebService XR (claim), validated at synth time and emitted with defaults filled in. */
export class WebService extends Construct {
  /** The emitted XR. */
  readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: WebServiceProps) {
    super(scope, id);
    this.apiObject = claimObject(this, 'Resource', 'WebService', props);
  }
}
