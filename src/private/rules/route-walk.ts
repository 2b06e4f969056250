/**
 * The route walk of a Gateway Load Balancer inspection VPC (the "bump in the wire" design of the
 * PrivateLink guide, "Access virtual appliances": internet gateway edge route table, application
 * subnets and endpoint subnets). Pure: it reads one synthesized template (plain JSON) and follows a
 * packet, route table by route table, the way the VPC router does (longest prefix wins, the VPC's
 * own ranges are local).
 *
 * A VPC is walked when an internet gateway edge route table of it (an
 * `AWS::EC2::GatewayRouteTableAssociation`) or one of its subnet route tables sends traffic to a
 * Gateway Load Balancer endpoint. Its application subnets are the subnets that the edge route
 * table or their own route table send through such an endpoint (endpoint subnets excepted).
 *
 * Destinations compare by their literal ranges where both are literal, and otherwise by their
 * resolved form: a route to `{"Fn::GetAtt": ["AppSubnet", "CidrBlock"]}` matches that subnet, as
 * does one built with the same `Fn::Select` over `Fn::Cidr`.
 */

import { sharedSubnetProblem } from './rules';
import { describeResolved as label } from '../tokens';

/** One walked path: a packet in one direction, of one address family, for one application subnet. */
export interface WalkedPath {
  /** The VPC, as the template names it (construct path or logical id). */
  readonly vpc: string;
  /** The VPC id as resolved, in JSON: equal for the same VPC. */
  readonly vpcKey: string;
  /** The application subnet. */
  readonly subnet: string;
  /** The logical id of the application subnet. */
  readonly subnetLogicalId: string;
  /** The subnet's Availability Zone as a user reads it (`us-east-1a`, `AZ[0]`, or an AZ id). */
  readonly availabilityZone: string;
  readonly addressFamily: 'ipv4' | 'ipv6';
  /** `inbound`: internet to the subnet; `outbound`: the subnet to the internet. */
  readonly direction: 'inbound' | 'outbound';
  /** Every hop, from where the packet starts to where it ends (`internet`, the gateway, the endpoint, `appliances`, the subnet, or `dropped`). */
  readonly hops: string[];
  /** The Gateway Load Balancer endpoint the packet passed through, if it did. */
  readonly inspectedBy?: string;
  /** What is wrong with this path; empty when the packet reaches its end through the same-AZ endpoint and nothing bypasses it. */
  readonly problems: string[];
}

const IPV4_ANY = '0.0.0.0/0';
const IPV6_ANY = '::/0';
/** Stand-ins for "somewhere on the internet" (documentation ranges, never inside a VPC). */
const INTERNET_SAMPLE = { ipv4: '203.0.113.1/32', ipv6: '2001:db8::1/128' } as const;

const TARGET_PROPS = [
  'GatewayId', 'VpcEndpointId', 'NatGatewayId', 'EgressOnlyInternetGatewayId', 'TransitGatewayId', 'NetworkInterfaceId',
  'VpcPeeringConnectionId', 'InstanceId', 'CarrierGatewayId', 'LocalGatewayId', 'CoreNetworkArn',
] as const;

interface Route {
  readonly logicalId: string;
  readonly family: 'ipv4' | 'ipv6';
  /** The destination as resolved (literal string or intrinsic). */
  readonly destination: unknown;
  readonly targetProp: string;
  readonly target: unknown;
}

interface Subnet {
  readonly logicalId: string;
  readonly name: string;
  readonly vpcKey: string;
  readonly azKey?: string;
  readonly azLabel: string;
  readonly ipv4?: unknown;
  readonly ipv6?: unknown;
  readonly routeTableKey?: string;
}

interface Endpoint {
  readonly logicalId: string;
  readonly name: string;
  readonly subnetKey?: string;
}

/** What following one path gives. */
interface Walked {
  readonly hops: string[];
  readonly problems: string[];
  readonly inspectedBy?: string;
  /** The key of the endpoint the packet passed. */
  readonly endpointKey?: string;
  /** The logical id of the first route taken (already reported when it bypasses). */
  readonly first?: string;
}

type Destination = { kind: 'internet'; family: 'ipv4' | 'ipv6' } | { kind: 'subnet'; family: 'ipv4' | 'ipv6'; value: unknown };

