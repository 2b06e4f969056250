/**
 * The PrivateLink guide's rules, one pure function each, over plain facts (JSON-like values with
 * no construct in them). Both front ends call these functions: the constructs, with facts read
 * from their props (they throw the first error, naming the prop), and `PrivateLinkChecks`, with
 * facts read from synthesized templates (it reports findings on the resources).
 *
 * A rule returns the messages of its findings; a message starts with `subject`, the name of the
 * input as the caller knows it (a construct prop such as `subnets`, or a CloudFormation property
 * such as `SubnetIds`), so one function serves both. Rule ids are public API and never renamed.
 */

/** How bad a finding is: `error` would fail the deployment or break connectivity, `warning` is legal but risky. */
export type Severity = 'error' | 'warning';

/** A rule of the guide. */
export interface RuleDefinition {
  /** Stable id, `PrivateLink-<Area><n>`. */
  readonly id: string;
  readonly severity: Severity;
  /** The PrivateLink guide section the rule comes from. */
  readonly guide: string;
  readonly description: string;
  /** What to change when the rule fires. */
  readonly fix: string;
}

function rule(id: string, severity: Severity, guide: string, description: string, fix: string): RuleDefinition {
  return { id: `PrivateLink-${id}`, severity, guide, description, fix };
}

/** Every rule, by short name. */
export const RULES = {
  oneSubnetPerAz: rule('Subnet1', 'error', 'Access AWS services: Subnets and Availability Zones',
    'An interface, resource or service-network endpoint takes at most one subnet per Availability Zone.',
    'Select one subnet in each Availability Zone (onePerAz: true).'),
  ipTypeFitsSubnets: rule('Subnet2', 'error', 'Access AWS services: IP address types',
    'The endpoint IP address type needs matching subnet ranges: IPv4 ranges for ipv4, IPv6-only subnets for ipv6, both for dualstack.',
    'Pick an IP address type that the subnets support, or subnets that support it.'),
  dnsRecordIpType: rule('Dns1', 'error', 'Access AWS services, Gateway endpoints: DNS record IP type',
    'The DNS record IP type must be one the endpoint type supports for its IP address type.',
    'Use a DNS record IP type listed for the IP address type.'),
  privateDnsNeedsVpcDns: rule('Dns2', 'error', 'Access AWS services: Private DNS',
    'Private DNS needs DNS support and DNS hostnames enabled on the VPC.',
    'Enable DNS support and DNS hostnames on the VPC, or turn private DNS off.'),
  endpointPolicy: rule('Policy1', 'error', 'Control access to VPC endpoints using endpoint policies',
    'An endpoint policy has a Principal in every statement (only * on gateway endpoints), at most 20,480 characters, '
      + 'no wildcards or numeric operators on system-generated condition keys, six characters around each wildcard, '
      + 'and ARN account parts that are an id or *.',
    'Correct the statement the message names.'),
  gatewayRouteTable: rule('Gateway1', 'error', 'Gateway endpoints: Routing',
    'A route table can route a service through one gateway endpoint only.',
    'Associate the second endpoint with other route tables (other subnets).'),
  gwlbOneSubnet: rule('Gwlb1', 'error', 'Create a Gateway Load Balancer endpoint: Considerations',
    'A Gateway Load Balancer endpoint has exactly one subnet.',
    'Create one endpoint per Availability Zone, each in one subnet.'),
  gwlbOnePerAz: rule('Gwlb2', 'error', 'Create a Gateway Load Balancer endpoint: Considerations',
    'A VPC takes one Gateway Load Balancer endpoint per Availability Zone per service.',
    'Remove the second endpoint, or place it in another Availability Zone.'),
  gwlbRouteDestination: rule('Gwlb3', 'error', 'Create a Gateway Load Balancer endpoint: Configure routing',
    'A route that targets a Gateway Load Balancer endpoint needs a CIDR destination, not a prefix list.',
    'Use DestinationCidrBlock or DestinationIpv6CidrBlock.'),
  openIngress: rule('Network1', 'warning', 'Access AWS services: Associate security groups',
    'An endpoint security group accepts traffic from 0.0.0.0/0 or ::/0.',
    'Allow only the ranges or security groups of the clients, such as the VPC CIDR.'),
  inboundResolverDns: rule('Dns3', 'error', 'Endpoints for Amazon S3',
    'Private DNS only for the inbound Resolver endpoint is for Amazon S3 interface endpoints with private DNS on, and needs an S3 '
      + 'gateway endpoint in the same VPC whose DNS record IP type matches or is service-defined.',
    'Add the S3 gateway endpoint (or align its DNS record IP type), turn private DNS on, or drop the option.'),
  dynamoDbGateway: rule('Gateway2', 'error', 'Endpoints for DynamoDB',
    'A DynamoDB gateway endpoint carries IPv4 only and supports the service-defined DNS record IP type only.',
    "Leave the IP address type at ipv4 and the DNS record IP type unset (or 'service-defined')."),
  crossRegion: rule('Region1', 'error', 'Cross-Region access',
    'An endpoint to another Region is only for the services that support cross-Region access and for endpoint services, '
      + 'and not in the Availability Zones that do not offer it.',
    'Use an endpoint in the service\'s Region, or pick a supported service and other Availability Zones.'),
  latticeArn: rule('Lattice1', 'error', 'Access VPC resources; Access service networks',
    'A resource endpoint names a VPC Lattice resource configuration ARN, a service-network endpoint a service network ARN.',
    'Pass the ARN of the right VPC Lattice resource.'),
  tcpOnly: rule('Lattice2', 'error', 'Access VPC resources; Access service networks',
    'Resource and service-network endpoints carry TCP traffic only.',
    'Allow TCP ports only on the endpoint security group.'),
  smallSubnet: rule('Subnet3', 'warning', 'Access service networks: Prerequisites',
    'A service-network endpoint takes a contiguous /28 of IPv4 addresses per subnet, and another /28 as resource configurations are added; '
      + 'a subnet smaller than /26 runs out.',
    'Use subnets of /26 or larger.'),
  policyNotEnforced: rule('Policy2', 'warning', 'Control access to VPC endpoints using endpoint policies',
    'An endpoint to an endpoint service (not an AWS service) always allows full access: a policy on it is not enforced.',
    'Control access on the provider side (allowed principals, acceptance), and drop the policy.'),
  quota: rule('Quota1', 'warning', 'Quotas',
    'A VPC has more endpoints of a kind than the per-VPC quota allows (50 interface and Gateway Load Balancer, '
      + '255 gateway (fixed), 200 resource, 50 service-network).',
    'Request a quota increase (where adjustable) or spread the endpoints over more VPCs.'),
  resolverPlacement: rule('Resolver1', 'error', 'Endpoints for Amazon S3: Route 53 Resolver',
    'An inbound Resolver endpoint has IP addresses in at least two subnets in two Availability Zones.',
    'Give the Resolver endpoint subnets in two or more Availability Zones.'),
  resolverAddress: rule('Resolver2', 'error', 'Endpoints for Amazon S3: Route 53 Resolver',
    'A pinned Resolver IP address lies inside its subnet and is not one of the five addresses AWS reserves in every subnet '
      + '(the first four and the last).',
    'Pin an address from the fifth to the second-to-last of the subnet, or leave it to be assigned.'),
  gwlbServedZone: rule('Gwlb4', 'error', 'Create a Gateway Load Balancer endpoint: Considerations',
    'A Gateway Load Balancer endpoint is in an Availability Zone its load balancer serves; across accounts zones compare by AZ id.',
    'Place the endpoint in a zone the service lists, or add that zone to the load balancer.'),
  gwlbInspectionRouting: rule('Gwlb5', 'error', 'Access virtual appliances: Routing',
    'In an inspection VPC, traffic between the internet gateway and each application subnet passes the Gateway Load Balancer endpoint '
      + 'of the same Availability Zone in both directions, and no route sends traffic around it.',
    'Route the application subnet CIDR (edge route table) and 0.0.0.0/0 and ::/0 (application subnet) to the same-AZ endpoint, '
      + 'and 0.0.0.0/0 and ::/0 of the endpoint subnet to the internet gateway.'),
  gwlbEgressOnly: rule('Gwlb6', 'error', 'Create a Gateway Load Balancer endpoint: Considerations',
    'A VPC inspected through Gateway Load Balancer endpoints sends IPv6 traffic to an internet gateway, not an egress-only internet '
      + 'gateway (whose IPv6 traffic is dropped).',
    'Use the internet gateway with inbound firewall rules on the appliances.'),
  gwlbEndpointOptions: rule('Gwlb7', 'error', 'Access AWS services: Private DNS; Associate security groups',
    'A Gateway Load Balancer endpoint has no private DNS and no security groups.',
    'Drop PrivateDnsEnabled and SecurityGroupIds from the endpoint; filter traffic on the appliances.'),
  gwlbServiceIpTypes: rule('Gwlb8', 'error', 'Access virtual appliances: IP address types',
    'An IPv6 or dual-stack Gateway Load Balancer endpoint needs an endpoint service whose supported IP address types include IPv6.',
    'Add ipv6 to the service\'s supported IP address types (dual-stack load balancer, IPv6 subnets), or use an ipv4 endpoint.'),
  gwlbLoadBalancerType: rule('Gwlb9', 'error', 'Create an inspection system as a Gateway Load Balancer endpoint service',
    'GatewayLoadBalancerArns name Gateway Load Balancers, NetworkLoadBalancerArns name Network Load Balancers.',
    'Pass the load balancer under the property of its type.'),
  gwlbServiceIpv6: rule('Gwlb10', 'error', 'Access virtual appliances: Requirements to enable IPv6 for an endpoint service',
    'An endpoint service that supports IPv6 needs dual-stack load balancers in subnets with IPv6 ranges.',
    'Make the Gateway Load Balancer dualstack in subnets with IPv6 CIDR blocks, or support ipv4 only.'),
  resolverDuplicateAddress: rule('Resolver3', 'error', 'Endpoints for Amazon S3: Route 53 Resolver',
    'A Resolver endpoint pins each IP address once.',
    'Pin another address, or leave it to be assigned.'),
} as const;

