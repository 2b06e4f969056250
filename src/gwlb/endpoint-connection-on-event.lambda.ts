/*
 * onEvent handler of the custom resource that holds the routes of a Gateway Load Balancer
 * inspection VPC until its endpoints are available (a route to an endpoint that is still pending
 * fails with "Route table contains unsupported route target").
 *
 * This half makes no AWS call: it checks the properties and picks the physical id. The waiting
 * (and, for a service of the same account, the acceptance) happens in the isComplete handler,
 * which the Provider framework calls until it reports complete or its total timeout runs out.
 *
 * No AWS SDK is imported here, and the event is never logged: it carries a presigned ResponseURL.
 */

import { EndpointConnectionEvent, EndpointConnectionProperties } from './endpoint-connection-types';

export type { EndpointConnectionProperties } from './endpoint-connection-types';

/** What onEvent hands back to the Provider framework. */
export interface EndpointConnectionOnEventResponse {
  readonly PhysicalResourceId: string | undefined;
}

const ENDPOINT_ID = /^vpce-[0-9a-f]{8,17}$/;
const SERVICE_ID = /^vpce-svc-[0-9a-f]{8,17}$/;

/**
 * Handles Create, Update and Delete.
 *
 * Create and Update validate `VpcEndpointIds` (and `AcceptServiceId` when given) and use the sorted
 * endpoint ids as the physical id, so a new set of endpoints replaces the resource; the old physical
 * id then gets a Delete, which has nothing to clean up (waiting leaves nothing behind).
 */
export async function handler(event: EndpointConnectionEvent): Promise<EndpointConnectionOnEventResponse> {
  const requestType = event.RequestType;
  switch (requestType) {
    case 'Create':
    case 'Update': {
      const props = event.ResourceProperties ?? ({} as EndpointConnectionProperties);
      const ids = props.VpcEndpointIds;
      if (!Array.isArray(ids) || ids.length === 0 || !ids.every(id => typeof id === 'string' && ENDPOINT_ID.test(id))) {
        throw new Error(`VpcEndpointIds must be a non-empty list of VPC endpoint ids (vpce-...), got ${JSON.stringify(ids)}`);
      }
      const service = props.AcceptServiceId;
      if (service !== undefined && service !== '' && (typeof service !== 'string' || !SERVICE_ID.test(service))) {
        throw new Error(`AcceptServiceId must be an endpoint service id (vpce-svc-...), got ${JSON.stringify(service)}`);
      }
      const physicalId = [...new Set(ids)].sort().join(',');
      console.log(`${requestType} endpoint connection wait for ${physicalId}${service ? ` (accepting on ${service})` : ''}`);
      return { PhysicalResourceId: physicalId };
    }
    case 'Delete':
      // Waiting created nothing, and the endpoints may already be gone: nothing to do.
      console.log(`Delete endpoint connection wait for ${event.PhysicalResourceId}`);
      return { PhysicalResourceId: event.PhysicalResourceId };
    default:
      throw new Error(`Unsupported RequestType ${JSON.stringify(requestType)}`);
  }
}