/** Walks every inspection VPC of a template; returns one path per application subnet, direction and address family. */
export function walkTemplate(template: any, namer: (logicalId: string) => string | undefined = () => undefined): WalkedPath[] {
  return new Walker(template ?? {}, namer).walk();
}

class Walker {
  private readonly resources: Record<string, any>;
  private readonly routes = new Map<string, Route[]>();
  private readonly subnets: Subnet[] = [];
  private readonly endpoints = new Map<string, Endpoint>();
  /** VPC key → edge route table key and gateway key. */
  private readonly edges = new Map<string, Array<{ routeTableKey: string; gatewayKey: string }>>();
  /** VPC key → literal local ranges (and whether a range was not literal). */
  private readonly vpcRanges = new Map<string, unknown[]>();
  private readonly routeTableVpc = new Map<string, string>();
  /** Route table key → routes whose destination is a prefix list. */
  private readonly prefixListRoutes = new Map<string, Route[]>();

  constructor(template: any, private readonly namer: (logicalId: string) => string | undefined) {
    this.resources = template.Resources ?? {};
    const associations = new Map<string, string>();
    for (const [logicalId, r] of Object.entries<any>(this.resources)) {
      const p = r?.Properties ?? {};
      switch (r?.Type) {
        case 'AWS::EC2::Route': {
          const family = p.DestinationIpv6CidrBlock !== undefined ? 'ipv6' : p.DestinationCidrBlock !== undefined ? 'ipv4' : undefined;
          const targetProp = TARGET_PROPS.find(t => p[t] !== undefined);
          if (targetProp !== undefined && p.DestinationPrefixListId !== undefined) {
            // A prefix-list route matches destinations the walk cannot enumerate; kept for the bypass check.
            const table = key(p.RouteTableId);
            this.prefixListRoutes.set(table, [...(this.prefixListRoutes.get(table) ?? []),
              { logicalId, family: 'ipv4', targetProp, target: p[targetProp], destination: p.DestinationPrefixListId }]);
          }
          if (family === undefined || targetProp === undefined) break;
          const table = key(p.RouteTableId);
          const list = this.routes.get(table) ?? [];
          list.push({
            logicalId,
            family,
            targetProp,
            target: p[targetProp],
            destination: family === 'ipv6' ? p.DestinationIpv6CidrBlock : p.DestinationCidrBlock,
          });
          this.routes.set(table, list);
          break;
        }
        case 'AWS::EC2::SubnetRouteTableAssociation':
          associations.set(key(p.SubnetId), key(p.RouteTableId));
          break;
        case 'AWS::EC2::RouteTable':
          this.routeTableVpc.set(key({ Ref: logicalId }), key(p.VpcId));
          break;
        case 'AWS::EC2::VPC':
          this.addRange(key({ Ref: logicalId }), p.CidrBlock);
          break;
        case 'AWS::EC2::VPCCidrBlock':
          this.addRange(key(p.VpcId), p.CidrBlock ?? p.Ipv6CidrBlock ?? (p.AmazonProvidedIpv6CidrBlock ? { amazonProvided: logicalId } : undefined));
          break;
        case 'AWS::EC2::VPCEndpoint':
          if (p.VpcEndpointType === 'GatewayLoadBalancer') {
            const subnet = Array.isArray(p.SubnetIds) && p.SubnetIds.length === 1 ? key(p.SubnetIds[0]) : undefined;
            this.endpoints.set(key({ Ref: logicalId }), { logicalId, name: this.name(logicalId), subnetKey: subnet });
          }
          break;
        default:
          break;
      }
    }
    for (const [logicalId, r] of Object.entries<any>(this.resources)) {
      const p = r?.Properties ?? {};
      if (r?.Type === 'AWS::EC2::Subnet') {
        const subnetKey = key({ Ref: logicalId });
        const az = p.AvailabilityZone ?? p.AvailabilityZoneId;
        this.subnets.push({
          logicalId,
          name: this.name(logicalId),
          vpcKey: key(p.VpcId),
          azKey: az === undefined ? undefined : key(az),
          azLabel: az === undefined ? 'unknown Availability Zone' : label(az),
          ipv4: p.CidrBlock,
          ipv6: p.Ipv6CidrBlock,
          routeTableKey: associations.get(subnetKey),
        });
      } else if (r?.Type === 'AWS::EC2::GatewayRouteTableAssociation' && this.isInternetGatewayId(p.GatewayId)) {
        // Only the internet gateway's edge route table; a virtual private gateway's is another path.
        const table = key(p.RouteTableId);
        const vpc = this.routeTableVpc.get(table) ?? '';
        const list = this.edges.get(vpc) ?? [];
        list.push({ routeTableKey: table, gatewayKey: key(p.GatewayId) });
        this.edges.set(vpc, list);
      }
    }
  }