/** Every rule definition, in id order. */
export const ALL_RULES: readonly RuleDefinition[] = Object.values(RULES).sort((a, b) => a.id.localeCompare(b.id));

// ---- Placement ----------------------------------------------------------------------------------

/** What is known of a subnet: `undefined` where the subnet does not say. */
export interface SubnetFact {
  /** The subnet as a message names it: its id, or its construct path or logical id. */
  readonly name: string;
  /** The Availability Zone in resolved form (JSON), equal for equal zones, tokens included. */
  readonly azKey?: string;
  /** The Availability Zone as a user reads it: `us-east-1a`, or `AZ[0]`. */
  readonly azLabel?: string;
  readonly hasIpv4?: boolean;
  readonly hasIpv6?: boolean;
}

/** Rule PrivateLink-Subnet1. */
export function oneSubnetPerAz(subnets: readonly SubnetFact[], subject: string): string[] {
  const seen = new Map<string, SubnetFact>();
  for (const subnet of subnets) {
    if (subnet.azKey === undefined) continue;
    const first = seen.get(subnet.azKey);
    if (first) {
      return [`${subject} selects two subnets in Availability Zone '${subnet.azLabel}' (${first.name} and ${subnet.name}); `
        + 'an endpoint takes at most one subnet per Availability Zone, add onePerAz: true or pick one'];
    }
    seen.set(subnet.azKey, subnet);
  }
  return [];
}

