/*
 * What CloudFormation and the Provider framework pass to both handlers of the Resolver address
 * read-back custom resource. Types only: the handlers bundle it, and it imports types only.
 */

import type { CustomResourceEvent } from '../private/custom-resource-event';

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

/** The event both handlers get. */
export type ResolverAddressesEvent = CustomResourceEvent<ResolverAddressesProperties>;