  walk(): WalkedPath[] {
    const paths: WalkedPath[] = [];
    const vpcs = new Set(this.subnets.map(s => s.vpcKey));
    for (const vpcKey of vpcs) paths.push(...this.walkVpc(vpcKey));
    return paths;
  }

  private walkVpc(vpcKey: string): WalkedPath[] {
    const subnets = this.subnets.filter(s => s.vpcKey === vpcKey);
    const bySubnetKey = new Map(subnets.map(s => [key({ Ref: s.logicalId }), s] as const));
    const endpoints = [...this.endpoints.entries()].filter(([, e]) => e.subnetKey !== undefined && bySubnetKey.has(e.subnetKey));
    const endpointKeys = new Set(endpoints.map(([k]) => k));
    const endpointSubnets = new Set(endpoints.map(([, e]) => e.subnetKey!));
    const edges = this.edges.get(vpcKey) ?? [];
    const toEndpoint = (r: Route) => r.targetProp === 'VpcEndpointId' && endpointKeys.has(key(r.target));
    const edgeRoutes = edges.flatMap(e => this.routes.get(e.routeTableKey) ?? []);

    const edgeServed = (s: Subnet) => edgeRoutes.some(r => toEndpoint(r)
      && [s.ipv4, s.ipv6].some(v => v !== undefined && key(v) === key(r.destination)));
    const selfRouted = (s: Subnet) => (this.routes.get(s.routeTableKey ?? '') ?? []).some(toEndpoint);
    // The bump-in-the-wire design: the gateway's edge route table sends traffic to an endpoint, or (edge table
    // forgotten) an endpoint subnet sends traffic to an internet gateway. Other uses of GWLB endpoints (behind a
    // transit gateway, east-west) are not walked.
    const endpointToInternet = subnets.some(s => endpointSubnets.has(key({ Ref: s.logicalId }))
      && (this.routes.get(s.routeTableKey ?? '') ?? []).some(r => this.isInternetGateway(r)));
    const inspected = edgeRoutes.some(toEndpoint)
      || (endpointToInternet && subnets.some(s => !endpointSubnets.has(key({ Ref: s.logicalId })) && selfRouted(s)));
    if (endpoints.length === 0 || !inspected) return [];

    const vpcName = this.vpcName(vpcKey);
    const paths: WalkedPath[] = [];
    for (const subnet of subnets) {
      const subnetKey = key({ Ref: subnet.logicalId });
      const isEndpointSubnet = endpointSubnets.has(subnetKey);
      if (!(edgeServed(subnet) || selfRouted(subnet))) continue;
      const shared = isEndpointSubnet ? [sharedSubnetProblem(subnet.name)] : [];
      const families: Array<'ipv4' | 'ipv6'> = [];
      if (subnet.ipv4 !== undefined) families.push('ipv4');
      if (subnet.ipv6 !== undefined) families.push('ipv6');
      for (const family of families) {
        for (const direction of ['inbound', 'outbound'] as const) {
          const walked: Walked = direction === 'outbound'
            ? this.outbound(subnet, family, endpoints.map(([k, e]) => [k, e] as const))
            : this.inbound(subnet, family, edges, endpoints.map(([k, e]) => [k, e] as const));
          paths.push({
            vpc: vpcName,
            vpcKey,
            subnet: subnet.name,
            subnetLogicalId: subnet.logicalId,
            availabilityZone: subnet.azLabel,
            addressFamily: family,
            direction,
            hops: walked.hops,
            inspectedBy: walked.inspectedBy,
            problems: [...shared, ...walked.problems,
              ...(direction === 'outbound' ? this.bypasses(subnet, family, walked.endpointKey, walked.first) : []),
              ...this.duplicates(direction === 'outbound' ? subnet.routeTableKey : edges[0]?.routeTableKey, family, subnet, direction),
              ...(direction === 'outbound' ? this.duplicates(this.subnetByKey(this.endpoints.get(walked.endpointKey ?? '')?.subnetKey)?.routeTableKey,
                family, subnet, direction) : [])],
          });
        }
      }
    }
    return paths;
  }