/** Rule PrivateLink-Subnet2. `ipAddressType` is the CloudFormation value: ipv4, ipv6 or dualstack. */
export function ipTypeFitsSubnets(subnets: readonly SubnetFact[], ipAddressType: string, subject: string): string[] {
  for (const subnet of subnets) {
    if (ipAddressType === 'ipv4' && subnet.hasIpv4 === false) {
      return [`${subject} is '${ipAddressType}' but subnet ${subnet.name} has no IPv4 range; `
        + 'use ipv6 for IPv6-only subnets or pick subnets with an IPv4 range'];
    }
    if (ipAddressType === 'ipv6' && (subnet.hasIpv6 === false || subnet.hasIpv4 === true)) {
      return [`${subject} is '${ipAddressType}' but subnet ${subnet.name} is not IPv6-only; `
        + 'ipv6 endpoints need IPv6-only subnets, use dualstack for subnets with both ranges'];
    }
    if (ipAddressType === 'dualstack' && (subnet.hasIpv4 === false || subnet.hasIpv6 === false)) {
      return [`${subject} is '${ipAddressType}' but subnet ${subnet.name} lacks an ${subnet.hasIpv4 === false ? 'IPv4' : 'IPv6'} range; `
        + 'dualstack endpoints need subnets with both IPv4 and IPv6 ranges'];
    }
  }
  return [];
}

/** Rule PrivateLink-Gwlb1. */
export function gwlbOneSubnet(subnets: readonly SubnetFact[], subject: string): string[] {
  if (subnets.length === 1) return [];
  return [`${subject} must select exactly one subnet for a Gateway Load Balancer endpoint, got ${subnets.length}`
    + `${subnets.length > 0 ? ` (${subnets.map(s => s.name).join(', ')})` : ''}; create one endpoint per Availability Zone`];
}

/** A Gateway Load Balancer endpoint, for the whole-app rule PrivateLink-Gwlb2. */
export interface GwlbPlacementFact {
  /** Who the endpoint is: its construct path or logical id. */
  readonly name: string;
  readonly vpcKey: string;
  readonly serviceKey: string;
  readonly serviceLabel: string;
  readonly azKey?: string;
  readonly azLabel?: string;
}

/**
 * Rule PrivateLink-Gwlb2, over every GWLB endpoint of the app at once: the messages for each
 * endpoint that is a second one in its VPC, AZ and service, by index in `endpoints`.
 */
export function gwlbOnePerAz(endpoints: readonly GwlbPlacementFact[], subject: string): Map<number, string[]> {
  const first = new Map<string, GwlbPlacementFact>();
  const findings = new Map<number, string[]>();
  endpoints.forEach((endpoint, i) => {
    if (endpoint.azKey === undefined) return;
    const key = `${endpoint.vpcKey}|${endpoint.serviceKey}|${endpoint.azKey}`;
    const other = first.get(key);
    if (other) {
      findings.set(i, [`${subject} places a second endpoint for '${endpoint.serviceLabel}' in Availability Zone '${endpoint.azLabel}' `
        + `(the first is ${other.name}); a VPC takes one Gateway Load Balancer endpoint per Availability Zone per service`]);
    } else {
      first.set(key, endpoint);
    }
  });
  return findings;
}

/** A gateway endpoint, for the whole-app rule PrivateLink-Gateway1. */
export interface GatewayRoutingFact {
  readonly name: string;
  readonly vpcKey: string;
  readonly serviceKey: string;
  readonly serviceLabel: string;
  /** Route tables in resolved form (JSON) and as a user reads them. */
  readonly routeTables: ReadonlyArray<{ readonly key: string; readonly label: string }>;
}

/** Rule PrivateLink-Gateway1, over every gateway endpoint of the app: the messages by index. */
export function gatewayRouteTables(endpoints: readonly GatewayRoutingFact[], subject: string): Map<number, string[]> {
  const first = new Map<string, GatewayRoutingFact>();
  const findings = new Map<number, string[]>();
  endpoints.forEach((endpoint, i) => {
    for (const table of endpoint.routeTables) {
      const key = `${endpoint.vpcKey}|${endpoint.serviceKey}|${table.key}`;
      const other = first.get(key);
      if (other && other !== endpoint) {
        findings.set(i, [`${subject} select route table ${table.label}, which already routes ${endpoint.serviceLabel} through gateway `
          + `endpoint ${other.name}; a route table can use one gateway endpoint per service, select other subnets`]);
        return;
      }
      first.set(key, endpoint);
    }
  });
  return findings;
}

