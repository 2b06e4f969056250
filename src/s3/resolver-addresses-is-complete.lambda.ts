/*
 * isComplete handler of the custom resource that reads back the IP addresses of a Route 53 Resolver
 * inbound endpoint (AWS::Route53Resolver::ResolverEndpoint reports only how many there are).
 *
 * Why the read lives here and not in onEvent: CloudFormation can report the endpoint created while
 * its addresses are still being created or attached. The Provider framework calls this handler
 * repeatedly, so a pending address, too few addresses, or a throttled call each simply mean "not yet,
 * ask again"; the framework's total timeout bounds the wait and fails the deployment when it runs out.
 * A failed address, a vanished endpoint or any other error fails at once.
 *
 * The handler only reads, so calling it again gives the same answer for the same endpoint state.
 * The event is never logged (it carries a presigned ResponseURL).
 */
import {
  IpAddressResponse,
  ListResolverEndpointIpAddressesCommand,
  Route53ResolverClient,
} from '@aws-sdk/client-route53resolver';
import { ResolverAddressesEvent } from './resolver-addresses-types';

export type { ResolverAddressesProperties } from './resolver-addresses-types';

/** The event this handler gets. */
export type ResolverAddressesIsCompleteEvent = ResolverAddressesEvent;

/** The attributes the custom resource exposes once complete (all strings, as CloudFormation wants). */
export interface ResolverAddressesData {
  /** The IPv4 addresses, comma-separated, ordered by subnet id then address. */
  readonly Addresses: string;
  /** The IPv6 addresses, comma-separated in the same order; empty when there are none. */
  readonly Ipv6Addresses: string;
  /** How many addresses the endpoint has. */
  readonly AddressCount: string;
}

/** What isComplete hands back to the Provider framework. */
export interface ResolverAddressesIsCompleteResponse {
  readonly IsComplete: boolean;
  readonly Data?: ResolverAddressesData;
}

/** Address states from which the endpoint will not recover on its own. */
const FAILED_STATES: ReadonlySet<string> = new Set([
  'FAILED_CREATION',
  'FAILED_RESOURCE_GONE',
  'UPDATE_FAILED',
  'DELETE_FAILED_FAS_EXPIRED',
]);

/** Error names the SDK (or the service) uses for throttling. */
const THROTTLING_ERRORS: ReadonlySet<string> = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'Throttling',
  'ThrottledException',
  'RequestLimitExceeded',
]);

const COUNT = /^[0-9]+$/;

let resolverClient: Route53ResolverClient | undefined;

/** The Route 53 Resolver client, created on first use and reused by warm invocations. */
function client(): Route53ResolverClient {
  resolverClient ??= new Route53ResolverClient({});
  return resolverClient;
}

/**
 * Reports whether the resolver endpoint's addresses are all attached, and if so returns them.
 *
 * - Delete: complete at once, no API call (nothing was created, and the endpoint may be gone).
 * - Create/Update: lists every address of the endpoint (all pages). A failed address throws; when all
 *   are `ATTACHED` and there are at least `ExpectedAddressCount` of them (and at least one), the result
 *   is complete with `Addresses`, `Ipv6Addresses` and `AddressCount`; otherwise it is not complete yet.
 *   A throttled call is also "not complete yet", so the framework simply polls again.
 */