  /** From the application subnet to the internet. */
  private outbound(subnet: Subnet, family: 'ipv4' | 'ipv6', endpoints: ReadonlyArray<readonly [string, Endpoint]>): Walked {
    const hops = [subnet.name];
    const problems: string[] = [];
    const any = family === 'ipv4' ? IPV4_ANY : IPV6_ANY;
    const first = this.lookup(subnet.routeTableKey, { kind: 'internet', family }, subnet.vpcKey);
    if (first === undefined || first === 'local') {
      hops.push('dropped');
      problems.push(`${family} traffic from subnet ${subnet.name} to the internet has no route; add ${any} to the Gateway Load Balancer `
        + `endpoint in ${subnet.azLabel}`);
      return { hops, problems };
    }
    const endpoint = this.endpointOf(first, endpoints);
    if (endpoint === undefined) {
      hops.push(this.targetName(first), ...(this.isInternetGateway(first) ? ['internet'] : []));
      problems.push(`${family} traffic from subnet ${subnet.name} to the internet leaves through ${this.targetName(first)} (route ${this.name(first.logicalId)}) `
        + `without passing a Gateway Load Balancer endpoint; route ${any} to the endpoint in ${subnet.azLabel}`);
      return { hops, problems, first: first.logicalId };
    }
    hops.push(endpoint[1].name, 'appliances', endpoint[1].name);
    problems.push(...this.sameZone(subnet, endpoint[1], family, 'outbound'));
    const endpointSubnet = this.subnets.find(s => key({ Ref: s.logicalId }) === endpoint[1].subnetKey);
    const next = this.lookup(endpointSubnet?.routeTableKey, { kind: 'internet', family }, subnet.vpcKey);
    if (next === undefined || next === 'local') {
      hops.push('dropped');
      problems.push(`${family} traffic returning from inspection in ${endpoint[1].name} has no route to the internet; `
        + `route ${any} in the endpoint subnet's route table to the internet gateway`);
    } else if (this.isInternetGateway(next)) {
      hops.push(this.targetName(next), 'internet');
    } else {
      hops.push(this.targetName(next));
      problems.push(`${family} traffic returning from inspection in ${endpoint[1].name} goes to ${this.targetName(next)} (route ${this.name(next.logicalId)}), `
        + `not to the internet gateway; route ${any} in the endpoint subnet's route table to the internet gateway`);
    }
    return { hops, problems, inspectedBy: endpoint[1].name, endpointKey: endpoint[0], first: first.logicalId };
  }