/** Rule PrivateLink-Gwlb3: a route to a Gateway Load Balancer endpoint has a CIDR destination. */
export function gwlbRouteDestination(prefixListLabel: string | undefined, subject: string): string[] {
  if (prefixListLabel === undefined) return [];
  return [`${subject} '${prefixListLabel}' cannot be used; routes that target a Gateway Load Balancer endpoint need a CIDR `
    + 'destination, give an IPv4 or IPv6 destination CIDR block instead'];
}

/** Where a Gateway Load Balancer endpoint is, for rule PrivateLink-Gwlb4. */
export interface ZoneFact {
  /** The zone name in resolved form (JSON), when the subnet names one. */
  readonly azKey?: string;
  /** The zone as a user reads it. */
  readonly azLabel?: string;
  /** The literal AZ id, when the subnet (or the user) gives one. */
  readonly azId?: string;
}

/** The zones a Gateway Load Balancer serves, for rule PrivateLink-Gwlb4; `undefined` lists are unknown. */
export interface ServedZonesFact {
  /** Zone names in resolved form, usable only when provider and consumer share an account. */
  readonly azKeys?: readonly string[];
  readonly azLabels?: readonly string[];
  /** Literal AZ ids, comparable across accounts. */
  readonly azIds?: readonly string[];
}

/** Rule PrivateLink-Gwlb4: the endpoint's zone is one the load balancer serves (by AZ id where known, else by name in one account). */
export function gwlbServedZone(zone: ZoneFact, served: ServedZonesFact, sameAccount: boolean, subject: string): string[] {
  if (zone.azId !== undefined && served.azIds !== undefined) {
    if (served.azIds.includes(zone.azId)) return [];
    return [`${subject} places a Gateway Load Balancer endpoint in AZ id '${zone.azId}', which the load balancer does not serve `
      + `(it serves ${served.azIds.map(z => `'${z}'`).join(', ')}); pick a subnet in one of those zones`];
  }
  if (sameAccount && zone.azKey !== undefined && served.azKeys !== undefined && served.azKeys.length > 0) {
    if (served.azKeys.includes(zone.azKey)) return [];
    return [`${subject} places a Gateway Load Balancer endpoint in Availability Zone '${zone.azLabel}', which the load balancer does not serve `
      + `(it serves ${(served.azLabels ?? served.azKeys).map(z => `'${z}'`).join(', ')}); pick a subnet in one of those zones`];
  }
  return [];
}

/** Rule PrivateLink-Gwlb5, from the route walk: each problem of an inspection path once. */
export function gwlbInspectionRouting(problems: readonly string[], subject: string): string[] {
  return [...new Set(problems)].map(p => `${subject}: ${p}`);
}

/** What the route walk reports of an application subnet that also holds a GWLB endpoint (rule PrivateLink-Gwlb5). */
export function sharedSubnetProblem(subnetName: string): string {
  return `application subnet ${subnetName} is also the subnet of a Gateway Load Balancer endpoint; `
    + 'keep application servers and the endpoint in separate subnets, each with its own route table';
}

/** Rule PrivateLink-Gwlb5 at construction: an application subnet that is also an endpoint subnet. */
export function gwlbSharedSubnet(subnetName: string, subject: string): string[] {
  return gwlbInspectionRouting([sharedSubnetProblem(subnetName)], subject);
}

/** Rule PrivateLink-Gwlb6: no egress-only internet gateway in a VPC inspected through GWLB endpoints. */
export function gwlbEgressOnly(gatewayLabel: string | undefined, subject: string): string[] {
  if (gatewayLabel === undefined) return [];
  return [`${subject} '${gatewayLabel}' is an egress-only internet gateway in a VPC inspected through Gateway Load Balancer endpoints; `
    + 'its IPv6 traffic is dropped, route ::/0 through the internet gateway and filter inbound traffic on the appliances'];
}

/** Rule PrivateLink-Gwlb7: a GWLB endpoint takes neither private DNS nor security groups. */
export function gwlbEndpointOptions(privateDnsEnabled: boolean | undefined, securityGroupCount: number,
  dnsSubject: string, groupsSubject: string): string[] {
  if (privateDnsEnabled === true) {
    return [`${dnsSubject} is true, but a Gateway Load Balancer endpoint has no private DNS; leave it unset`];
  }
  if (securityGroupCount > 0) {
    return [`${groupsSubject} lists ${securityGroupCount} security group(s), but a Gateway Load Balancer endpoint takes none; `
      + 'filter traffic on the appliances and leave it unset'];
  }
  return [];
}

/** Rule PrivateLink-Gwlb8: an endpoint with IPv6 needs a service that supports IPv6 (`serviceTypes` undefined when unknown). */
export function gwlbServiceIpTypes(ipAddressType: string, serviceTypes: readonly string[] | undefined, serviceLabel: string,
  subject: string): string[] {
  if (ipAddressType === 'ipv4' || serviceTypes === undefined || serviceTypes.includes('ipv6')) return [];
  return [`${subject} is '${ipAddressType}' but endpoint service ${serviceLabel} supports ${serviceTypes.map(t => `'${t}'`).join(', ') || "'ipv4'"} only; `
    + "add 'ipv6' to the service's supported IP address types or use an ipv4 endpoint"];
}

