/*
 * What CloudFormation and the Provider framework pass to both handlers of the endpoint connection
 * waiter custom resource. Types only: the handlers bundle it, and it imports types only.
 */

import type { CustomResourceEvent } from '../private/custom-resource-event';

/** The resource properties CloudFormation passes (every value arrives as a string, lists as lists of strings). */
export interface EndpointConnectionProperties {
  readonly ServiceToken?: string;
  /** The endpoints to wait for, `vpce-...`. */
  readonly VpcEndpointIds: string[];
  /**
   * The endpoint service (`vpce-svc-...`) of this account to accept the endpoints' connection
   * requests on; absent when the provider accepts them (another account).
   */
  readonly AcceptServiceId?: string;
}

/** The event both handlers get. */
export type EndpointConnectionEvent = CustomResourceEvent<EndpointConnectionProperties>;
