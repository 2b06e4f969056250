import { CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { IConstruct } from 'constructs';
import { GatewayLoadBalancerEndpoint } from '../../src/endpoints/gateway-load-balancer-endpoint';
import { GwlbInspectionService } from '../../src/gwlb/gwlb-inspection-service';
import { GwlbInspectionVpc } from '../../src/gwlb/gwlb-inspection-vpc';
import { InspectionPath, InspectionRouteWalk } from '../../src/gwlb/inspection-route-walk';
import { envStack, isolatedVpc, STACK_KINDS, TEST_AZS } from '../fixtures';

const SERVICE_NAME = 'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0';

type Family = 'ipv4' | 'ipv6';

/** A same-app inspection service in an isolated provider VPC, serving `zones` zones. */
function newService(stack: Stack, dualStack: boolean, zones = 2): GwlbInspectionService {
  const vpc = isolatedVpc(stack, { cidr: '10.70.0.0/16', maxAzs: zones, ipProtocol: dualStack ? ec2.IpProtocol.DUAL_STACK : undefined }, 'ProviderVpc');
  return new GwlbInspectionService(stack, 'Service', {
    vpc,
    ...(dualStack ? {
      supportedIpAddressTypes: [ec2.IpAddressType.IPV4, ec2.IpAddressType.IPV6],
      ipAddressType: elbv2.IpAddressType.DUAL_STACK,
    } : {}),
  });
}

/** A stack with an inspection VPC, and its synthesized template. */
interface Inspected {
  readonly stack: Stack;
  readonly inspected: GwlbInspectionVpc;
  readonly template: any;
}

function inspectedStack(newStack: () => Stack, dualStack: boolean, availabilityZones?: string[]): Inspected {
  const stack = newStack();
  const inspected = new GwlbInspectionVpc(stack, 'Inspected', {
    service: newService(stack, dualStack, availabilityZones?.length), dualStack, availabilityZones,
  });
  return { stack, inspected, template: Template.fromStack(stack).toJSON() };
}

function logicalIdOf(construct: IConstruct): string {
  const cfn = CfnResource.isCfnResource(construct) ? construct : construct.node.defaultChild as CfnResource;
  return Stack.of(cfn).resolve(cfn.logicalId);
}

/** What the walk calls a construct: its logical id in a bare template, its construct path (without `/Resource`, `/Subnet`) in a stack. */
type Namer = (construct: IConstruct) => string;
const BY_LOGICAL_ID: Namer = logicalIdOf;
const BY_PATH: Namer = c => c.node.path.replace(/\/Resource$/, '');

/** The paths of a well-built inspection VPC: every zone, family and direction through the same-AZ endpoint. */
function expectedPaths(inspected: GwlbInspectionVpc, families: Family[], name: Namer): InspectionPath[] {
  const igw = name(inspected.internetGateway!);
  return inspected.zones.flatMap(zone => families.flatMap(family => {
    const subnet = name(zone.applicationSubnet);
    const endpoint = name(zone.endpoint);
    const common = {
      vpc: name(inspected.cfnVpc!),
      subnet,
      subnetLogicalId: logicalIdOf(zone.applicationSubnet),
      availabilityZone: zone.availabilityZone,
      addressFamily: family,
      inspectedBy: endpoint,
      inspected: true,
      problems: [],
    };
    return [
      { ...common, direction: 'inbound', hops: ['internet', igw, endpoint, 'appliances', endpoint, subnet] },
      { ...common, direction: 'outbound', hops: [subnet, endpoint, 'appliances', endpoint, igw, 'internet'] },
    ];
  }));
}

function sortPaths(paths: InspectionPath[]): InspectionPath[] {
  const key = (p: InspectionPath) => `${p.vpc} ${p.subnetLogicalId} ${p.addressFamily} ${p.direction}`;
  return [...paths].sort((a, b) => key(a).localeCompare(key(b)));
}

function clone(template: any): any {
  return JSON.parse(JSON.stringify(template));
}

/** The one path of a subnet, family and direction. */
function pathOf(paths: InspectionPath[], subnet: IConstruct, family: Family, direction: 'inbound' | 'outbound'): InspectionPath {
  const found = paths.filter(p => p.subnetLogicalId === logicalIdOf(subnet) && p.addressFamily === family && p.direction === direction);
  expect(found).toHaveLength(1);
  return found[0];
}

/** The paths other than those of one subnet. */
function otherPaths(paths: InspectionPath[], subnet: IConstruct): InspectionPath[] {
  return paths.filter(p => p.subnetLogicalId !== logicalIdOf(subnet));
}

/** An inspection route by its construct id: `EdgeIpv4` (of the zone's endpoint), `ApplicationIpv4`, `InternetIpv4` (of the zone). */
function routeId(inspected: GwlbInspectionVpc, zone: number, id: string): string {
  const route = id.startsWith('Internet')
    ? inspected.node.findChild('Routes').node.findChild(`Zone${zone + 1}${id}`)
    : inspected.zones[zone].endpoint.node.findChild('Routes').node.findChild(id);
  return logicalIdOf(route);
}

describe('InspectionRouteWalk', () => {
  describe.each(STACK_KINDS)('a GwlbInspectionVpc (%s)', (kind, newStack) => {
    let ipv4: Inspected;
    let dual: Inspected;

    beforeAll(() => {
      ipv4 = inspectedStack(newStack, false);
      dual = inspectedStack(newStack, true);
    });

    test('from the template alone: in every zone, IPv4 goes through the same-AZ endpoint both ways', () => {
      // WHEN
      const paths = InspectionRouteWalk.ofTemplate(ipv4.template);

      // THEN: 2 zones x 1 family x 2 directions
      expect(paths).toHaveLength(4);
      expect(sortPaths(paths)).toEqual(sortPaths(expectedPaths(ipv4.inspected, ['ipv4'], BY_LOGICAL_ID)));
      expect(paths.map(p => p.availabilityZone)).toEqual(kind === 'with env'
        ? ['us-east-1a', 'us-east-1a', 'us-east-1b', 'us-east-1b'] : ['AZ[0]', 'AZ[0]', 'AZ[1]', 'AZ[1]']);
    });

    test('from the template alone: in every zone, IPv4 and IPv6 go through the same-AZ endpoint both ways', () => {
      // WHEN
      const paths = InspectionRouteWalk.ofTemplate(dual.template);

      // THEN: 2 zones x 2 families x 2 directions
      expect(paths).toHaveLength(8);
      expect(sortPaths(paths)).toEqual(sortPaths(expectedPaths(dual.inspected, ['ipv4', 'ipv6'], BY_LOGICAL_ID)));
      for (const path of paths) {
        expect(path.inspected).toBe(true);
        expect(path.problems).toEqual([]);
      }
    });

    test('from the stack: the same paths, named by construct path', () => {
      // WHEN
      const paths = [...InspectionRouteWalk.ofStack(ipv4.stack), ...InspectionRouteWalk.ofStack(dual.stack)];

      // THEN
      expect(paths).toHaveLength(12);
      expect(sortPaths(paths)).toEqual(sortPaths([
        ...expectedPaths(ipv4.inspected, ['ipv4'], BY_PATH), ...expectedPaths(dual.inspected, ['ipv4', 'ipv6'], BY_PATH),
      ]));
      expect(pathOf(paths.slice(0, 4), ipv4.inspected.zones[0].applicationSubnet, 'ipv4', 'inbound').hops)
        .toEqual(['internet', 'Stack/Inspected/InternetGateway', 'Stack/Inspected/Endpoint1', 'appliances', 'Stack/Inspected/Endpoint1',
          'Stack/Inspected/ApplicationSubnet1']);
    });

    describe('catches problems planted in the template', () => {
      test('a route around the endpoint in an application route table', () => {
        // GIVEN
        const template = clone(ipv4.template);
        const zone = ipv4.inspected.zones[0];
        const igw = logicalIdOf(ipv4.inspected.internetGateway!);
        template.Resources.Bypass = {
          Type: 'AWS::EC2::Route',
          Properties: { RouteTableId: ipv4.stack.resolve(zone.applicationSubnet.routeTable.routeTableId), DestinationCidrBlock: '198.51.100.0/24', GatewayId: { Ref: igw } },
        };

        // WHEN
        const paths = InspectionRouteWalk.ofTemplate(template);

        // THEN: the default route still passes the endpoint, but the bypass is reported
        const outbound = pathOf(paths, zone.applicationSubnet, 'ipv4', 'outbound');
        expect(outbound.inspected).toBe(false);
        expect(outbound.inspectedBy).toBe(logicalIdOf(zone.endpoint));
        expect(outbound.problems).toEqual([`route Bypass of subnet ${logicalIdOf(zone.applicationSubnet)} sends 198.51.100.0/24 to ${igw}, `
          + `around the Gateway Load Balancer endpoint; remove it or target the endpoint in ${zone.availabilityZone}`]);
        expect(pathOf(paths, zone.applicationSubnet, 'ipv4', 'inbound').inspected).toBe(true);
        expect(otherPaths(paths, zone.applicationSubnet).every(p => p.inspected)).toBe(true);
      });

      test('the application default route to the internet gateway', () => {
        // GIVEN
        const template = clone(ipv4.template);
        const zone = ipv4.inspected.zones[0];
        const igw = logicalIdOf(ipv4.inspected.internetGateway!);
        const route = template.Resources[routeId(ipv4.inspected, 0, 'ApplicationIpv4')];
        delete route.Properties.VpcEndpointId;
        route.Properties.GatewayId = { Ref: igw };

        // WHEN
        const paths = InspectionRouteWalk.ofTemplate(template);

        // THEN
        const outbound = pathOf(paths, zone.applicationSubnet, 'ipv4', 'outbound');
        expect(outbound.hops).toEqual([logicalIdOf(zone.applicationSubnet), igw, 'internet']);
        expect(outbound.inspectedBy).toBeUndefined();
        expect(outbound.inspected).toBe(false);
        expect(outbound.problems).toEqual([`ipv4 traffic from subnet ${logicalIdOf(zone.applicationSubnet)} to the internet leaves through ${igw} `
          + `(route ${routeId(ipv4.inspected, 0, 'ApplicationIpv4')}) without passing a Gateway Load Balancer endpoint; `
          + `route 0.0.0.0/0 to the endpoint in ${zone.availabilityZone}`]);
        expect(otherPaths(paths, zone.applicationSubnet).every(p => p.inspected)).toBe(true);
      });

      test('the edge route removed: the local route delivers inbound traffic uninspected', () => {
        // GIVEN
        const template = clone(ipv4.template);
        const zone = ipv4.inspected.zones[0];
        delete template.Resources[routeId(ipv4.inspected, 0, 'EdgeIpv4')];

        // WHEN
        const paths = InspectionRouteWalk.ofTemplate(template);

        // THEN
        const inbound = pathOf(paths, zone.applicationSubnet, 'ipv4', 'inbound');
        expect(inbound.hops).toEqual(['internet', logicalIdOf(ipv4.inspected.internetGateway!), logicalIdOf(zone.applicationSubnet)]);
        expect(inbound.inspectedBy).toBeUndefined();
        expect(inbound.inspected).toBe(false);
        expect(inbound.problems).toEqual([`ipv4 traffic from the internet to subnet ${logicalIdOf(zone.applicationSubnet)} (10.0.0.0/24) is delivered `
          + 'by the local route without inspection; route 10.0.0.0/24 in the internet gateway\'s edge route table to the Gateway Load Balancer '
          + `endpoint in ${zone.availabilityZone}`]);
        expect(pathOf(paths, zone.applicationSubnet, 'ipv4', 'outbound').inspected).toBe(true);
      });

      test('an edge route to the endpoint of the other zone', () => {
        // GIVEN
        const template = clone(ipv4.template);
        const [zone, other] = ipv4.inspected.zones;
        template.Resources[routeId(ipv4.inspected, 0, 'EdgeIpv4')].Properties.VpcEndpointId = { Ref: logicalIdOf(other.endpoint) };

        // WHEN
        const paths = InspectionRouteWalk.ofTemplate(template);

        // THEN
        const inbound = pathOf(paths, zone.applicationSubnet, 'ipv4', 'inbound');
        const otherEndpoint = logicalIdOf(other.endpoint);
        expect(inbound.hops).toEqual(['internet', logicalIdOf(ipv4.inspected.internetGateway!), otherEndpoint, 'appliances', otherEndpoint,
          logicalIdOf(zone.applicationSubnet)]);
        expect(inbound.inspectedBy).toBe(otherEndpoint);
        expect(inbound.inspected).toBe(false);
        expect(inbound.problems).toEqual([`inbound ipv4 traffic of subnet ${logicalIdOf(zone.applicationSubnet)} (${zone.availabilityZone}) is inspected `
          + `by ${otherEndpoint} in ${other.availabilityZone}, another Availability Zone; route through the endpoint in ${zone.availabilityZone} `
          + 'so that both directions stay in one zone']);
        expect(pathOf(paths, zone.applicationSubnet, 'ipv4', 'outbound').inspected).toBe(true);
      });

      test('the endpoint subnet\'s default route removed: inspected traffic is dropped', () => {
        // GIVEN
        const template = clone(ipv4.template);
        const zone = ipv4.inspected.zones[0];
        delete template.Resources[routeId(ipv4.inspected, 0, 'InternetIpv4')];

        // WHEN
        const paths = InspectionRouteWalk.ofTemplate(template);

        // THEN
        const outbound = pathOf(paths, zone.applicationSubnet, 'ipv4', 'outbound');
        const endpoint = logicalIdOf(zone.endpoint);
        expect(outbound.hops).toEqual([logicalIdOf(zone.applicationSubnet), endpoint, 'appliances', endpoint, 'dropped']);
        expect(outbound.inspectedBy).toBe(endpoint);
        expect(outbound.inspected).toBe(false);
        expect(outbound.problems).toEqual([`ipv4 traffic returning from inspection in ${endpoint} has no route to the internet; `
          + 'route 0.0.0.0/0 in the endpoint subnet\'s route table to the internet gateway']);
        expect(pathOf(paths, zone.applicationSubnet, 'ipv4', 'inbound').inspected).toBe(true);
        expect(otherPaths(paths, zone.applicationSubnet).every(p => p.inspected)).toBe(true);
      });

      test('the endpoint subnet\'s default route to a NAT gateway', () => {
        // GIVEN
        const template = clone(ipv4.template);
        const zone = ipv4.inspected.zones[0];
        template.Resources.Nat = { Type: 'AWS::EC2::NatGateway', Properties: { SubnetId: ipv4.stack.resolve(zone.endpointSubnet.subnetId) } };
        const route = template.Resources[routeId(ipv4.inspected, 0, 'InternetIpv4')];
        delete route.Properties.GatewayId;
        route.Properties.NatGatewayId = { Ref: 'Nat' };

        // WHEN
        const paths = InspectionRouteWalk.ofTemplate(template);

        // THEN
        const outbound = pathOf(paths, zone.applicationSubnet, 'ipv4', 'outbound');
        const endpoint = logicalIdOf(zone.endpoint);
        expect(outbound.hops).toEqual([logicalIdOf(zone.applicationSubnet), endpoint, 'appliances', endpoint, 'Nat']);
        expect(outbound.inspected).toBe(false);
        expect(outbound.problems).toEqual([`ipv4 traffic returning from inspection in ${endpoint} goes to Nat (route ${routeId(ipv4.inspected, 0, 'InternetIpv4')}), `
          + 'not to the internet gateway; route 0.0.0.0/0 in the endpoint subnet\'s route table to the internet gateway']);
      });

      test('two routes for 0.0.0.0/0 in one route table', () => {
        // GIVEN
        const template = clone(ipv4.template);
        const zone = ipv4.inspected.zones[0];
        const igw = logicalIdOf(ipv4.inspected.internetGateway!);
        template.Resources.SecondDefault = {
          Type: 'AWS::EC2::Route',
          Properties: { RouteTableId: ipv4.stack.resolve(zone.applicationSubnet.routeTable.routeTableId), DestinationCidrBlock: '0.0.0.0/0', GatewayId: { Ref: igw } },
        };

        // WHEN
        const paths = InspectionRouteWalk.ofTemplate(template);

        // THEN
        const outbound = pathOf(paths, zone.applicationSubnet, 'ipv4', 'outbound');
        expect(outbound.inspected).toBe(false);
        expect(outbound.problems).toContain(`routes ${routeId(ipv4.inspected, 0, 'ApplicationIpv4')} and SecondDefault both send 0.0.0.0/0 from the same `
          + 'route table; a route table takes one route per destination, remove the one that does not target the Gateway Load Balancer endpoint');
        expect(outbound.problems).toContain(`route SecondDefault of subnet ${logicalIdOf(zone.applicationSubnet)} sends 0.0.0.0/0 to ${igw}, around the `
          + `Gateway Load Balancer endpoint; remove it or target the endpoint in ${zone.availabilityZone}`);
      });

      test('an application subnet that is also the endpoint subnet', () => {
        // GIVEN: the first endpoint moved into the first application subnet
        const template = clone(ipv4.template);
        const zone = ipv4.inspected.zones[0];
        template.Resources[logicalIdOf(zone.endpoint)].Properties.SubnetIds = [ipv4.stack.resolve(zone.applicationSubnet.subnetId)];

        // WHEN
        const paths = InspectionRouteWalk.ofTemplate(template);

        // THEN
        const shared = `application subnet ${logicalIdOf(zone.applicationSubnet)} is also the subnet of a Gateway Load Balancer endpoint; `
          + 'keep application servers and the endpoint in separate subnets, each with its own route table';
        for (const direction of ['inbound', 'outbound'] as const) {
          const path = pathOf(paths, zone.applicationSubnet, 'ipv4', direction);
          expect(path.inspected).toBe(false);
          expect(path.problems).toContain(shared);
        }
        // Returning traffic meets the application route table again, which sends it back to the endpoint.
        expect(pathOf(paths, zone.applicationSubnet, 'ipv4', 'outbound').hops.slice(-1)).toEqual([logicalIdOf(zone.endpoint)]);
        expect(otherPaths(paths, zone.applicationSubnet).every(p => p.inspected)).toBe(true);
      });

      test('an IPv6 edge route removed, and the IPv6 application default route to the internet gateway', () => {
        // GIVEN
        const template = clone(dual.template);
        const [zone, other] = dual.inspected.zones;
        const igw = logicalIdOf(dual.inspected.internetGateway!);
        delete template.Resources[routeId(dual.inspected, 0, 'EdgeIpv6')];
        const route = template.Resources[routeId(dual.inspected, 1, 'ApplicationIpv6')];
        delete route.Properties.VpcEndpointId;
        route.Properties.GatewayId = { Ref: igw };

        // WHEN
        const paths = InspectionRouteWalk.ofTemplate(template);

        // THEN
        const inbound = pathOf(paths, zone.applicationSubnet, 'ipv6', 'inbound');
        expect(inbound.hops).toEqual(['internet', igw, logicalIdOf(zone.applicationSubnet)]);
        expect(inbound.problems).toEqual([expect.stringMatching(/^ipv6 traffic from the internet to subnet \S+ \(.+\) is delivered by the local route without inspection/)]);
        const outbound = pathOf(paths, other.applicationSubnet, 'ipv6', 'outbound');
        expect(outbound.hops).toEqual([logicalIdOf(other.applicationSubnet), igw, 'internet']);
        expect(outbound.problems).toEqual([expect.stringMatching(/^ipv6 traffic from subnet \S+ to the internet leaves through .* route ::\/0 to the endpoint/)]);
        expect(paths.filter(p => p.addressFamily === 'ipv4').every(p => p.inspected)).toBe(true);
        expect(paths.filter(p => !p.inspected)).toHaveLength(2);
      });
    });

    describe('longest prefix', () => {
      test('a more specific route around the endpoint wins over the default route', () => {
        // GIVEN: 128.0.0.0/1 holds the internet address the walk sends to
        const template = clone(ipv4.template);
        const zone = ipv4.inspected.zones[0];
        const igw = logicalIdOf(ipv4.inspected.internetGateway!);
        template.Resources.HalfTheInternet = {
          Type: 'AWS::EC2::Route',
          Properties: { RouteTableId: ipv4.stack.resolve(zone.applicationSubnet.routeTable.routeTableId), DestinationCidrBlock: '128.0.0.0/1', GatewayId: { Ref: igw } },
        };

        // WHEN
        const outbound = pathOf(InspectionRouteWalk.ofTemplate(template), zone.applicationSubnet, 'ipv4', 'outbound');

        // THEN
        expect(outbound.hops).toEqual([logicalIdOf(zone.applicationSubnet), igw, 'internet']);
        expect(outbound.inspectedBy).toBeUndefined();
        expect(outbound.inspected).toBe(false);
        expect(outbound.problems).toContainEqual(expect.stringMatching(/leaves through \S+ \(route HalfTheInternet\) without passing a Gateway Load Balancer endpoint/));
      });

      test('the more specific route is the only one reported: the default route to the same-AZ endpoint is no bypass', () => {
        // GIVEN
        const template = clone(ipv4.template);
        const zone = ipv4.inspected.zones[0];
        template.Resources.HalfTheInternet = {
          Type: 'AWS::EC2::Route',
          Properties: {
            RouteTableId: ipv4.stack.resolve(zone.applicationSubnet.routeTable.routeTableId),
            DestinationCidrBlock: '128.0.0.0/1',
            GatewayId: { Ref: logicalIdOf(ipv4.inspected.internetGateway!) },
          },
        };

        // WHEN
        const outbound = pathOf(InspectionRouteWalk.ofTemplate(template), zone.applicationSubnet, 'ipv4', 'outbound');

        // THEN
        expect(outbound.problems).toHaveLength(1);
        expect(outbound.problems.join('\n')).not.toContain(routeId(ipv4.inspected, 0, 'ApplicationIpv4'));
      });

      test.each([
        ['the other zone\'s endpoint', 'endpoint'],
        ['the internet gateway', 'igw'],
      ])('an edge route for a part of the subnet (10.0.0.0/25) to %s is reported', (_name, target) => {
        // GIVEN: the first application subnet is 10.0.0.0/24
        const template = clone(ipv4.template);
        const [zone, other] = ipv4.inspected.zones;
        template.Resources.HalfTheSubnet = {
          Type: 'AWS::EC2::Route',
          Properties: {
            RouteTableId: ipv4.stack.resolve(ipv4.inspected.edgeRouteTable.ref),
            DestinationCidrBlock: '10.0.0.0/25',
            ...(target === 'endpoint' ? { VpcEndpointId: { Ref: logicalIdOf(other.endpoint) } } : { GatewayId: 'igw-0123456789abcdef0' }),
          },
        };

        // WHEN
        const inbound = pathOf(InspectionRouteWalk.ofTemplate(template), zone.applicationSubnet, 'ipv4', 'inbound');

        // THEN
        expect(inbound.inspected).toBe(false);
        expect(inbound.problems).toEqual([expect.stringMatching(new RegExp(
          `^route HalfTheSubnet in the internet gateway's edge route table sends 10\\.0\\.0\\.0/25, a part of subnet ${logicalIdOf(zone.applicationSubnet)} `
          + '\\(10\\.0\\.0\\.0/24\\), to .*; remove it, traffic for the subnet must go through the Gateway Load Balancer endpoint'))]);
      });

      test('a route for a part of the subnet in the endpoint subnet\'s route table is reported', () => {
        // GIVEN
        const template = clone(ipv4.template);
        const zone = ipv4.inspected.zones[0];
        template.Resources.ReturnElsewhere = {
          Type: 'AWS::EC2::Route',
          Properties: {
            RouteTableId: ipv4.stack.resolve(zone.endpointSubnet.routeTable.routeTableId),
            DestinationCidrBlock: '10.0.0.128/25',
            GatewayId: { Ref: logicalIdOf(ipv4.inspected.internetGateway!) },
          },
        };

        // WHEN
        const inbound = pathOf(InspectionRouteWalk.ofTemplate(template), zone.applicationSubnet, 'ipv4', 'inbound');

        // THEN
        expect(inbound.problems).toEqual([expect.stringMatching(/^route ReturnElsewhere in the endpoint subnet's route table sends 10\.0\.0\.128\/25, a part of subnet/)]);
      });

      test('a less specific literal edge route loses to the subnet\'s own edge route', () => {
        // GIVEN: 10.0.0.0/20 (both application subnets) to the second endpoint
        const template = clone(ipv4.template);
        const [zone, other] = ipv4.inspected.zones;
        template.Resources.Wide = {
          Type: 'AWS::EC2::Route',
          Properties: {
            RouteTableId: ipv4.stack.resolve(ipv4.inspected.edgeRouteTable.ref), DestinationCidrBlock: '10.0.0.0/20', VpcEndpointId: { Ref: logicalIdOf(other.endpoint) },
          },
        };

        // WHEN
        const paths = InspectionRouteWalk.ofTemplate(template);

        // THEN
        expect(pathOf(paths, zone.applicationSubnet, 'ipv4', 'inbound').inspectedBy).toBe(logicalIdOf(zone.endpoint));
        expect(paths.every(p => p.inspected)).toBe(true);
      });

      test('a literal edge route less specific than the VPC range loses to the local route', () => {
        // GIVEN: the subnet's edge route replaced by 10.0.0.0/8
        const template = clone(ipv4.template);
        const zone = ipv4.inspected.zones[0];
        template.Resources[routeId(ipv4.inspected, 0, 'EdgeIpv4')].Properties.DestinationCidrBlock = '10.0.0.0/8';

        // WHEN
        const inbound = pathOf(InspectionRouteWalk.ofTemplate(template), zone.applicationSubnet, 'ipv4', 'inbound');

        // THEN
        expect(inbound.hops).toEqual(['internet', logicalIdOf(ipv4.inspected.internetGateway!), logicalIdOf(zone.applicationSubnet)]);
        expect(inbound.problems).toEqual([expect.stringMatching(/is delivered by the local route without inspection/)]);
      });

      test('an exact match of the subnet\'s token IPv6 range wins over a literal IPv6 route', () => {
        // GIVEN: a literal range that may well hold the Amazon-provided one, to the second endpoint
        const template = clone(dual.template);
        const [zone, other] = dual.inspected.zones;
        template.Resources.Literal = {
          Type: 'AWS::EC2::Route',
          Properties: {
            RouteTableId: dual.stack.resolve(dual.inspected.edgeRouteTable.ref), DestinationIpv6CidrBlock: '2600:1f00::/24', VpcEndpointId: { Ref: logicalIdOf(other.endpoint) },
          },
        };

        // WHEN
        const paths = InspectionRouteWalk.ofTemplate(template);

        // THEN
        expect(pathOf(paths, zone.applicationSubnet, 'ipv6', 'inbound').inspectedBy).toBe(logicalIdOf(zone.endpoint));
        expect(paths.every(p => p.inspected)).toBe(true);
      });
    });

    test('a virtual private gateway\'s edge association is not taken for the internet gateway\'s', () => {
      // GIVEN: a VGW edge association listed before the IGW's
      const template = clone(ipv4.template);
      const resources = template.Resources;
      template.Resources = {
        VgwTable: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: ipv4.stack.resolve(ipv4.inspected.vpc.vpcId) } },
        VgwEdge: { Type: 'AWS::EC2::GatewayRouteTableAssociation', Properties: { GatewayId: 'vgw-0123456789abcdef0', RouteTableId: { Ref: 'VgwTable' } } },
        ...resources,
      };

      // WHEN / THEN
      expect(InspectionRouteWalk.ofTemplate(template).every(p => p.inspected)).toBe(true);
    });

    test('a template without GWLB endpoints gives no path', () => {
      // GIVEN
      const template = clone(ipv4.template);
      for (const [id, resource] of Object.entries<any>(template.Resources)) {
        if (resource.Type === 'AWS::EC2::VPCEndpoint') delete template.Resources[id];
      }

      // THEN
      expect(InspectionRouteWalk.ofTemplate(template)).toEqual([]);
      expect(InspectionRouteWalk.ofTemplate({})).toEqual([]);
      expect(InspectionRouteWalk.ofTemplate({ Resources: {} })).toEqual([]);
    });
  });

  test('three zones, dual stack: 12 paths, every one through the same-AZ endpoint', () => {
    // GIVEN
    const { stack, inspected, template } = inspectedStack(() => envStack(), true, [...TEST_AZS]);

    // WHEN
    const paths = InspectionRouteWalk.ofTemplate(template);

    // THEN
    expect(paths).toHaveLength(3 * 2 * 2);
    expect(sortPaths(paths)).toEqual(sortPaths(expectedPaths(inspected, ['ipv4', 'ipv6'], BY_LOGICAL_ID)));
    expect(new Set(paths.map(p => p.availabilityZone))).toEqual(new Set(TEST_AZS));
    expect(sortPaths(InspectionRouteWalk.ofStack(stack))).toEqual(sortPaths(expectedPaths(inspected, ['ipv4', 'ipv6'], BY_PATH)));
  });

  describe.each(STACK_KINDS)('a GWLB endpoint used without an internet gateway edge design (%s)', (_kind, newStack) => {
    let stack: Stack;
    let template: any;
    let vpc: ec2.Vpc;
    let endpoint: GatewayLoadBalancerEndpoint;

    beforeAll(() => {
      // A private subnet sends 0.0.0.0/0 to the endpoint; the endpoint subnet has no route to an internet gateway.
      stack = newStack();
      vpc = isolatedVpc(stack, {
        maxAzs: 2,
        subnetConfiguration: [
          { name: 'app', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
          { name: 'gwlbe', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 28 },
        ],
      });
      const [app] = vpc.selectSubnets({ subnetGroupName: 'app' }).subnets;
      const [gwlbe] = vpc.selectSubnets({ subnetGroupName: 'gwlbe' }).subnets;
      endpoint = new GatewayLoadBalancerEndpoint(stack, 'Endpoint', { vpc, serviceName: SERVICE_NAME, subnets: { subnets: [gwlbe] } });
      endpoint.addRoute('AppDefault', { routeTableId: app.routeTable.routeTableId, destinationCidrBlock: '0.0.0.0/0' });
      template = Template.fromStack(stack).toJSON();
    });

    test('is not walked', () => {
      expect(InspectionRouteWalk.ofTemplate(template)).toEqual([]);
      expect(InspectionRouteWalk.ofStack(stack)).toEqual([]);
    });

    test('is walked once the endpoint subnet routes to an internet gateway, and reports the missing edge route table', () => {
      // GIVEN
      const mutated = clone(template);
      const [app] = vpc.selectSubnets({ subnetGroupName: 'app' }).subnets;
      const [gwlbe] = vpc.selectSubnets({ subnetGroupName: 'gwlbe' }).subnets;
      mutated.Resources.Igw = { Type: 'AWS::EC2::InternetGateway' };
      mutated.Resources.ToInternet = {
        Type: 'AWS::EC2::Route',
        Properties: { RouteTableId: stack.resolve(gwlbe.routeTable.routeTableId), DestinationCidrBlock: '0.0.0.0/0', GatewayId: { Ref: 'Igw' } },
      };

      // WHEN
      const paths = InspectionRouteWalk.ofTemplate(mutated);

      // THEN
      expect(paths).toHaveLength(2);
      const inbound = pathOf(paths, app, 'ipv4', 'inbound');
      expect(inbound.hops).toEqual(['internet', 'internet gateway', logicalIdOf(app)]);
      expect(inbound.inspected).toBe(false);
      expect(inbound.problems).toEqual([expect.stringMatching(/^ipv4 traffic from the internet reaches subnet \S+ without inspection: the VPC's internet gateway has no edge route table/)]);
      const outbound = pathOf(paths, app, 'ipv4', 'outbound');
      expect(outbound.hops).toEqual([logicalIdOf(app), logicalIdOf(endpoint), 'appliances', logicalIdOf(endpoint), 'Igw', 'internet']);
      expect(outbound.inspected).toBe(true);
    });
  });
});