/** Rule PrivateLink-Gwlb9: the load balancer behind the property is of the property's type. */
export function gwlbLoadBalancerType(type: string | undefined, loadBalancerLabel: string, expected: 'gateway' | 'network', subject: string): string[] {
  const actual = type ?? 'application';
  if (actual === expected) return [];
  const names: Record<string, string> = { application: 'an Application', gateway: 'a Gateway', network: 'a Network' };
  const article = (t: string) => names[t] ?? 'a';
  return [`${subject} names ${loadBalancerLabel}, ${article(actual)} Load Balancer (type '${actual}'); `
    + `${expected === 'gateway' ? 'an inspection service needs a Gateway Load Balancer (type \'gateway\')' : 'NetworkLoadBalancerArns take Network Load Balancers only'}`];
}

/** Rule PrivateLink-Gwlb10: IPv6 on an endpoint service needs dual-stack load balancers in subnets with IPv6 ranges. */
export function gwlbServiceIpv6(supportedTypes: readonly string[], loadBalancerIpType: string | undefined, subnets: readonly SubnetFact[],
  subject: string): string[] {
  if (!supportedTypes.includes('ipv6')) return [];
  if (loadBalancerIpType !== undefined && loadBalancerIpType !== 'dualstack') {
    return [`${subject} includes 'ipv6' but the load balancer's IP address type is '${loadBalancerIpType}'; `
      + 'IPv6 on an endpoint service needs a dualstack load balancer'];
  }
  const noIpv6 = subnets.find(s => s.hasIpv6 === false);
  if (noIpv6 !== undefined) {
    return [`${subject} includes 'ipv6' but load balancer subnet ${noIpv6.name} has no IPv6 range; `
      + 'IPv6 on an endpoint service needs subnets with IPv6 CIDR blocks'];
  }
  return [];
}

// ---- DNS ----------------------------------------------------------------------------------------

const INTERFACE_DNS_TYPES: Record<string, string[]> = {
  ipv4: ['ipv4'],
  ipv6: ['ipv6'],
  dualstack: ['dualstack', 'ipv4', 'ipv6', 'service-defined'],
};

const GATEWAY_DNS_TYPES: Record<string, string[]> = {
  ipv4: ['ipv4', 'service-defined'],
  ipv6: ['ipv6', 'service-defined'],
  dualstack: ['ipv4', 'ipv6', 'dualstack', 'service-defined'],
};

/** Rule PrivateLink-Dns1: the DNS record IP types an endpoint kind supports for its IP address type. */
export function dnsRecordIpType(kind: 'interface' | 'gateway', ipAddressType: string, dnsRecordIpTypeValue: string | undefined): string[] {
  if (dnsRecordIpTypeValue === undefined) return [];
  const allowed = (kind === 'interface' ? INTERFACE_DNS_TYPES : GATEWAY_DNS_TYPES)[ipAddressType] ?? [];
  if (allowed.includes(dnsRecordIpTypeValue)) return [];
  return [`dnsRecordIpType '${dnsRecordIpTypeValue}' does not work with ipAddressType '${ipAddressType}' on ${kind} endpoints; `
    + `use one of ${allowed.map(a => `'${a}'`).join(', ')}`];
}

/** DNS attributes of a VPC; `undefined` where they are not known. */
export interface VpcDnsFact {
  readonly dnsSupport?: boolean;
  readonly dnsHostnames?: boolean;
}

/** Which DNS attributes are off, as a sentence tail, or undefined when both are on (or unknown). */
export function missingDns(dns: VpcDnsFact): string | undefined {
  const off = [dns.dnsSupport === false ? 'DNS support' : undefined, dns.dnsHostnames === false ? 'DNS hostnames' : undefined]
    .filter(x => x !== undefined);
  return off.length > 0 ? `the VPC has ${off.join(' and ')} disabled` : undefined;
}

/** Rule PrivateLink-Dns2. */
export function privateDnsNeedsVpcDns(dns: VpcDnsFact, privateDnsEnabled: boolean, explicitlySet: boolean, subject: string): string[] {
  const problem = missingDns(dns);
  if (!privateDnsEnabled || problem === undefined) return [];
  return [`${subject} is true${explicitlySet ? '' : ' (the default)'} but ${problem}; `
    + `enable DNS support and DNS hostnames on the VPC, or set ${subject}: false`];
}

/** Rule PrivateLink-Dns3, the options part: S3 only, private DNS on. */
export function inboundResolverOptions(serviceKey: string, serviceLabel: string, privateDnsEnabled: boolean,
  subject: string, privateDnsSubject: string): string[] {
  if (serviceKey !== 's3') {
    return [`${subject} only applies to Amazon S3 interface endpoints, got service '${serviceLabel}'; leave it unset for other services`];
  }
  if (!privateDnsEnabled) return [`${subject} needs ${privateDnsSubject}: true; enable private DNS or drop the option`];
  return [];
}

/**
 * Template metadata on an S3 interface endpoint whose S3 gateway endpoint was imported (created
 * outside the app): its id, so the template check knows the VPC has one.
 */
export const S3_GATEWAY_METADATA = 'cdk-privatelink:s3GatewayEndpoint';

/**
 * Rule PrivateLink-Dns3, the gateway part. `gateways` are the S3 gateway endpoints of the VPC with
 * their DNS record IP types (undefined: not set), or undefined when the named gateway cannot be read.
 */
