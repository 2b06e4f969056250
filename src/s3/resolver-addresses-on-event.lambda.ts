/*
 * onEvent handler of the custom resource that reads back the IP addresses of a Route 53 Resolver
 * inbound endpoint (AWS::Route53Resolver::ResolverEndpoint reports only how many there are).
 *
 * This half does no AWS call at all: it checks the properties and picks the physical id. The read
 * itself happens in the isComplete handler, which the Provider framework calls again and again until
 * the addresses are attached (or its total timeout runs out).
 *
 * No AWS SDK is imported here, and the event is never logged: it carries a presigned ResponseURL.
 */

import { ResolverAddressesEvent, ResolverAddressesProperties } from './resolver-addresses-types';

export type { ResolverAddressesProperties } from './resolver-addresses-types';

/** The event this handler gets. */
export type ResolverAddressesOnEventEvent = ResolverAddressesEvent;

/** What onEvent hands back to the Provider framework. */
export interface ResolverAddressesOnEventResponse {
  readonly PhysicalResourceId: string | undefined;
}

const ENDPOINT_ID = /^rslvr-in-[0-9a-z]+$/;
const COUNT = /^[0-9]+$/;

/**
 * Handles Create, Update and Delete of the resolver addresses custom resource.
 *
 * Create and Update validate `ResolverEndpointId` (and `ExpectedAddressCount` when given) and use the
 * endpoint id as the physical id, so pointing the resource at another endpoint replaces it; the old
 * physical id then gets a Delete, which has nothing to clean up. No AWS API is called: the addresses
 * may still be attaching when CloudFormation reports the endpoint created, so the isComplete handler
 * does the read and polls until they are ready.
 */
export async function handler(event: ResolverAddressesOnEventEvent): Promise<ResolverAddressesOnEventResponse> {
  const requestType = event.RequestType;
  switch (requestType) {
    case 'Create':
    case 'Update': {
      const props = event.ResourceProperties ?? ({} as ResolverAddressesProperties);
      const endpointId = props.ResolverEndpointId;
      if (typeof endpointId !== 'string' || !ENDPOINT_ID.test(endpointId)) {
        throw new Error(`ResolverEndpointId must be the id of an inbound resolver endpoint (rslvr-in-...), got ${JSON.stringify(endpointId)}`);
      }
      const expected = props.ExpectedAddressCount;
      if (expected !== undefined && expected !== '' && !COUNT.test(String(expected))) {
        throw new Error(`ExpectedAddressCount must be a non-negative integer, got ${JSON.stringify(expected)}`);
      }
      console.log(`${requestType} resolver addresses of ${endpointId}`);
      return { PhysicalResourceId: endpointId };
    }
    case 'Delete':
      // Reading addresses leaves nothing behind, and the endpoint may already be gone: nothing to do.
      console.log(`Delete resolver addresses of ${event.PhysicalResourceId}`);
      return { PhysicalResourceId: event.PhysicalResourceId };
    default:
      throw new Error(`Unsupported RequestType ${JSON.stringify(requestType)}`);
  }
}
