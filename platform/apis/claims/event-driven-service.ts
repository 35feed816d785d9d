/** The typed EventDrivenService claim construct. */
import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { SpecOf } from '../../schema/index.js';
import { type ClaimProps, claimObject } from './claim-object.js';
import type { eventDrivenServiceApi } from '../event-driven-service/api.js';

/** The spec of an EventDrivenService, derived from its API definition. */
export type EventDrivenServiceSpec = SpecOf<typeof eventDrivenServiceApi>;

/** Props of an EventDrivenService claim. */
export type EventDrivenServiceProps = ClaimProps<EventDrivenServiceSpec>;

/** An EventDrivenService XR (claim), validated at synth time and emitted with defaults filled in. */
export class EventDrivenService extends Construct {
  /** The emitted XR. */
  readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: EventDrivenServiceProps) {
    super(scope, id);
    this.apiObject = claimObject(this, 'Resource', 'EventDrivenService', props);
  }
}