export function inboundResolverGateway(gateways: ReadonlyArray<string | undefined> | undefined, dnsRecordIpTypeValue: string,
  subject: string): string[] {
  if (gateways === undefined) return [];
  if (gateways.length === 0) {
    return [`${subject} needs an S3 gateway endpoint in the same VPC; `
      + 'add one (GatewayEndpoint with ec2.GatewayVpcEndpointAwsService.S3) or turn the option off'];
  }
  const gatewayType = gateways[0];
  if (gatewayType !== undefined && gatewayType !== 'service-defined' && gatewayType !== dnsRecordIpTypeValue) {
    return [`${subject}: the S3 gateway endpoint's dnsRecordIpType '${gatewayType}' must match `
      + `this endpoint's '${dnsRecordIpTypeValue}' or be 'service-defined'`];
  }
  return [];
}

/** Rule PrivateLink-Gateway2. */
export function dynamoDbGateway(ipAddressType: string, dnsRecordIpTypeValue: string | undefined,
  ipSubject: string, dnsSubject: string): string[] {
  if (dnsRecordIpTypeValue !== undefined && dnsRecordIpTypeValue !== 'service-defined') {
    return [`${dnsSubject} '${dnsRecordIpTypeValue}' is not available for DynamoDB gateway endpoints; `
      + `DynamoDB only supports 'service-defined', leave ${dnsSubject} unset`];
  }
  if (ipAddressType !== 'ipv4') {
    return [`${ipSubject} '${ipAddressType}' is not available for DynamoDB gateway endpoints, which carry IPv4 `
      + `traffic only; leave ${ipSubject} unset (or 'ipv4')`];
  }
  return [];
}

/**
 * AWS services that accept interface endpoints in another Region (short names as in
 * `ec2.InterfaceVpcEndpointAwsService.<X>.shortName`).
 */
export const CROSS_REGION_SERVICES = [
  's3', 'iam', 'ecr.api', 'ecr.dkr', 'kms', 'kms-fips', 'ecs', 'ecs-fips', 'lambda', 'kinesis-firehose',
  'kinesisanalytics', 'kinesisanalytics-fips', 'route53',
];

/** Availability Zone ids where cross-Region endpoints are not offered. */
export const CROSS_REGION_EXCLUDED_AZ_IDS = ['use1-az3', 'usw1-az2', 'apne1-az3', 'apne2-az2', 'apne2-az4'];

/**
 * Rule PrivateLink-Region1 for an endpoint to `region`, another Region than its own: the service
 * (`shortName` of an AWS service, undefined when unknown; endpoint services always qualify) and
 * the AZ ids of its subnets.
 */
export function crossRegion(region: string, shortName: string | undefined, isEndpointService: boolean, serviceLabel: string,
  azIds: ReadonlyArray<string | undefined>, subject: string): string[] {
  if (!isEndpointService && shortName !== undefined && !CROSS_REGION_SERVICES.includes(shortName)) {
    return [`${subject} is '${region}' but ${serviceLabel} does not support cross-Region endpoints; `
      + `supported AWS services: ${CROSS_REGION_SERVICES.join(', ')} (and endpoint services)`];
  }
  const excluded = azIds.filter((az): az is string => az !== undefined && CROSS_REGION_EXCLUDED_AZ_IDS.includes(az));
  if (excluded.length > 0) {
    return [`${subject} is set but subnets include Availability Zone id '${excluded[0]}', where cross-Region `
      + `endpoints are not offered (${CROSS_REGION_EXCLUDED_AZ_IDS.join(', ')}); pick subnets in other zones`];
  }
  return [];
}

/**
 * An ARN as far as it is known: `text` is the literal, or a joined ARN with '\u0000' for each
 * reference; `resourceType`/`attribute` when it is a `Fn::GetAtt` of a resource of the app.
 */
export interface ArnFact {
  readonly text?: string;
  readonly label: string;
  readonly resourceType?: string;
  readonly attribute?: string;
  readonly resourceName?: string;
}

/** What each kind of VPC Lattice endpoint names: the ARN's resource part, the CloudFormation type behind it, an example. */
export const LATTICE_TARGETS = {
  resource: {
    resourcePrefix: 'resourceconfiguration/',
    cfnType: 'AWS::VpcLattice::ResourceConfiguration',
    example: 'arn:aws:vpc-lattice:us-east-1:111111111111:resourceconfiguration/rcfg-0123456789abcdef0',
  },
  serviceNetwork: {
    resourcePrefix: 'servicenetwork/',
    cfnType: 'AWS::VpcLattice::ServiceNetwork',
    example: 'arn:aws:vpc-lattice:us-east-1:111111111111:servicenetwork/sn-0123456789abcdef0',
  },
} as const;

/** Rule PrivateLink-Lattice1. */
export function latticeArn(arn: ArnFact, subject: string, target: keyof typeof LATTICE_TARGETS): string[] {
  const { resourcePrefix, cfnType, example } = LATTICE_TARGETS[target];
  const wrong = (got: string) => [`${subject} must be a VPC Lattice ${resourcePrefix.replace('/', '')} ARN, got ${got}; expected e.g. '${example}'`];
  if (arn.resourceType !== undefined) {
    return arn.resourceType !== cfnType || arn.attribute !== 'Arn' ? wrong(`the ${arn.attribute} of ${arn.resourceName} (${arn.resourceType})`) : [];
  }
  if (arn.text !== undefined && !latticeArnText(arn.text, resourcePrefix)) return wrong(`'${arn.label}'`);
  return [];
}