  /** From the internet to the application subnet. */
  private inbound(subnet: Subnet, family: 'ipv4' | 'ipv6', edges: ReadonlyArray<{ routeTableKey: string; gatewayKey: string }>,
    endpoints: ReadonlyArray<readonly [string, Endpoint]>): Walked {
    const value = family === 'ipv4' ? subnet.ipv4 : subnet.ipv6;
    const cidrLabel = label(value);
    const hops = ['internet'];
    const problems: string[] = [];
    const edge = edges[0];
    if (edge === undefined) {
      hops.push('internet gateway', subnet.name);
      problems.push(`${family} traffic from the internet reaches subnet ${subnet.name} without inspection: the VPC's internet gateway has no `
        + `edge route table; associate one with the gateway and route ${cidrLabel} to the Gateway Load Balancer endpoint in ${subnet.azLabel}`);
      return { hops, problems };
    }
    hops.push(this.nameOfKey(edge.gatewayKey));
    const first = this.lookup(edge.routeTableKey, { kind: 'subnet', family, value }, subnet.vpcKey);
    const endpoint = first !== undefined && first !== 'local' ? this.endpointOf(first, endpoints) : undefined;
    if (endpoint === undefined) {
      if (first === 'local' || first === undefined) {
        hops.push(subnet.name);
      } else {
        hops.push(this.targetName(first));
      }
      problems.push(`${family} traffic from the internet to subnet ${subnet.name} (${cidrLabel}) `
        + `${first === 'local' || first === undefined ? 'is delivered by the local route' : `goes to ${this.targetName(first)} (route ${this.name(first.logicalId)})`} `
        + `without inspection; route ${cidrLabel} in the internet gateway's edge route table to the Gateway Load Balancer endpoint in ${subnet.azLabel}`);
      return { hops, problems };
    }
    hops.push(endpoint[1].name, 'appliances', endpoint[1].name);
    problems.push(...this.sameZone(subnet, endpoint[1], family, 'inbound'));
    problems.push(...this.partial(edge.routeTableKey, subnet, family, value, r => r.targetProp === 'VpcEndpointId' && key(r.target) === endpoint[0],
      "the internet gateway's edge route table"));
    const endpointSubnet = this.subnets.find(s => key({ Ref: s.logicalId }) === endpoint[1].subnetKey);
    const next = this.lookup(endpointSubnet?.routeTableKey, { kind: 'subnet', family, value }, subnet.vpcKey);
    problems.push(...this.partial(endpointSubnet?.routeTableKey, subnet, family, value, () => false, "the endpoint subnet's route table"));
    if (next === 'local') {
      hops.push(subnet.name);
    } else {
      hops.push(next === undefined ? 'dropped' : this.targetName(next));
      problems.push(`${family} traffic returning from inspection in ${endpoint[1].name} to subnet ${subnet.name} `
        + `${next === undefined ? 'has no route' : `goes to ${this.targetName(next)} (route ${this.name(next.logicalId)})`}; `
        + `leave ${cidrLabel} to the local route in the endpoint subnet's route table`);
    }
    return { hops, problems, inspectedBy: endpoint[1].name };
  }

  /** Routes of the application subnet that send some destination around its endpoint. */
  private bypasses(subnet: Subnet, family: 'ipv4' | 'ipv6', endpointKey: string | undefined, reported: string | undefined): string[] {
    // Routes to the endpoint the packet took, or to the subnet's same-AZ endpoint, go through the appliances.
    const sameZone = new Set([...this.endpoints.entries()]
      .filter(([, e]) => subnet.azKey !== undefined && this.subnetByKey(e.subnetKey)?.azKey === subnet.azKey).map(([k]) => k));
    if (endpointKey !== undefined) sameZone.add(endpointKey);
    // Only routes to the internet bypass inspection; private routes (transit gateway, peering, VPN) are other paths.
    const prefixLists = family === 'ipv4' ? this.prefixListRoutes.get(subnet.routeTableKey ?? '') ?? [] : [];
    return [...(this.routes.get(subnet.routeTableKey ?? '') ?? []), ...prefixLists]
      .filter(r => r.family === family && r.logicalId !== reported && !(r.targetProp === 'VpcEndpointId' && sameZone.has(key(r.target))))
      .filter(r => this.toInternet(r))
      .map(r => `route ${this.name(r.logicalId)} of subnet ${subnet.name} sends ${label(r.destination)} to ${this.targetName(r)}, around the `
        + `Gateway Load Balancer endpoint; remove it or target the endpoint in ${subnet.azLabel}`);
  }

  /**
   * Literal routes for a part of the subnet's literal range (more specific than the subnet) whose
   * target is not the expected one: the router sends that part's traffic there.
   */
  private partial(routeTableKey: string | undefined, subnet: Subnet, family: 'ipv4' | 'ipv6', value: unknown,
    expected: (r: Route) => boolean, table: string): string[] {
    if (typeof value !== 'string') return [];
    const bits = prefixOf(value) ?? 0;
    return (this.routes.get(routeTableKey ?? '') ?? [])
      .filter(r => r.family === family && typeof r.destination === 'string' && (prefixOf(r.destination) ?? 0) > bits
        && contains(value, r.destination, family) && !expected(r))
      .map(r => `route ${this.name(r.logicalId)} in ${table} sends ${r.destination}, a part of subnet ${subnet.name} (${value}), `
        + `to ${this.targetName(r)}; remove it, traffic for the subnet must go through the Gateway Load Balancer endpoint in ${subnet.azLabel}`);
  }