export async function handler(event: ResolverAddressesIsCompleteEvent): Promise<ResolverAddressesIsCompleteResponse> {
  if (event.RequestType === 'Delete') {
    return { IsComplete: true };
  }
  if (event.RequestType !== 'Create' && event.RequestType !== 'Update') {
    throw new Error(`Unsupported RequestType ${JSON.stringify(event.RequestType)}`);
  }

  const endpointId = event.ResourceProperties.ResolverEndpointId;
  const expected = expectedCount(event.ResourceProperties.ExpectedAddressCount);

  let addresses: IpAddressResponse[];
  try {
    addresses = await listAddresses(endpointId);
  } catch (err) {
    if (isThrottling(err)) {
      console.log(`resolver endpoint ${endpointId}: throttled, complete=false`);
      return { IsComplete: false };
    }
    if ((err as { name?: unknown } | undefined)?.name === 'ResourceNotFoundException') {
      throw new Error(`resolver endpoint ${endpointId} does not exist (deleted outside CloudFormation?)`, { cause: err });
    }
    throw err;
  }

  addresses.sort(compareAddresses);

  const failed = addresses.filter(a => a.Status !== undefined && FAILED_STATES.has(a.Status));
  if (failed.length > 0) {
    const details = failed.map(a => `IP address ${a.Ip ?? a.Ipv6 ?? a.IpId} in subnet ${a.SubnetId} is ${a.Status} (${a.StatusMessage ?? 'no status message'})`);
    throw new Error(`resolver endpoint ${endpointId}: ${details.join('; ')}`);
  }

  // An endpoint always has at least one address; an empty list means they are not there yet.
  // When the construct lists the endpoint's subnets (Revision), each must have an address: after a subnet swap
  // the count alone could match the old addresses.
  const revision = event.ResourceProperties.Revision;
  const subnets = Array.isArray(revision) && revision.every(r => typeof r === 'string') ? (revision as string[]) : [];
  const complete = addresses.length >= Math.max(expected ?? 0, 1) && addresses.every(a => a.Status === 'ATTACHED')
    && subnets.every(subnet => addresses.some(a => a.SubnetId === subnet));
  console.log(`resolver endpoint ${endpointId}: ${statusCounts(addresses)}, complete=${complete}`);
  if (!complete) {
    return { IsComplete: false };
  }

  return {
    IsComplete: true,
    Data: {
      Addresses: addresses.flatMap(a => (a.Ip ? [a.Ip] : [])).join(','),
      Ipv6Addresses: addresses.flatMap(a => (a.Ipv6 ? [a.Ipv6] : [])).join(','),
      AddressCount: String(addresses.length),
    },
  };
}

/** Every address of the endpoint, following NextToken across pages. */
async function listAddresses(endpointId: string): Promise<IpAddressResponse[]> {
  const all: IpAddressResponse[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client().send(new ListResolverEndpointIpAddressesCommand({
      ResolverEndpointId: endpointId,
      MaxResults: 100,
      NextToken: nextToken,
    }));
    all.push(...(page.IpAddresses ?? []));
    nextToken = page.NextToken;
  } while (nextToken);
  return all;
}

/** `ExpectedAddressCount` as a number, or undefined when not given. */
function expectedCount(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  if (!COUNT.test(String(value))) {
    throw new Error(`ExpectedAddressCount must be a non-negative integer, got ${JSON.stringify(value)}`);
  }
  return Number.parseInt(String(value), 10);
}

function isThrottling(err: unknown): boolean {
  const e = err as { name?: unknown; $retryable?: { throttling?: unknown } } | undefined;
  return (typeof e?.name === 'string' && THROTTLING_ERRORS.has(e.name)) || e?.$retryable?.throttling === true;
}

/** Orders by subnet id, then IPv4 (numerically by octet), then IPv6, then address id. */
function compareAddresses(a: IpAddressResponse, b: IpAddressResponse): number {
  return compareStrings(a.SubnetId, b.SubnetId)
    || compareStrings(ipv4Key(a.Ip), ipv4Key(b.Ip))
    || compareStrings(a.Ipv6, b.Ipv6)
    || compareStrings(a.IpId, b.IpId);
}

function compareStrings(a: string | undefined, b: string | undefined): number {
  const x = a ?? '';
  const y = b ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Pads each octet to three digits so that string order is numeric order (10.0.0.9 before 10.0.0.10). */
function ipv4Key(ip: string | undefined): string | undefined {
  return ip?.split('.').map(octet => octet.padStart(3, '0')).join('.');
}

/** For example `ATTACHED=2 CREATING=1`, or `no addresses`. */
function statusCounts(addresses: IpAddressResponse[]): string {
  const counts = new Map<string, number>();
  for (const a of addresses) {
    const status = a.Status ?? 'UNKNOWN';
    counts.set(status, (counts.get(status) ?? 0) + 1);
  }
  if (counts.size === 0) {
    return 'no addresses';
  }
  return [...counts.entries()].sort(([x], [y]) => compareStrings(x, y)).map(([status, n]) => `${status}=${n}`).join(' ');
}