/** Whether `text` reads as a VPC Lattice ARN of the resource type; '\u0000' stands for any text. */
function latticeArnText(text: string, resourcePrefix: string): boolean {
  const any = (field: string, want: string) => field.includes('\u0000') || field === want;
  const parts = text.split(':');
  if (parts.length < 6) return text.includes('\u0000');
  const resource = parts.slice(5).join(':');
  return any(parts[0], 'arn') && any(parts[2], 'vpc-lattice')
    && (resource.startsWith(resourcePrefix) || (resource.includes('\u0000') && resourcePrefix.startsWith(resource.split('\u0000')[0])));
}

/** The text of a resolved ARN for `latticeArn`: a literal, or a '' join with '\u0000' for its references. */
export function arnText(resolved: unknown): string | undefined {
  if (typeof resolved === 'string') return resolved;
  const join = (resolved as any)?.['Fn::Join'];
  if (Array.isArray(join) && join[0] === '' && Array.isArray(join[1])) {
    return join[1].map((part: unknown) => (typeof part === 'string' ? part : '\u0000')).join('');
  }
  return undefined;
}

/** Rule PrivateLink-Lattice2: `ports` are the protocols and ports allowed in, as users read them (`UDP 53`). */
export function tcpOnly(ports: ReadonlyArray<{ readonly protocol: string; readonly label: string }>, subject: string): string[] {
  const other = ports.find(p => p.protocol !== 'tcp');
  return other === undefined ? [] : [`${subject} contains '${other.label}'; resource and service-network endpoints carry TCP traffic only, `
    + 'use ec2.Port.tcp()'];
}

/** Rule PrivateLink-Subnet3 for a service-network endpoint's subnet with a literal IPv4 CIDR. */
export function smallSubnet(subnetName: string, ipv4Cidr: string | undefined): string[] {
  const prefix = ipv4Cidr !== undefined ? Number(ipv4Cidr.split('/')[1]) : undefined;
  if (prefix === undefined || !(prefix > 26)) return [];
  return [`subnet ${subnetName} is ${ipv4Cidr}; a service-network endpoint takes a contiguous /28 of IPv4 `
    + 'addresses per subnet and another /28 as resource configurations are added, use subnets of /26 or larger'];
}

/** Rule PrivateLink-Policy2. */
export function policyNotEnforced(isEndpointService: boolean, hasPolicy: boolean, serviceLabel: string, subject: string): string[] {
  if (!isEndpointService || !hasPolicy) return [];
  return [`${subject} sets an endpoint policy, but endpoints to an endpoint service (${serviceLabel}) always `
    + 'allow full access, so the policy is not enforced; control access on the provider side (allowed principals, acceptance)'];
}

// ---- Route 53 Resolver ----------------------------------------------------------------------------

/** One IP address of a Resolver endpoint: its subnet, the subnet's literal IPv4 CIDR and the pinned IPv4 address, where known. */
export interface ResolverAddressFact {
  readonly subnet: SubnetFact;
  readonly subnetCidr?: string;
  /** The pinned IPv4 address; undefined when the address is assigned by AWS (or is not a literal). */
  readonly ip?: string;
}

/** Rule PrivateLink-Resolver1: two or more subnets, in two or more Availability Zones (where the zones are known). */
export function resolverPlacement(addresses: readonly ResolverAddressFact[], subject: string): string[] {
  const subnets = new Map(addresses.map(a => [a.subnet.name, a.subnet] as const));
  const zones = new Map([...subnets.values()].filter(s => s.azKey !== undefined).map(s => [s.azKey!, s.azLabel ?? s.azKey!] as const));
  const zonesKnown = [...subnets.values()].every(s => s.azKey !== undefined);
  if (subnets.size >= 2 && (!zonesKnown || zones.size >= 2)) return [];
  const where = subnets.size === 0 ? 'no subnet'
    : `${subnets.size} subnet(s) (${[...subnets.keys()].join(', ')})${zonesKnown ? ` in ${zones.size} Availability Zone(s) (${[...zones.values()].join(', ')})` : ''}`;
  return [`${subject} puts the inbound Resolver endpoint in ${where}; `
    + 'a Resolver endpoint needs IP addresses in at least two subnets in two Availability Zones, add a subnet in another Availability Zone'];
}

