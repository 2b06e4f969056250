import { Fn, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { GatewayLoadBalancerEndpoint } from '../../src/endpoints/gateway-load-balancer-endpoint';
import { InterfaceEndpoint } from '../../src/endpoints/interface-endpoint';
import { acknowledgeVpcFlowLogs, agnosticStack, envStack, errorMessageOf, isolatedVpc, STACK_KINDS } from '../fixtures';
import { expectCleanSynth } from '../harness';

const SERVICE = 'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0';
const OTHER_SERVICE = 'com.amazonaws.vpce.us-east-1.vpce-svc-0fedcba9876543210';

/** Three AZs with two isolated subnet groups: `gwlbe` for endpoints and `app` for workloads. */
function newVpc(stack: Stack, props: Partial<ec2.VpcProps> = {}): ec2.Vpc {
  return isolatedVpc(stack, {
    subnetConfiguration: [
      { name: 'gwlbe', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 28 },
      { name: 'app', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
    ],
    ...props,
  });
}

/** A second VPC, `OtherVpc` in 10.1.0.0/16, with one `gwlbe` /28 subnet in each AZ. */
function newOtherVpc(stack: Stack): ec2.Vpc {
  return isolatedVpc(stack, {
    cidr: '10.1.0.0/16',
    subnetConfiguration: [{ name: 'gwlbe', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 28 }],
  }, 'OtherVpc');
}

/** The one `gwlbe` subnet in an Availability Zone. */
function inAz(az: string): ec2.SubnetSelection {
  return { subnetGroupName: 'gwlbe', availabilityZones: [az] };
}

/** Turns a dual-stack subnet into an IPv6-only one (the L2 Vpc cannot create those). */
function makeIpv6Only(subnet: ec2.ISubnet): void {
  const cfn = subnet.node.defaultChild as ec2.CfnSubnet;
  cfn.cidrBlock = undefined;
  cfn.ipv6Native = true;
}

function endpointProperties(stack: Stack): any[] {
  return Object.values(Template.fromStack(stack).findResources('AWS::EC2::VPCEndpoint')).map((r: any) => r.Properties);
}

describe('GatewayLoadBalancerEndpoint', () => {
  describe('defaults', () => {
    test('renders a GatewayLoadBalancer endpoint for the service in one subnet, without security groups or private DNS', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);

      // WHEN
      new GatewayLoadBalancerEndpoint(stack, 'Inspection', { vpc, serviceName: SERVICE, subnets: inAz('us-east-1a') });

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
        VpcEndpointType: 'GatewayLoadBalancer',
        ServiceName: SERVICE,
        VpcId: { Ref: Match.stringLikeRegexp('^Vpc') },
        SubnetIds: [{ Ref: Match.stringLikeRegexp('^VpcgwlbeSubnet1') }],
        SecurityGroupIds: Match.absent(),
        PrivateDnsEnabled: Match.absent(),
        IpAddressType: Match.absent(),
      });
      expect(endpointProperties(stack)[0].SubnetIds).toHaveLength(1);
    });

    test('exposes the endpoint, its subnet and id', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);

      // WHEN
      const endpoint = new GatewayLoadBalancerEndpoint(stack, 'Inspection', { vpc, serviceName: SERVICE, subnets: inAz('us-east-1b') });

      // THEN
      expect(endpoint.subnet.availabilityZone).toBe('us-east-1b');
      expect(endpoint.serviceName).toBe(SERVICE);
      expect(stack.resolve(endpoint.vpcEndpointId)).toEqual({ Ref: stack.resolve(endpoint.endpoint.logicalId) });
      expect(stack.resolve(endpoint.vpcId)).toEqual(stack.resolve(vpc.vpcId));
    });

    test('node.defaultChild is the CfnVPCEndpoint', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);

      // WHEN
      const endpoint = new GatewayLoadBalancerEndpoint(stack, 'Inspection', { vpc, serviceName: SERVICE, subnets: inAz('us-east-1a') });

      // THEN
      expect(endpoint.node.defaultChild).toBe(endpoint.endpoint);
      expect(endpoint.endpoint).toBeInstanceOf(ec2.CfnVPCEndpoint);
    });

    test('passes the template-quality checks', () => {
      // GIVEN: an environment-agnostic stack, so no Availability Zone is hardcoded in the template
      const stack = agnosticStack();
      const vpc = newVpc(stack);
      acknowledgeVpcFlowLogs(vpc);

      // WHEN
      new GatewayLoadBalancerEndpoint(stack, 'Inspection', { vpc, serviceName: SERVICE, subnets: { subnets: [vpc.isolatedSubnets[0]] } });

      // THEN
      expect(expectCleanSynth(stack).failures).toEqual([]);
    });
  });

  describe('ipAddressType', () => {
    test('passes ipv4 through', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);

      // WHEN
      new GatewayLoadBalancerEndpoint(stack, 'Inspection', {
        vpc, serviceName: SERVICE, subnets: inAz('us-east-1a'), ipAddressType: ec2.VpcEndpointIpAddressType.IPV4,
      });

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', { IpAddressType: 'ipv4' });
    });

    test('passes dualstack through on a dual-stack subnet', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack, { ipProtocol: ec2.IpProtocol.DUAL_STACK });

      // WHEN
      new GatewayLoadBalancerEndpoint(stack, 'Inspection', {
        vpc, serviceName: SERVICE, subnets: inAz('us-east-1a'), ipAddressType: ec2.VpcEndpointIpAddressType.DUALSTACK,
      });

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
        VpcEndpointType: 'GatewayLoadBalancer',
        IpAddressType: 'dualstack',
      });
    });

    test('passes ipv6 through on an IPv6-only subnet', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack, { ipProtocol: ec2.IpProtocol.DUAL_STACK });
      makeIpv6Only(vpc.selectSubnets(inAz('us-east-1a')).subnets[0]);

      // WHEN
      new GatewayLoadBalancerEndpoint(stack, 'Inspection', {
        vpc, serviceName: SERVICE, subnets: inAz('us-east-1a'), ipAddressType: ec2.VpcEndpointIpAddressType.IPV6,
      });

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', { IpAddressType: 'ipv6' });
    });

    test.each(STACK_KINDS)('fails with the default (IPv4) on an IPv6-only subnet (%s)', (_kind, newStack) => {
      // GIVEN: the first Availability Zone of the VPC (a name, or AZ[0] without env)
      const stack = newStack();
      const vpc = newVpc(stack, { ipProtocol: ec2.IpProtocol.DUAL_STACK });
      const firstAz = inAz(vpc.availabilityZones[0]);
      makeIpv6Only(vpc.selectSubnets(firstAz).subnets[0]);

      // WHEN / THEN
      expect(errorMessageOf(() => new GatewayLoadBalancerEndpoint(stack, 'Inspection', { vpc, serviceName: SERVICE, subnets: firstAz })))
        .toMatch(/ipAddressType is 'ipv4' but subnet .* has no IPv4 range/);
    });

    test.each(STACK_KINDS)('fails with ipv6 on a subnet that has an IPv4 range (%s)', (_kind, newStack) => {
      // GIVEN
      const stack = newStack();
      const vpc = newVpc(stack, { ipProtocol: ec2.IpProtocol.DUAL_STACK });

      // WHEN / THEN
      expect(errorMessageOf(() => new GatewayLoadBalancerEndpoint(stack, 'Inspection', {
        vpc, serviceName: SERVICE, subnets: inAz(vpc.availabilityZones[0]), ipAddressType: ec2.VpcEndpointIpAddressType.IPV6,
      }))).toMatch(/ipAddressType is 'ipv6'.*not IPv6-only/);
    });

    test.each(STACK_KINDS)('fails with dualstack on a subnet without an IPv6 range (%s)', (_kind, newStack) => {
      // GIVEN
      const stack = newStack();
      const vpc = newVpc(stack);

      // WHEN / THEN
      expect(errorMessageOf(() => new GatewayLoadBalancerEndpoint(stack, 'Inspection', {
        vpc, serviceName: SERVICE, subnets: inAz(vpc.availabilityZones[0]), ipAddressType: ec2.VpcEndpointIpAddressType.DUALSTACK,
      }))).toMatch(/ipAddressType is 'dualstack'.*lacks an IPv6 range/);
    });
  });

  describe('subnets', () => {
    test.each(STACK_KINDS)('fails with a selection of two subnets (%s)', (_kind, newStack) => {
      // GIVEN
      const stack = newStack();
      const vpc = newVpc(stack);

      // WHEN / THEN: the first two Availability Zones of the VPC
      expect(errorMessageOf(() => new GatewayLoadBalancerEndpoint(stack, 'Inspection', {
        vpc, serviceName: SERVICE, subnets: { subnetGroupName: 'gwlbe', availabilityZones: vpc.availabilityZones.slice(0, 2) },
      }))).toMatch(/subnets must select exactly one subnet.*got 2/);
    });

    test.each(STACK_KINDS)('fails with a selection of no subnets (%s)', (_kind, newStack) => {
      // GIVEN
      const stack = newStack();
      const vpc = newVpc(stack);

      // WHEN / THEN
      expect(errorMessageOf(() => new GatewayLoadBalancerEndpoint(stack, 'Inspection', {
        vpc, serviceName: SERVICE, subnets: { subnets: [] },
      }))).toMatch(/subnets must select exactly one subnet.*got 0/);
    });

    test.each(STACK_KINDS)('fails with a second endpoint for the same service in the same Availability Zone (%s)', (kind, newStack) => {
      // GIVEN: the first Availability Zone of the VPC (a name, or AZ[0] without env)
      const stack = newStack();
      const vpc = newVpc(stack);
      const firstAz = vpc.availabilityZones[0];
      new GatewayLoadBalancerEndpoint(stack, 'First', { vpc, serviceName: SERVICE, subnets: inAz(firstAz) });

      // WHEN / THEN: another subnet, same AZ
      const az = kind === 'with env' ? 'us-east-1a' : 'AZ\\[0\\]';
      expect(errorMessageOf(() => new GatewayLoadBalancerEndpoint(stack, 'Second', {
        vpc, serviceName: SERVICE, subnets: { subnetGroupName: 'app', availabilityZones: [firstAz] },
      }))).toMatch(new RegExp(`subnets places a second endpoint for '.*vpce-svc-0123456789abcdef0' in Availability Zone '${az}' \\(the first is Stack/First\\)`));
    });

    test.each(STACK_KINDS)('fails with a second endpoint for the same token service name in the same Availability Zone (%s)', (kind, newStack) => {
      // GIVEN: the usual wiring, a service name that is a token (here an import; often vpcEndpointServiceName),
      // in the first Availability Zone of the VPC (a name, or AZ[0] without env)
      const stack = newStack();
      const vpc = newVpc(stack);
      const serviceName = Fn.importValue('InspectionServiceName');
      const firstAz = vpc.availabilityZones[0];
      new GatewayLoadBalancerEndpoint(stack, 'First', { vpc, serviceName, subnets: inAz(firstAz) });

      // WHEN / THEN
      const az = kind === 'with env' ? 'us-east-1a' : 'AZ\\[0\\]';
      expect(errorMessageOf(() => new GatewayLoadBalancerEndpoint(stack, 'Second', {
        vpc, serviceName, subnets: { subnetGroupName: 'app', availabilityZones: [firstAz] },
      }))).toMatch(new RegExp(`subnets places a second endpoint for .* in Availability Zone '${az}'`));
    });

    test.each(STACK_KINDS)('fails with a second endpoint for the same service in the first Availability Zone (%s)', (kind, newStack) => {
      // GIVEN the first subnet of two groups: the same AZ, a token (AZ[0]) in an env-agnostic stack
      const stack = newStack();
      const vpc = newVpc(stack);
      const first = (group: string) => ({ subnets: [vpc.selectSubnets({ subnetGroupName: group }).subnets[0]] });
      new GatewayLoadBalancerEndpoint(stack, 'First', { vpc, serviceName: SERVICE, subnets: first('gwlbe') });

      // WHEN / THEN
      const az = kind === 'with env' ? 'us-east-1a' : 'AZ[0]';
      expect(errorMessageOf(() => new GatewayLoadBalancerEndpoint(stack, 'Second', { vpc, serviceName: SERVICE, subnets: first('app') })))
        .toContain(`subnets places a second endpoint for '${SERVICE}' in Availability Zone '${az}' (the first is Stack/First)`);
    });

    test.each(STACK_KINDS)('fails with a second endpoint for an imported service name in one AZ, naming it readably (%s)', (_kind, newStack) => {
      // GIVEN
      const stack = newStack();
      const vpc = newVpc(stack);
      const serviceName = Fn.importValue('InspectionServiceName');
      const first = (group: string) => ({ subnets: [vpc.selectSubnets({ subnetGroupName: group }).subnets[0]] });
      new GatewayLoadBalancerEndpoint(stack, 'First', { vpc, serviceName, subnets: first('gwlbe') });

      // WHEN / THEN
      expect(errorMessageOf(() => new GatewayLoadBalancerEndpoint(stack, 'Second', { vpc, serviceName, subnets: first('app') })))
        .toMatch(/^subnets places a second endpoint for '\$\{Import InspectionServiceName\}' in Availability Zone/);
    });

    test('allows endpoints for different token service names in the same Availability Zone', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);

      // WHEN
      new GatewayLoadBalancerEndpoint(stack, 'First', { vpc, serviceName: Fn.importValue('ServiceA'), subnets: inAz('us-east-1a') });
      new GatewayLoadBalancerEndpoint(stack, 'Second', { vpc, serviceName: Fn.importValue('ServiceB'), subnets: inAz('us-east-1a') });

      // THEN
      Template.fromStack(stack).resourceCountIs('AWS::EC2::VPCEndpoint', 2);
    });

    test('allows endpoints for the same service in different Availability Zones', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);

      // WHEN
      for (const az of ['us-east-1a', 'us-east-1b', 'us-east-1c']) {
        new GatewayLoadBalancerEndpoint(stack, `Inspection-${az}`, { vpc, serviceName: SERVICE, subnets: inAz(az) });
      }

      // THEN
      Template.fromStack(stack).resourceCountIs('AWS::EC2::VPCEndpoint', 3);
    });

    test('allows endpoints for different services in the same Availability Zone', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);

      // WHEN
      new GatewayLoadBalancerEndpoint(stack, 'First', { vpc, serviceName: SERVICE, subnets: inAz('us-east-1a') });
      new GatewayLoadBalancerEndpoint(stack, 'Second', { vpc, serviceName: OTHER_SERVICE, subnets: inAz('us-east-1a') });

      // THEN
      const services = endpointProperties(stack).map(p => p.ServiceName);
      expect(services.sort()).toEqual([SERVICE, OTHER_SERVICE].sort());
    });

    test('allows endpoints for the same service in the same Availability Zone of different VPCs', () => {
      // GIVEN
      const stack = envStack();
      const vpcA = newVpc(stack);
      const vpcB = newOtherVpc(stack);

      // WHEN
      new GatewayLoadBalancerEndpoint(stack, 'A', { vpc: vpcA, serviceName: SERVICE, subnets: inAz('us-east-1a') });
      new GatewayLoadBalancerEndpoint(stack, 'B', { vpc: vpcB, serviceName: SERVICE, subnets: inAz('us-east-1a') });

      // THEN
      Template.fromStack(stack).resourceCountIs('AWS::EC2::VPCEndpoint', 2);
    });
  });

  describe('addRoute', () => {
    test('renders an IPv4 route whose target is the endpoint', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);
      const endpoint = new GatewayLoadBalancerEndpoint(stack, 'Inspection', { vpc, serviceName: SERVICE, subnets: inAz('us-east-1a') });
      const appSubnet = vpc.selectSubnets({ subnetGroupName: 'app', availabilityZones: ['us-east-1a'] }).subnets[0];

      // WHEN
      endpoint.addRoute('AppDefault', { routeTableId: appSubnet.routeTable.routeTableId, destinationCidrBlock: '0.0.0.0/0' });

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::EC2::Route', {
        RouteTableId: stack.resolve(appSubnet.routeTable.routeTableId),
        DestinationCidrBlock: '0.0.0.0/0',
        DestinationIpv6CidrBlock: Match.absent(),
        VpcEndpointId: { Ref: stack.resolve(endpoint.endpoint.logicalId) },
      });
    });

    test('renders an IPv6 destination as DestinationIpv6CidrBlock', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);
      const endpoint = new GatewayLoadBalancerEndpoint(stack, 'Inspection', { vpc, serviceName: SERVICE, subnets: inAz('us-east-1a') });

      // WHEN
      endpoint.addRoute('AppDefault6', { routeTableId: 'rtb-0123456789abcdef0', destinationIpv6CidrBlock: '::/0' });

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::EC2::Route', {
        RouteTableId: 'rtb-0123456789abcdef0',
        DestinationIpv6CidrBlock: '::/0',
        DestinationCidrBlock: Match.absent(),
        VpcEndpointId: { Ref: stack.resolve(endpoint.endpoint.logicalId) },
      });
    });

    test('returns the CfnRoute, scoped to the endpoint', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);
      const endpoint = new GatewayLoadBalancerEndpoint(stack, 'Inspection', { vpc, serviceName: SERVICE, subnets: inAz('us-east-1a') });

      // WHEN
      const route = endpoint.addRoute('AppDefault', { routeTableId: 'rtb-0123456789abcdef0', destinationCidrBlock: '10.0.1.0/24' });

      // THEN
      expect(route).toBeInstanceOf(ec2.CfnRoute);
      expect(route.node.path).toBe('Stack/Inspection/Routes/AppDefault');
    });

    test.each(['Default', 'Resource', 'Routes'])('accepts the route id %s without touching the endpoint\'s own children', (routeId) => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);
      const endpoint = new GatewayLoadBalancerEndpoint(stack, 'Inspection', { vpc, serviceName: SERVICE, subnets: inAz('us-east-1a') });

      // WHEN
      const route = endpoint.addRoute(routeId, { routeTableId: 'rtb-0123456789abcdef0', destinationCidrBlock: '0.0.0.0/0' });

      // THEN
      expect(route.node.path).toBe(`Stack/Inspection/Routes/${routeId}`);
      expect(endpoint.node.defaultChild).toBe(endpoint.endpoint);
      Template.fromStack(stack).resourceCountIs('AWS::EC2::Route', 1);
    });

    test('keeps the logical id of a route: Inspection/Routes/AppDefault', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);
      const endpoint = new GatewayLoadBalancerEndpoint(stack, 'Inspection', { vpc, serviceName: SERVICE, subnets: inAz('us-east-1a') });

      // WHEN
      const route = endpoint.addRoute('AppDefault', { routeTableId: 'rtb-0123456789abcdef0', destinationCidrBlock: '0.0.0.0/0' });

      // THEN: the id routes have had since they moved under Routes (the move replaced earlier ones)
      expect(stack.resolve(route.logicalId)).toBe('InspectionRoutesAppDefaultF337231D');
    });

    test.each(STACK_KINDS)('fails with a destinationCidrBlock that is not an IPv4 CIDR (%s)', (_kind, newStack) => {
      // GIVEN
      const stack = newStack();
      const vpc = newVpc(stack);
      const endpoint = new GatewayLoadBalancerEndpoint(stack, 'Inspection', { vpc, serviceName: SERVICE, subnets: { subnets: [vpc.isolatedSubnets[0]] } });

      // WHEN / THEN
      for (const bad of ['0.0.0.0', '10.0.0.0/33', '300.0.0.0/8', '::/0']) {
        expect(errorMessageOf(() => endpoint.addRoute(`Bad${bad}`, { routeTableId: 'rtb-0123456789abcdef0', destinationCidrBlock: bad })))
          .toBe(`destinationCidrBlock '${bad}' is not an IPv4 CIDR block; use a form like '0.0.0.0/0' or '10.0.1.0/24'`);
      }
    });

    test.each(STACK_KINDS)('fails with a destinationIpv6CidrBlock that is not an IPv6 CIDR (%s)', (_kind, newStack) => {
      // GIVEN
      const stack = newStack();
      const vpc = newVpc(stack);
      const endpoint = new GatewayLoadBalancerEndpoint(stack, 'Inspection', { vpc, serviceName: SERVICE, subnets: { subnets: [vpc.isolatedSubnets[0]] } });

      // WHEN / THEN
      for (const bad of ['0.0.0.0/0', '::', '2001:db8::/129', '2001:db8::1::/64']) {
        expect(errorMessageOf(() => endpoint.addRoute(`Bad${bad}`, { routeTableId: 'rtb-0123456789abcdef0', destinationIpv6CidrBlock: bad })))
          .toMatch(/^destinationIpv6CidrBlock '.*' is not an IPv6 CIDR block/);
      }
      endpoint.addRoute('Good', { routeTableId: 'rtb-0123456789abcdef0', destinationIpv6CidrBlock: '2001:db8:1234:1a00::/56' });
    });

    test.each(STACK_KINDS.flatMap(([kind, newStack]) => [
      ['pl-0123456789abcdef0', kind, newStack, 'pl-0123456789abcdef0'],
      ['${Import InspectionPrefixList}', kind, newStack, Fn.importValue('InspectionPrefixList')],
    ] as const))('fails with destinationPrefixListId %s (%s)', (shown, _kind, newStack, prefixList) => {
      // GIVEN
      const stack = newStack();
      const vpc = newVpc(stack);
      const endpoint = new GatewayLoadBalancerEndpoint(stack, 'Inspection', { vpc, serviceName: SERVICE, subnets: { subnets: [vpc.isolatedSubnets[0]] } });

      // WHEN / THEN
      expect(errorMessageOf(() => endpoint.addRoute('ToPrefixList', {
        routeTableId: 'rtb-0123456789abcdef0', destinationPrefixListId: prefixList,
      }))).toBe(`destinationPrefixListId '${shown}' cannot be used; routes that target a Gateway Load Balancer endpoint need a CIDR `
        + 'destination, give an IPv4 or IPv6 destination CIDR block instead');
      Template.fromStack(stack).resourceCountIs('AWS::EC2::Route', 0);
    });

    test.each(STACK_KINDS)('fails with destinationPrefixListId even next to a CIDR destination (%s)', (_kind, newStack) => {
      // GIVEN
      const stack = newStack();
      const vpc = newVpc(stack);
      const endpoint = new GatewayLoadBalancerEndpoint(stack, 'Inspection', { vpc, serviceName: SERVICE, subnets: inAz(vpc.availabilityZones[0]) });

      // WHEN / THEN
      expect(errorMessageOf(() => endpoint.addRoute('ToPrefixList', {
        routeTableId: 'rtb-0123456789abcdef0', destinationCidrBlock: '0.0.0.0/0', destinationPrefixListId: 'pl-0123456789abcdef0',
      }))).toMatch(/destinationPrefixListId/);
    });

    test.each(STACK_KINDS)('fails without a destination (%s)', (_kind, newStack) => {
      // GIVEN
      const stack = newStack();
      const vpc = newVpc(stack);
      const endpoint = new GatewayLoadBalancerEndpoint(stack, 'Inspection', { vpc, serviceName: SERVICE, subnets: inAz(vpc.availabilityZones[0]) });

      // WHEN / THEN
      expect(errorMessageOf(() => endpoint.addRoute('Nowhere', { routeTableId: 'rtb-0123456789abcdef0' })))
        .toMatch(/exactly one of destinationCidrBlock or destinationIpv6CidrBlock, got 0/);
    });

    test.each(STACK_KINDS)('fails with both an IPv4 and an IPv6 destination (%s)', (_kind, newStack) => {
      // GIVEN
      const stack = newStack();
      const vpc = newVpc(stack);
      const endpoint = new GatewayLoadBalancerEndpoint(stack, 'Inspection', { vpc, serviceName: SERVICE, subnets: inAz(vpc.availabilityZones[0]) });

      // WHEN / THEN
      expect(errorMessageOf(() => endpoint.addRoute('Both', {
        routeTableId: 'rtb-0123456789abcdef0', destinationCidrBlock: '0.0.0.0/0', destinationIpv6CidrBlock: '::/0',
      }))).toMatch(/exactly one of destinationCidrBlock or destinationIpv6CidrBlock, got 2/);
    });
  });

  describe('fromGatewayLoadBalancerEndpointId', () => {
    test('exposes the id', () => {
      // GIVEN
      const stack = envStack();

      // WHEN
      const imported = GatewayLoadBalancerEndpoint.fromGatewayLoadBalancerEndpointId(stack, 'Imported', 'vpce-0123456789abcdef0');

      // THEN
      expect(imported.vpcEndpointId).toBe('vpce-0123456789abcdef0');
    });

    test('addRoute renders a route targeting the literal endpoint id', () => {
      // GIVEN
      const stack = envStack();
      const imported = GatewayLoadBalancerEndpoint.fromGatewayLoadBalancerEndpointId(stack, 'Imported', 'vpce-0123456789abcdef0');

      // WHEN
      imported.addRoute('AppDefault', { routeTableId: 'rtb-0123456789abcdef0', destinationCidrBlock: '0.0.0.0/0' });

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::EC2::Route', {
        RouteTableId: 'rtb-0123456789abcdef0',
        DestinationCidrBlock: '0.0.0.0/0',
        VpcEndpointId: 'vpce-0123456789abcdef0',
      });
      Template.fromStack(stack).resourceCountIs('AWS::EC2::VPCEndpoint', 0);
    });

    test('addRoute applies the prefix-list rule', () => {
      // GIVEN
      const stack = envStack();
      const imported = GatewayLoadBalancerEndpoint.fromGatewayLoadBalancerEndpointId(stack, 'Imported', 'vpce-0123456789abcdef0');

      // WHEN / THEN
      expect(() => imported.addRoute('ToPrefixList', {
        routeTableId: 'rtb-0123456789abcdef0', destinationPrefixListId: 'pl-0123456789abcdef0',
      })).toThrow(/destinationPrefixListId/);
    });

    test('addRoute accepts a token endpoint id', () => {
      // GIVEN
      const stack = envStack();
      const imported = GatewayLoadBalancerEndpoint.fromGatewayLoadBalancerEndpointId(stack, 'Imported', Fn.importValue('GwlbeId'));

      // WHEN
      imported.addRoute('AppDefault', { routeTableId: 'rtb-0123456789abcdef0', destinationCidrBlock: '0.0.0.0/0' });

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::EC2::Route', { VpcEndpointId: { 'Fn::ImportValue': 'GwlbeId' } });
    });
  });

  describe('metrics', () => {
    test('metricBytesProcessed sums AWS/PrivateLinkEndpoints BytesProcessed for this endpoint', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);
      const endpoint = new GatewayLoadBalancerEndpoint(stack, 'Inspection', { vpc, serviceName: SERVICE, subnets: inAz('us-east-1a') });

      // WHEN
      const metric = endpoint.metricBytesProcessed();

      // THEN
      expect(metric.namespace).toBe('AWS/PrivateLinkEndpoints');
      expect(metric.metricName).toBe('BytesProcessed');
      expect(metric.statistic).toBe('Sum');
      expect(metric.period.toMinutes()).toBe(1);
      expect(stack.resolve(metric.dimensions)).toEqual({
        'Endpoint Type': 'GatewayLoadBalancer',
        'Service Name': SERVICE,
        'VPC Endpoint Id': { Ref: stack.resolve(endpoint.endpoint.logicalId) },
        'VPC Id': stack.resolve(vpc.vpcId),
      });
    });

    test('metric() returns any metric with the endpoint dimensions, Average by default', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);
      const endpoint = new GatewayLoadBalancerEndpoint(stack, 'Inspection', { vpc, serviceName: SERVICE, subnets: inAz('us-east-1a') });

      // WHEN
      const metric = endpoint.metric('Custom');

      // THEN
      expect(metric.namespace).toBe('AWS/PrivateLinkEndpoints');
      expect(metric.metricName).toBe('Custom');
      expect(metric.statistic).toBe('Average');
      expect(metric.dimensions).toEqual(expect.objectContaining({ 'Endpoint Type': 'GatewayLoadBalancer', 'Service Name': SERVICE }));
    });

    test('metric options override the statistic and add a Subnet Id dimension', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);
      const endpoint = new GatewayLoadBalancerEndpoint(stack, 'Inspection', { vpc, serviceName: SERVICE, subnets: inAz('us-east-1a') });

      // WHEN
      const metric = endpoint.metricPacketsDropped({ statistic: 'Maximum', dimensionsMap: { 'Subnet Id': 'subnet-0123456789abcdef0' } });

      // THEN
      expect(metric.metricName).toBe('PacketsDropped');
      expect(metric.statistic).toBe('Maximum');
      expect(metric.dimensions).toEqual(expect.objectContaining({ 'Endpoint Type': 'GatewayLoadBalancer', 'Subnet Id': 'subnet-0123456789abcdef0' }));
    });

    test.each([
      ['metricActiveConnections', 'ActiveConnections', 'Average'],
      ['metricNewConnections', 'NewConnections', 'Sum'],
      ['metricPacketsDropped', 'PacketsDropped', 'Sum'],
      ['metricRstPacketsReceived', 'RstPacketsReceived', 'Sum'],
    ] as const)('%s is %s with statistic %s', (method, metricName, statistic) => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);
      const endpoint = new GatewayLoadBalancerEndpoint(stack, 'Inspection', { vpc, serviceName: SERVICE, subnets: inAz('us-east-1a') });

      // WHEN
      const metric = endpoint[method]();

      // THEN
      expect(metric.metricName).toBe(metricName);
      expect(metric.statistic).toBe(statistic);
      expect(metric.dimensions?.['Endpoint Type']).toBe('GatewayLoadBalancer');
    });
  });

  describe('quota', () => {
    /** Interface endpoints to distinct endpoint services, so they count against the same quota as GWLB endpoints. */
    function addInterfaceEndpoints(stack: Stack, vpc: ec2.IVpc, count: number): void {
      for (let i = 0; i < count; i++) {
        const name = `com.amazonaws.vpce.us-east-1.vpce-svc-${i.toString(16).padStart(17, '0')}`;
        new InterfaceEndpoint(stack, `Interface${i}`, {
          vpc,
          service: new ec2.InterfaceVpcEndpointService(name, 443),
          subnets: { subnetGroupName: 'app', availabilityZones: ['us-east-1a'] },
          privateDnsEnabled: false,
        });
      }
    }

    test('warns when interface and Gateway Load Balancer endpoints exceed 50 in one VPC', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);
      addInterfaceEndpoints(stack, vpc, 50);

      // WHEN
      new GatewayLoadBalancerEndpoint(stack, 'Inspection', { vpc, serviceName: SERVICE, subnets: inAz('us-east-1a') });

      // THEN
      Annotations.fromStack(stack).hasWarning('/Stack/Inspection',
        Match.stringLikeRegexp('cdk-privatelink:GatewayLoadBalancerEndpoint.quotaExceeded'));
      Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('The VPC now has 51 interface and Gateway Load Balancer endpoints, more than the default quota of 50 per VPC\\. Request a quota increase'));
    });

    test('does not warn at 50 interface and Gateway Load Balancer endpoints', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);
      addInterfaceEndpoints(stack, vpc, 47);

      // WHEN
      for (const az of ['us-east-1a', 'us-east-1b', 'us-east-1c']) {
        new GatewayLoadBalancerEndpoint(stack, `Inspection-${az}`, { vpc, serviceName: SERVICE, subnets: inAz(az) });
      }

      // THEN
      Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('quotaExceeded'));
    });

    test('counts Gateway Load Balancer endpoints of different VPCs separately', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);
      const otherVpc = newOtherVpc(stack);
      addInterfaceEndpoints(stack, vpc, 50);

      // WHEN
      new GatewayLoadBalancerEndpoint(stack, 'Inspection', { vpc: otherVpc, serviceName: SERVICE, subnets: inAz('us-east-1a') });

      // THEN
      Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('quotaExceeded'));
    });
  });
});

