/*
 * isComplete handler of the custom resource that holds the routes of a Gateway Load Balancer
 * inspection VPC until its endpoints are available.
 *
 * The Provider framework calls it again and again: a pending endpoint, one waiting for the
 * provider's acceptance, or a throttled call each mean "not yet, ask again", and the framework's
 * total timeout bounds the wait. When the endpoint service is in this account (AcceptServiceId),
 * the handler accepts the endpoints' pending connection requests itself, so that acceptance cannot
 * deadlock the deployment; accepting an endpoint that is no longer pending is harmless, so a retry
 * does no harm either. A rejected, failed, expired or vanished endpoint fails at once.
 *
 * The event is never logged (it carries a presigned ResponseURL).
 */
import {
  AcceptVpcEndpointConnectionsCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
  VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { EndpointConnectionEvent } from './endpoint-connection-types';

export type { EndpointConnectionProperties } from './endpoint-connection-types';

/** What isComplete hands back to the Provider framework. */
export interface EndpointConnectionIsCompleteResponse {
  readonly IsComplete: boolean;
}

/** Endpoint states (lower case) from which the endpoint will not become available on its own. */
const FAILED_STATES: ReadonlySet<string> = new Set(['rejected', 'failed', 'expired', 'deleted', 'deleting']);

/** Error names the SDK (or the service) uses for throttling. */
const THROTTLING_ERRORS: ReadonlySet<string> = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'Throttling',
  'RequestLimitExceeded',
]);

/** The accept result that means the connection needs no acceptance any more. */
const ALREADY_ACCEPTED: ReadonlySet<string> = new Set(['InvalidVpcEndpoint.NotPending']);

let ec2Client: EC2Client | undefined;

/** The EC2 client, created on first use and reused by warm invocations. */
function client(): EC2Client {
  ec2Client ??= new EC2Client({});
  return ec2Client;
}

/**
 * Reports whether every endpoint is available.
 *
 * - Delete: complete at once, no API call.
 * - Create/Update: describes the endpoints. Any in a failed state, or missing, throws. Those pending
 *   acceptance are accepted when `AcceptServiceId` is set (then polled again). Complete when all are
 *   available.
 */
export async function handler(event: EndpointConnectionEvent): Promise<EndpointConnectionIsCompleteResponse> {
  if (event.RequestType === 'Delete') {
    return { IsComplete: true };
  }
  if (event.RequestType !== 'Create' && event.RequestType !== 'Update') {
    throw new Error(`Unsupported RequestType ${JSON.stringify(event.RequestType)}`);
  }
  const ids = [...new Set(event.ResourceProperties?.VpcEndpointIds ?? [])].sort();
  const serviceId = event.ResourceProperties?.AcceptServiceId || undefined;
  if (ids.length === 0) {
    // An empty list would describe every endpoint of the account; onEvent refuses it too.
    throw new Error('VpcEndpointIds is empty: nothing to wait for');
  }

  let endpoints: VpcEndpoint[];
  try {
    endpoints = await describe(ids);
  } catch (err) {
    if (isThrottling(err)) {
      console.log(`endpoints ${ids.join(',')}: throttled, complete=false`);
      return { IsComplete: false };
    }
    if (errorName(err) === 'InvalidVpcEndpointId.NotFound') {
      const detail = (err as { message?: unknown }).message;
      throw new Error(`VPC endpoint(s) not found (deleted outside CloudFormation?): ${typeof detail === 'string' ? detail : ids.join(', ')}`,
        { cause: err });
    }
    throw err;
  }

  const states = new Map(endpoints.map(e => [e.VpcEndpointId ?? '', String(e.State ?? 'unknown').toLowerCase()] as const));
  const missing = ids.filter(id => !states.has(id));
  if (missing.length > 0) {
    throw new Error(`VPC endpoint(s) ${missing.join(', ')} not found (deleted outside CloudFormation?)`);
  }
  const failed = ids.filter(id => FAILED_STATES.has(states.get(id)!));
  if (failed.length > 0) {
    const hint = failed.some(id => states.get(id) === 'rejected') ? '; the service provider rejected the connection, ask them to allow and accept it' : '';
    throw new Error(`VPC endpoint(s) will not become available: ${failed.map(id => `${id} is ${states.get(id)}`).join(', ')}${hint}`);
  }

  const pendingAcceptance = ids.filter(id => states.get(id) === 'pendingacceptance');
  if (pendingAcceptance.length > 0 && serviceId !== undefined) {
    try {
      await accept(serviceId, pendingAcceptance);
    } catch (err) {
      if (isThrottling(err)) {
        console.log(`accept on ${serviceId}: throttled, complete=false`);
        return { IsComplete: false };
      }
      throw err;
    }
  }

  // Any other state (pending, pendingacceptance, partial) means "not yet".
  const complete = ids.every(id => states.get(id) === 'available');
  const waitingForProvider = serviceId === undefined && pendingAcceptance.length > 0
    ? ' (waiting for the service provider to accept the connection requests)' : '';
  console.log(`endpoints ${ids.map(id => `${id}=${states.get(id)}`).join(' ')}, complete=${complete}${waitingForProvider}`);
  return { IsComplete: complete };
}

/** Every endpoint of the list, following NextToken across pages. */
async function describe(ids: string[]): Promise<VpcEndpoint[]> {
  const all: VpcEndpoint[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client().send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: ids, NextToken: nextToken }));
    all.push(...(page.VpcEndpoints ?? []));
    nextToken = page.NextToken;
  } while (nextToken);
  return all;
}

/** Accepts the connection requests; a request that is no longer pending is fine, any other refusal throws. */
async function accept(serviceId: string, ids: string[]): Promise<void> {
  const result = await client().send(new AcceptVpcEndpointConnectionsCommand({ ServiceId: serviceId, VpcEndpointIds: ids }));
  const refused = (result.Unsuccessful ?? []).filter(u => !ALREADY_ACCEPTED.has(u.Error?.Code ?? ''));
  if (refused.length > 0) {
    throw new Error(`endpoint service ${serviceId} did not accept ${refused.map(u => `${u.ResourceId} (${u.Error?.Code}: ${u.Error?.Message})`).join(', ')}`);
  }
  console.log(`accepted ${ids.join(',')} on ${serviceId}`);
}

function errorName(err: unknown): string | undefined {
  const e = err as { name?: unknown; Code?: unknown } | undefined;
  return typeof e?.name === 'string' ? e.name : typeof e?.Code === 'string' ? e.Code : undefined;
}

function isThrottling(err: unknown): boolean {
  const e = err as { $retryable?: { throttling?: unknown } } | undefined;
  const name = errorName(err);
  return (name !== undefined && THROTTLING_ERRORS.has(name)) || e?.$retryable?.throttling === true;
}