  private subnetByKey(subnetKey: string | undefined): Subnet | undefined {
    return this.subnets.find(s => key({ Ref: s.logicalId }) === subnetKey);
  }

  /** Two routes for one destination in a route table: CloudFormation fails the second. */
  private duplicates(routeTableKey: string | undefined, family: 'ipv4' | 'ipv6', subnet: Subnet, direction: string): string[] {
    const routes = (this.routes.get(routeTableKey ?? '') ?? []).filter(r => r.family === family);
    const relevant = direction === 'outbound'
      ? routes
      : routes.filter(r => key(r.destination) === key(family === 'ipv4' ? subnet.ipv4 : subnet.ipv6));
    const seen = new Map<string, Route>();
    const problems: string[] = [];
    for (const route of relevant) {
      const other = seen.get(key(route.destination));
      if (other) {
        problems.push(`routes ${this.name(other.logicalId)} and ${this.name(route.logicalId)} both send ${label(route.destination)} from the same route table; `
          + 'a route table takes one route per destination, remove the one that does not target the Gateway Load Balancer endpoint');
      } else {
        seen.set(key(route.destination), route);
      }
    }
    return problems;
  }

  private sameZone(subnet: Subnet, endpoint: Endpoint, family: string, direction: string): string[] {
    const endpointSubnet = this.subnets.find(s => key({ Ref: s.logicalId }) === endpoint.subnetKey);
    if (endpointSubnet?.azKey === undefined || subnet.azKey === undefined || endpointSubnet.azKey === subnet.azKey) return [];
    return [`${direction} ${family} traffic of subnet ${subnet.name} (${subnet.azLabel}) is inspected by ${endpoint.name} in `
      + `${endpointSubnet.azLabel}, another Availability Zone; route through the endpoint in ${subnet.azLabel} so that both directions stay in one zone`];
  }

  /** The route a packet takes from a route table: the most specific match, `local` for the VPC's own ranges, undefined for none. */
  private lookup(routeTableKey: string | undefined, destination: Destination, vpcKey: string): Route | 'local' | undefined {
    let best: { route: Route | 'local'; specificity: number } | undefined;
    const consider = (route: Route | 'local', specificity: number | undefined) => {
      if (specificity !== undefined && (best === undefined || specificity > best.specificity)) best = { route, specificity };
    };
    for (const route of this.routes.get(routeTableKey ?? '') ?? []) {
      if (route.family !== destination.family) continue;
      consider(route, matches(route.destination, destination));
    }
    if (destination.kind === 'subnet') {
      // The local route covers every subnet of the VPC; a route more specific than the VPC range wins over it.
      const ranges = this.vpcRanges.get(vpcKey) ?? [];
      const ofFamily = ranges.filter(r => typeof r === 'string' && r.includes(':') === (destination.family === 'ipv6')) as string[];
      const literal = ofFamily.map(prefixOf).filter((n): n is number => n !== undefined);
      consider('local', Math.max(1, ...literal));
    }
    return best?.route;
  }

  private endpointOf(route: Route, endpoints: ReadonlyArray<readonly [string, Endpoint]>): readonly [string, Endpoint] | undefined {
    if (route.targetProp !== 'VpcEndpointId') return undefined;
    return endpoints.find(([k]) => k === key(route.target));
  }

  /** Whether a gateway id is an internet gateway: a reference to one, or a literal `igw-` id. */
  private isInternetGatewayId(value: unknown): boolean {
    const ref = refOf(value);
    const type = ref === undefined ? undefined : this.resources[ref]?.Type;
    return type === 'AWS::EC2::InternetGateway' || (type === undefined && typeof value === 'string' && value.startsWith('igw-'));
  }

  /** Whether a route leads to the internet: an internet, egress-only internet or carrier gateway, or a NAT gateway. */
  private toInternet(route: Route): boolean {
    return (route.targetProp === 'GatewayId' && this.isInternetGatewayId(route.target))
      || ['EgressOnlyInternetGatewayId', 'NatGatewayId', 'CarrierGatewayId'].includes(route.targetProp);
  }

