/*
 * What CloudFormation and the Provider framework pass to both handlers of the endpoint connection
 * waiter custom resource. Types only: the handlers bundle it, and it imports nothing.
 */

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

/** The part of a Provider framework event (onEvent or isComplete) the handlers read. */
export interface EndpointConnectionEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly ResourceProperties: EndpointConnectionProperties;
  readonly OldResourceProperties?: EndpointConnectionProperties;
  /** Set on Update and Delete (onEvent), and always for isComplete. */
  readonly PhysicalResourceId?: string;
  readonly [key: string]: unknown;
}