describe('GatewayLoadBalancerEndpoint options a GWLB endpoint does not have', () => {
  test.each(STACK_KINDS)('fails with privateDnsEnabled: true (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = newVpc(stack);

    // WHEN / THEN
    expect(errorMessageOf(() => new GatewayLoadBalancerEndpoint(stack, 'Inspection', {
      vpc, serviceName: SERVICE, subnets: { subnets: [vpc.isolatedSubnets[0]] }, privateDnsEnabled: true,
    }))).toBe('privateDnsEnabled is true, but a Gateway Load Balancer endpoint has no private DNS; leave it unset');
  });

  test.each(STACK_KINDS)('fails with securityGroups (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = newVpc(stack);
    const sg = new ec2.SecurityGroup(stack, 'Sg', { vpc });

    // WHEN / THEN
    expect(errorMessageOf(() => new GatewayLoadBalancerEndpoint(stack, 'Inspection', {
      vpc, serviceName: SERVICE, subnets: { subnets: [vpc.isolatedSubnets[0]] }, securityGroups: [sg],
    }))).toMatch(/^securityGroups lists 1 security group\(s\), but a Gateway Load Balancer endpoint takes none; filter traffic on the appliances/);
  });

  test.each(STACK_KINDS)('fails with privateDnsEnabled: true and securityGroups, naming privateDnsEnabled first (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = newVpc(stack);
    const sg = new ec2.SecurityGroup(stack, 'Sg', { vpc });

    // WHEN / THEN
    expect(errorMessageOf(() => new GatewayLoadBalancerEndpoint(stack, 'Inspection', {
      vpc, serviceName: SERVICE, subnets: { subnets: [vpc.isolatedSubnets[0]] }, privateDnsEnabled: true, securityGroups: [sg],
    }))).toMatch(/^privateDnsEnabled is true/);
  });

  test.each(STACK_KINDS)('accepts privateDnsEnabled: false and securityGroups: [], and renders neither (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = newVpc(stack);

    // WHEN
    new GatewayLoadBalancerEndpoint(stack, 'Inspection', {
      vpc, serviceName: SERVICE, subnets: { subnets: [vpc.isolatedSubnets[0]] }, privateDnsEnabled: false, securityGroups: [],
    });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'GatewayLoadBalancer',
      PrivateDnsEnabled: Match.absent(),
      SecurityGroupIds: Match.absent(),
    });
  });
});