/** The 32-bit value of a dotted IPv4 address, or undefined when it is not one. */
export function ipv4ToNumber(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4 || parts.some(p => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

function numberToIpv4(n: number): string {
  return [24, 16, 8, 0].map(shift => Math.floor(n / 2 ** shift) % 256).join('.');
}

/** The first and last address of an IPv4 CIDR, or undefined when it is not one. */
export function ipv4Range(cidr: string): { first: number; last: number } | undefined {
  const [address, bits] = cidr.split('/');
  const base = ipv4ToNumber(address);
  const prefix = Number(bits);
  if (base === undefined || !/^\d{1,2}$/.test(bits ?? '') || prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  const first = base - (base % size);
  return { first, last: first + size - 1 };
}

/** Rule PrivateLink-Resolver2: each pinned address inside its subnet's range, outside the reserved five. */
export function resolverAddress(addresses: readonly ResolverAddressFact[], subject: string): string[] {
  const findings: string[] = [];
  for (const a of addresses) {
    if (a.ip === undefined || a.subnetCidr === undefined) continue;
    const range = ipv4Range(a.subnetCidr);
    if (range === undefined) continue;
    const usable = `${numberToIpv4(range.first + 4)} to ${numberToIpv4(range.last - 1)}`;
    const ip = ipv4ToNumber(a.ip);
    if (ip === undefined) {
      findings.push(`${subject} pins '${a.ip}' in subnet ${a.subnet.name}; that is not an IPv4 address, pin an address from ${usable}`);
    } else if (ip < range.first || ip > range.last) {
      findings.push(`${subject} pins ${a.ip} in subnet ${a.subnet.name}; ${a.ip} is outside the subnet's range ${a.subnetCidr}, `
        + `pin an address from ${usable}`);
    } else if (ip < range.first + 4 || ip === range.last) {
      findings.push(`${subject} pins ${a.ip} in subnet ${a.subnet.name}; ${a.ip} is one of the five addresses AWS reserves in `
        + `${a.subnetCidr} (the first four and the last), pin an address from ${usable}`);
    }
  }
  return findings;
}

/** Rule PrivateLink-Resolver3: no pinned address twice. */
export function resolverDuplicateAddress(addresses: readonly ResolverAddressFact[], subject: string): string[] {
  const seen = new Map<string, string>();
  for (const a of addresses) {
    if (a.ip === undefined) continue;
    const first = seen.get(a.ip);
    if (first !== undefined) {
      const where = first === a.subnet.name ? `both in subnet ${first}` : `subnets ${first} and ${a.subnet.name}`;
      return [`${subject} pins ${a.ip} twice (${where}); `
        + 'each IP address of a Resolver endpoint is used once, pin another address or leave it to be assigned'];
    }
    seen.set(a.ip, a.subnet.name);
  }
  return [];
}

// ---- Network ------------------------------------------------------------------------------------

/** Rule PrivateLink-Network1: an ingress source that is the whole internet. */
export function openIngress(sources: readonly string[], subject: string): string[] {
  // Any range with prefix length 0 is every address, however the address part is written (::0/0, 10.0.0.0/0).
  const open = sources.find(s => /\/0+$/.test(s.trim()));
  return open === undefined ? [] : [`${subject} cannot contain '${open}'; endpoints only accept traffic from named ranges or `
    + 'security groups, for example the VPC CIDR or on-premises prefixes'];
}

/** The endpoint kinds counted against per-VPC quotas. */
export type QuotaKind = 'interface' | 'gateway' | 'gatewayLoadBalancer' | 'resource' | 'serviceNetwork';

interface QuotaSpec {
  readonly kinds: readonly QuotaKind[];
  readonly limit: number;
  readonly label: string;
  /** Whether AWS raises the quota on request; the 255 gateway endpoints per VPC are a fixed limit. */
  readonly adjustable: boolean;
}

/** Per-VPC quotas from the PrivateLink quotas table. */
export const QUOTAS: readonly QuotaSpec[] = [
  { kinds: ['interface', 'gatewayLoadBalancer'], limit: 50, label: 'interface and Gateway Load Balancer endpoints', adjustable: true },
  { kinds: ['gateway'], limit: 255, label: 'gateway endpoints', adjustable: false },
  { kinds: ['resource'], limit: 200, label: 'resource endpoints', adjustable: true },
  { kinds: ['serviceNetwork'], limit: 50, label: 'service-network endpoints', adjustable: true },
];

/** Rule PrivateLink-Quota1 for one more endpoint of `kind`, given how many of each kind the VPC has with it. */
export function quota(kind: QuotaKind, counts: ReadonlyMap<QuotaKind, number>): string[] {
  const spec = QUOTAS.find(q => q.kinds.includes(kind))!;
  const total = spec.kinds.reduce((n, k) => n + (counts.get(k) ?? 0), 0);
  if (total <= spec.limit) return [];
  return [spec.adjustable
    ? `The VPC now has ${total} ${spec.label}, more than the default quota of ${spec.limit} per VPC. `
      + 'Request a quota increase before deploying, or spread the endpoints over more VPCs.'
    : `The VPC now has ${total} ${spec.label}, more than the fixed limit of ${spec.limit} per VPC. `
      + 'This limit cannot be raised: spread the endpoints over more VPCs.'];
}

// ---- Service names ------------------------------------------------------------------------------

/**
 * The Region-independent part of a resolved AWS service name (`s3`, `kms`), whether it is a
 * literal (`com.amazonaws.us-east-1.s3`) or built with the Region reference; otherwise the resolved
 * name as JSON, so different spellings of one service compare equal.
 */
export function serviceKeyOf(resolved: unknown): string {
  const render = (v: any): string | undefined => {
    if (typeof v === 'string') return v;
    if (v && typeof v === 'object' && 'Ref' in v && v.Ref === 'AWS::Region') return '<region>';
    if (v && typeof v === 'object' && 'Fn::Join' in v && Array.isArray(v['Fn::Join'][1])) {
      const parts = (v['Fn::Join'][1] as any[]).map(render);
      return parts.every(p => p !== undefined) ? parts.join(v['Fn::Join'][0]) : undefined;
    }
    return undefined;
  };
  const text = render(resolved);
  const match = text !== undefined ? /^com\.amazonaws\.[^.]+\.(.+)$/.exec(text) : null;
  return match && !text!.startsWith('com.amazonaws.vpce.') ? match[1] : JSON.stringify(resolved);
}
