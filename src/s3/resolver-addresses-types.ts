/*
 * What CloudFormation and the Provider framework pass to both handlers of the Resolver address
 * read-back custom resource. Types only: the handlers bundle it, and it imports nothing.
 */

/** The resource properties CloudFormation passes (every value arrives as a string). */
export interface ResolverAddressesProperties {
  readonly ServiceToken?: string;
  /** Id of the inbound resolver endpoint, `rslvr-in-...`. */
  readonly ResolverEndpointId: string;
  /** How many addresses the endpoint must have before the read is complete (an integer). */
  readonly ExpectedAddressCount?: string;
  /**
   * Any value; changing it forces an update, and so a fresh read. When it is a list of subnet ids
   * (the construct's own Resolver endpoint), the read also waits until each has an address.
   */
  readonly Revision?: unknown;
}

/** The part of a Provider framework event (onEvent or isComplete) the handlers read. */
export interface ResolverAddressesEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly ResourceProperties: ResolverAddressesProperties;
  readonly OldResourceProperties?: ResolverAddressesProperties;
  /** Set on Update and Delete (onEvent), and always for isComplete. */
  readonly PhysicalResourceId?: string;
  readonly [key: string]: unknown;
}