  private isInternetGateway(route: Route): boolean {
    if (route.targetProp !== 'GatewayId') return false;
    const ref = refOf(route.target);
    const type = ref === undefined ? undefined : this.resources[ref]?.Type;
    return type === 'AWS::EC2::InternetGateway' || (type === undefined && typeof route.target === 'string' && route.target.startsWith('igw-'));
  }

  private targetName(route: Route): string {
    const ref = refOf(route.target);
    if (ref !== undefined && this.resources[ref] !== undefined) return this.name(ref);
    return `${route.targetProp} ${label(route.target)}`;
  }

  private nameOfKey(k: string): string {
    const ref = refOf(JSON.parse(k));
    return ref !== undefined && this.resources[ref] !== undefined ? this.name(ref) : label(JSON.parse(k));
  }

  private vpcName(vpcKey: string): string {
    return this.nameOfKey(vpcKey);
  }

  private name(logicalId: string): string {
    const known = this.namer(logicalId);
    if (known !== undefined) return known;
    const path = this.resources[logicalId]?.Metadata?.['aws:cdk:path'];
    return typeof path === 'string' ? path.replace(/\/(Resource|Subnet)$/, '') : logicalId;
  }

  private addRange(vpcKey: string, range: unknown): void {
    if (range === undefined) return;
    const list = this.vpcRanges.get(vpcKey) ?? [];
    list.push(range);
    this.vpcRanges.set(vpcKey, list);
  }
}

function key(value: unknown): string {
  return JSON.stringify(value ?? null);
}

function refOf(value: any): string | undefined {
  if (value && typeof value === 'object') {
    if (typeof value.Ref === 'string') return value.Ref;
    const getAtt = value['Fn::GetAtt'];
    if (Array.isArray(getAtt)) return getAtt[0];
    if (typeof getAtt === 'string') return getAtt.split('.')[0];
  }
  return undefined;
}


/** How specifically a route destination matches a destination; undefined when it does not. */
function matches(routeDestination: unknown, destination: Destination): number | undefined {
  if (routeDestination === (destination.family === 'ipv4' ? IPV4_ANY : IPV6_ANY)) return 0;
  const target = destination.kind === 'internet' ? INTERNET_SAMPLE[destination.family] : destination.value;
  if (key(routeDestination) === key(target)) return typeof target === 'string' ? prefixOf(target) ?? 200 : 200;
  if (typeof routeDestination === 'string' && typeof target === 'string') {
    return contains(routeDestination, target, destination.family) ? prefixOf(routeDestination) : undefined;
  }
  return undefined;
}

function prefixOf(cidr: string): number | undefined {
  const bits = Number(cidr.split('/')[1]);
  return Number.isInteger(bits) ? bits : undefined;
}

/** Whether literal range `outer` contains literal range `inner`. */
function contains(outer: string, inner: string, family: 'ipv4' | 'ipv6'): boolean {
  const o = parse(outer, family);
  const i = parse(inner, family);
  if (o === undefined || i === undefined || i.bits < o.bits) return false;
  const width = family === 'ipv4' ? 32 : 128;
  const block = 2n ** BigInt(width - o.bits);
  return o.value / block === i.value / block;
}

function parse(cidr: string, family: 'ipv4' | 'ipv6'): { value: bigint; bits: number } | undefined {
  const [address, bitsText] = cidr.split('/');
  const bits = Number(bitsText);
  if (!Number.isInteger(bits)) return undefined;
  if (family === 'ipv4') {
    const parts = address.split('.').map(Number);
    if (parts.length !== 4 || parts.some(p => !Number.isInteger(p) || p < 0 || p > 255)) return undefined;
    return { value: parts.reduce((n, p) => n * 256n + BigInt(p), 0n), bits };
  }
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return undefined;
  const groups = [...headGroups, ...Array(missing).fill('0'), ...tailGroups];
  if (groups.some(g => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return { value: groups.reduce((n, g) => n * 65536n + BigInt(parseInt(g, 16)), 0n), bits };
}
