import { App, CfnResource, Fn, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';
import { GwlbInspectionService, GwlbInspectionServiceAttributes, IGwlbInspectionService } from '../../src/gwlb/gwlb-inspection-service';
import { GwlbInspectionVpc, GwlbInspectionVpcProps } from '../../src/gwlb/gwlb-inspection-vpc';
import { envStack, errorMessageOf, isolatedVpc, STACK_KINDS, TEST_ACCOUNT } from '../fixtures';

const SERVICE_NAME = 'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0';
const IGW_ID = 'igw-0123456789abcdef0';
const AZ_IDS = ['use1-az1', 'use1-az2'];

interface ProviderOptions {
  /** A dual-stack load balancer whose endpoint service supports IPv4 and IPv6. */
  readonly dualStack?: boolean;
  readonly acceptanceRequired?: boolean;
  /** Places the load balancer subnets by AZ id instead of by name. */
  readonly availabilityZoneIds?: string[];
}

/** A same-app inspection service `Service` in an isolated provider VPC `ProviderVpc` (10.70.0.0/16, two zones). */
function newService(stack: Stack, options: ProviderOptions = {}): GwlbInspectionService {
  const vpc = isolatedVpc(stack, {
    cidr: '10.70.0.0/16',
    maxAzs: 2,
    ipProtocol: options.dualStack ? ec2.IpProtocol.DUAL_STACK : undefined,
  }, 'ProviderVpc');
  options.availabilityZoneIds?.forEach((azId, i) => {
    const cfn = vpc.isolatedSubnets[i].node.defaultChild as ec2.CfnSubnet;
    cfn.availabilityZone = undefined;
    cfn.availabilityZoneId = azId;
  });
  return new GwlbInspectionService(stack, 'Service', {
    vpc,
    acceptanceRequired: options.acceptanceRequired,
    ...(options.dualStack ? {
      supportedIpAddressTypes: [ec2.IpAddressType.IPV4, ec2.IpAddressType.IPV6],
      ipAddressType: elbv2.IpAddressType.DUAL_STACK,
    } : {}),
  });
}

/** A service of another account, described by its attributes. */
function importedService(stack: Stack, attrs: Omit<GwlbInspectionServiceAttributes, 'serviceName'> = {}): IGwlbInspectionService {
  return GwlbInspectionService.fromServiceAttributes(stack, 'Service', { serviceName: SERVICE_NAME, ...attrs });
}

/** An existing VPC `Vpc` to adopt, 10.1.0.0/16 in two zones: isolated groups `app` (/24) and `gwlbe` (/28), plus `extra`. */
function existingVpc(stack: Stack, extra: ec2.SubnetConfiguration[] = []): ec2.Vpc {
  return isolatedVpc(stack, {
    cidr: '10.1.0.0/16',
    maxAzs: 2,
    subnetConfiguration: [
      { name: 'app', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      { name: 'gwlbe', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 28 },
      ...extra,
    ],
  });
}

function group(vpc: ec2.IVpc, subnetGroupName: string): ec2.ISubnet[] {
  return vpc.selectSubnets({ subnetGroupName }).subnets;
}

/** The logical id of a CfnResource, or of the default child of an L2. */
function logicalIdOf(construct: IConstruct): string {
  const cfn = CfnResource.isCfnResource(construct) ? construct : construct.node.defaultChild as CfnResource;
  return Stack.of(cfn).resolve(cfn.logicalId);
}

function ref(construct: IConstruct): { Ref: string } {
  return { Ref: logicalIdOf(construct) };
}

/** The only resource of a type in the template. */
function onlyLogicalId(template: Template, type: string): string {
  const ids = Object.keys(template.findResources(type));
  expect(ids).toHaveLength(1);
  return ids[0];
}

/** Every AWS::EC2::Route of the template: its properties and DependsOn. */
function routeRows(template: Template): any[] {
  return Object.values(template.findResources('AWS::EC2::Route')).map((r: any) => ({ ...r.Properties, DependsOn: r.DependsOn }));
}

/** Asserts that the template has exactly these routes (in any order). */
function expectRoutes(template: Template, expected: any[]): void {
  const rows = routeRows(template);
  expect(rows).toHaveLength(expected.length);
  expect(rows).toEqual(expect.arrayContaining(expected));
}

/** What the created inspection VPC's routes should be: the guide's three route tables. */
function expectedRoutes(stack: Stack, inspected: GwlbInspectionVpc, options: { dualStack?: boolean; waiter?: boolean } = {}): any[] {
  const waiter = (options.waiter ?? true) ? [logicalIdOf(inspected.connectionWaiter!)] : undefined;
  const attachment = inspected.node.tryFindChild('GatewayAttachment');
  const igw = stack.resolve(inspected.internetGatewayId);
  const rows: any[] = [];
  inspected.zones.forEach(zone => {
    const endpoint = stack.resolve(zone.endpoint.vpcEndpointId);
    const app = zone.applicationSubnet.node.defaultChild as ec2.CfnSubnet;
    const appTable = stack.resolve(zone.applicationSubnet.routeTable.routeTableId);
    const endpointTable = stack.resolve(zone.endpointSubnet.routeTable.routeTableId);
    const edge = stack.resolve(inspected.edgeRouteTable.ref);
    const toEndpoint = (table: unknown, destination: object) => ({ RouteTableId: table, ...destination, VpcEndpointId: endpoint, DependsOn: waiter });
    const toInternet = (destination: object) => ({
      RouteTableId: endpointTable, ...destination, GatewayId: igw, DependsOn: attachment ? [logicalIdOf(attachment)] : undefined,
    });
    rows.push(toEndpoint(edge, { DestinationCidrBlock: stack.resolve(app.cidrBlock) }));
    rows.push(toEndpoint(appTable, { DestinationCidrBlock: '0.0.0.0/0' }));
    rows.push(toInternet({ DestinationCidrBlock: '0.0.0.0/0' }));
    if (options.dualStack) {
      // IPv6 routes also wait for the VPC's IPv6 range.
      const ipv6 = logicalIdOf(inspected.node.findChild('Ipv6Cidr'));
      const withIpv6 = (row: any) => ({ ...row, DependsOn: [...row.DependsOn, ipv6].sort() });
      rows.push(withIpv6(toEndpoint(edge, { DestinationIpv6CidrBlock: stack.resolve(app.ipv6CidrBlock) })));
      rows.push(withIpv6(toEndpoint(appTable, { DestinationIpv6CidrBlock: '::/0' })));
      rows.push(withIpv6(toInternet({ DestinationIpv6CidrBlock: '::/0' })));
    }
  });
  return rows;
}

/** The first two Availability Zones of a stack, as its template shows them. */
function templateAzs(kind: string): unknown[] {
  return kind === 'with env'
    ? ['us-east-1a', 'us-east-1b']
    : [0, 1].map(i => ({ 'Fn::Select': [i, { 'Fn::GetAZs': '' }] }));
}

/** The ARN of this account's root, as the template shows it. */
function accountRootArn(kind: string): unknown {
  return kind === 'with env'
    ? { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${TEST_ACCOUNT}:root`]] }
    : { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']] };
}

/** Paths of the constructs that carry acknowledgement metadata. */
function acknowledgedPaths(stack: Stack): string[] {
  return stack.node.findAll()
    .filter(c => c.node.metadata.some(m => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
    .map(c => c.node.path);
}

describe('GwlbInspectionVpc', () => {
  describe.each(STACK_KINDS)('created VPC, defaults (%s)', (kind, newStack) => {
    let stack: Stack;
    let service: GwlbInspectionService;
    let inspected: GwlbInspectionVpc;
    let template: Template;

    beforeAll(() => {
      stack = newStack();
      service = newService(stack);
      inspected = new GwlbInspectionVpc(stack, 'Inspected', { service });
      template = Template.fromStack(stack);
    });

    test('creates a 10.0.0.0/16 VPC with DNS, no NAT gateway, and one attached internet gateway', () => {
      template.resourcePropertiesCountIs('AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16', EnableDnsHostnames: true, EnableDnsSupport: true }, 1);
      template.resourceCountIs('AWS::EC2::NatGateway', 0);
      template.resourceCountIs('AWS::EC2::InternetGateway', 1);
      template.resourceCountIs('AWS::EC2::VPCGatewayAttachment', 1);
      template.hasResourceProperties('AWS::EC2::VPCGatewayAttachment', {
        VpcId: ref(inspected.cfnVpc!),
        InternetGatewayId: { Ref: onlyLogicalId(template, 'AWS::EC2::InternetGateway') },
      });
      expect(stack.resolve(inspected.internetGatewayId)).toEqual(ref(inspected.internetGateway!));
      template.resourceCountIs('AWS::EC2::VPCCidrBlock', 0);
    });

    test('places one /24 application subnet and one /28 endpoint subnet in each of two zones, with literal CIDRs', () => {
      const vpcRef = stack.resolve(inspected.vpc.vpcId);
      const subnets = Object.values(template.findResources('AWS::EC2::Subnet', { Properties: { VpcId: vpcRef } }))
        .map((r: any) => r.Properties);
      const azs = templateAzs(kind);
      const subnet = (cidr: string, az: unknown) => ({
        VpcId: vpcRef, CidrBlock: cidr, AvailabilityZone: az, MapPublicIpOnLaunch: false, Tags: expect.anything(),
      });
      expect(subnets).toHaveLength(4);
      expect(subnets).toEqual(expect.arrayContaining([
        subnet('10.0.0.0/24', azs[0]), subnet('10.0.1.0/24', azs[1]), subnet('10.0.2.0/28', azs[0]), subnet('10.0.2.16/28', azs[1]),
      ]));
      expect(inspected.zones.map(z => stack.resolve((z.applicationSubnet.node.defaultChild as ec2.CfnSubnet).cidrBlock)))
        .toEqual(['10.0.0.0/24', '10.0.1.0/24']);
      expect(inspected.zones.map(z => z.availabilityZone)).toEqual(kind === 'with env' ? ['us-east-1a', 'us-east-1b'] : ['AZ[0]', 'AZ[1]']);
    });

    test('logs all flows of the VPC to a log group kept 365 days', () => {
      template.resourceCountIs('AWS::EC2::FlowLog', 1);
      template.hasResourceProperties('AWS::EC2::FlowLog', {
        ResourceId: stack.resolve(inspected.vpc.vpcId),
        ResourceType: 'VPC',
        TrafficType: 'ALL',
        LogDestinationType: 'cloud-watch-logs',
        LogGroupName: ref(inspected.node.findChild('FlowLogs')),
      });
      expect(template.toJSON().Resources[logicalIdOf(inspected.node.findChild('FlowLogs'))].Properties.RetentionInDays).toBe(365);
      expect(inspected.flowLog).toBeDefined();
    });

    test('creates exactly one GWLB endpoint per zone, each in the endpoint subnet of its zone, without security groups or private DNS', () => {
      const endpoints = Object.values(template.findResources('AWS::EC2::VPCEndpoint')) as any[];
      expect(endpoints).toHaveLength(2);
      expect(endpoints.map(e => e.Properties)).toEqual(inspected.zones.map(zone => ({
        VpcEndpointType: 'GatewayLoadBalancer',
        ServiceName: stack.resolve(service.serviceName),
        VpcId: stack.resolve(inspected.vpc.vpcId),
        SubnetIds: [stack.resolve(zone.endpointSubnet.subnetId)],
        IpAddressType: 'ipv4',
      })));
      for (const e of endpoints) {
        expect(e.Properties.SecurityGroupIds).toBeUndefined();
        expect(e.Properties.PrivateDnsEnabled).toBeUndefined();
      }
      expect(inspected.endpoints).toHaveLength(2);
      expect(inspected.zones.map(z => z.endpoint)).toEqual(inspected.endpoints);
    });

    test('associates an edge route table with the internet gateway once it is attached', () => {
      template.hasResourceProperties('AWS::EC2::RouteTable', Match.objectEquals({ VpcId: stack.resolve(inspected.vpc.vpcId) }));
      template.resourceCountIs('AWS::EC2::GatewayRouteTableAssociation', 1);
      template.hasResource('AWS::EC2::GatewayRouteTableAssociation', {
        Properties: { GatewayId: stack.resolve(inspected.internetGatewayId), RouteTableId: ref(inspected.edgeRouteTable) },
        DependsOn: [onlyLogicalId(template, 'AWS::EC2::VPCGatewayAttachment')],
      });
    });

    test('routes exactly as the guide says: edge CIDR and application defaults to the same-AZ endpoint, endpoint defaults to the gateway', () => {
      expectRoutes(template, expectedRoutes(stack, inspected));
      expect(inspected.routes).toHaveLength(6);
      // Each zone pairs an application subnet with the endpoint subnet of the same Availability Zone.
      const azOf = (subnet: ec2.ISubnet) => template.toJSON().Resources[logicalIdOf(subnet)].Properties.AvailabilityZone;
      expect(inspected.zones.map(z => azOf(z.applicationSubnet))).toEqual(templateAzs(kind));
      expect(inspected.zones.map(z => azOf(z.endpointSubnet))).toEqual(templateAzs(kind));
      template.resourcePropertiesCountIs('AWS::EC2::Route', { DestinationIpv6CidrBlock: Match.anyValue() }, 0);
    });

    test('every route to an endpoint references it and waits for the connection waiter, which lists every endpoint and accepts them', () => {
      const waiterId = onlyLogicalId(template, 'Custom::GwlbEndpointConnection');
      expect(logicalIdOf(inspected.connectionWaiter!)).toBe(waiterId);
      template.hasResourceProperties('Custom::GwlbEndpointConnection', {
        VpcEndpointIds: inspected.endpoints.map(e => stack.resolve(e.vpcEndpointId)),
        AcceptServiceId: stack.resolve(service.serviceId),
      });
      const toEndpoints = routeRows(template).filter(r => r.VpcEndpointId !== undefined);
      expect(toEndpoints).toHaveLength(4);
      for (const route of toEndpoints) {
        expect(inspected.endpoints.map(e => stack.resolve(e.vpcEndpointId))).toContainEqual(route.VpcEndpointId);
        expect(route.DependsOn).toEqual([waiterId]);
      }
    });

    test('allows this account on the service, and every endpoint waits for that permission', () => {
      template.hasResourceProperties('AWS::EC2::VPCEndpointServicePermissions', {
        ServiceId: stack.resolve(service.serviceId),
        AllowedPrincipals: [accountRootArn(kind)],
      });
      const permissions = logicalIdOf(service.permissions);
      for (const endpoint of Object.values(template.findResources('AWS::EC2::VPCEndpoint')) as any[]) {
        expect(endpoint.DependsOn).toEqual([permissions]);
      }
    });
  });

  describe.each(STACK_KINDS)('created VPC, dual stack (%s)', (_kind, newStack) => {
    let stack: Stack;
    let inspected: GwlbInspectionVpc;
    let template: Template;

    beforeAll(() => {
      stack = newStack();
      inspected = new GwlbInspectionVpc(stack, 'Inspected', { service: newService(stack, { dualStack: true }), dualStack: true });
      template = Template.fromStack(stack);
    });

    test('adds an Amazon-provided IPv6 range and gives every subnet a /64 of it', () => {
      const vpcRef = stack.resolve(inspected.vpc.vpcId);
      template.hasResourceProperties('AWS::EC2::VPCCidrBlock', { VpcId: vpcRef, AmazonProvidedIpv6CidrBlock: true });
      const cidrBlock = logicalIdOf(inspected.node.findChild('Ipv6Cidr'));
      const subnets = Object.values(template.findResources('AWS::EC2::Subnet', { Properties: { VpcId: vpcRef } })) as any[];
      expect(subnets).toHaveLength(4);
      const blocks = subnets.map(s => s.Properties.Ipv6CidrBlock);
      for (const s of subnets) {
        expect(s.Properties.AssignIpv6AddressOnCreation).toBe(true);
        expect(s.Properties.Ipv6CidrBlock).toEqual({
          'Fn::Select': [expect.any(Number), { 'Fn::Cidr': [{ 'Fn::Select': [0, { 'Fn::GetAtt': [logicalIdOf(inspected.cfnVpc!), 'Ipv6CidrBlocks'] }] }, 256, '64'] }],
        });
        expect(s.DependsOn).toEqual([cidrBlock]);
      }
      expect(new Set(blocks.map(b => JSON.stringify(b))).size).toBe(4);
    });

    test('creates dual-stack endpoints, one per zone', () => {
      template.resourcePropertiesCountIs('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'GatewayLoadBalancer', IpAddressType: 'dualstack' }, 2);
      template.resourceCountIs('AWS::EC2::VPCEndpoint', 2);
    });

    test('routes IPv4 and IPv6 exactly as the guide says', () => {
      expectRoutes(template, expectedRoutes(stack, inspected, { dualStack: true }));
      expect(inspected.routes).toHaveLength(12);
    });
  });

  describe('created VPC, options', () => {
    test('ipv4Cidr and the subnet masks size the VPC and its subnets', () => {
      // GIVEN
      const stack = envStack();

      // WHEN
      const inspected = new GwlbInspectionVpc(stack, 'Inspected', {
        service: newService(stack), ipv4Cidr: '10.80.0.0/16', applicationSubnetCidrMask: 20, endpointSubnetCidrMask: 27, mapPublicIpOnLaunch: true,
      });

      // THEN
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.80.0.0/16' });
      expect(inspected.zones.map(z => [
        (z.applicationSubnet.node.defaultChild as ec2.CfnSubnet).cidrBlock, (z.endpointSubnet.node.defaultChild as ec2.CfnSubnet).cidrBlock,
      ])).toEqual([['10.80.0.0/20', '10.80.32.0/27'], ['10.80.16.0/20', '10.80.32.32/27']]);
      template.resourcePropertiesCountIs('AWS::EC2::Subnet', { CidrBlock: Match.stringLikeRegexp('/20$'), MapPublicIpOnLaunch: true }, 2);
      template.resourcePropertiesCountIs('AWS::EC2::Subnet', { CidrBlock: Match.stringLikeRegexp('/27$'), MapPublicIpOnLaunch: false }, 2);
      template.hasResourceProperties('AWS::EC2::Route', { DestinationCidrBlock: '10.80.16.0/20', VpcEndpointId: stack.resolve(inspected.endpoints[1].vpcEndpointId) });
    });

    test('flowLogs: false creates no flow log', () => {
      // GIVEN
      const stack = envStack();

      // WHEN
      const inspected = new GwlbInspectionVpc(stack, 'Inspected', { service: newService(stack), flowLogs: false });

      // THEN
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::EC2::FlowLog', 0);
      expect(inspected.flowLog).toBeUndefined();
      expect(inspected.node.tryFindChild('FlowLogs')).toBeUndefined();
    });

    test('flowLogDestination is where the flow logs go', () => {
      // GIVEN
      const stack = envStack();
      const logGroup = new logs.LogGroup(stack, 'MyFlowLogs', { retention: logs.RetentionDays.TWO_YEARS });

      // WHEN
      const inspected = new GwlbInspectionVpc(stack, 'Inspected', {
        service: newService(stack), flowLogDestination: ec2.FlowLogDestination.toCloudWatchLogs(logGroup),
      });

      // THEN
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::EC2::FlowLog', 1);
      template.hasResourceProperties('AWS::EC2::FlowLog', { ResourceId: stack.resolve(inspected.vpc.vpcId), TrafficType: 'ALL', LogGroupName: ref(logGroup) });
      expect(inspected.node.tryFindChild('FlowLogs')).toBeUndefined();
    });

    test.each(STACK_KINDS)('availabilityZoneIds places the subnets by AZ id, with no zone name (%s)', (_kind, newStack) => {
      // GIVEN: a provider whose load balancer subnets are placed by the same AZ ids
      const stack = newStack();

      // WHEN
      const inspected = new GwlbInspectionVpc(stack, 'Inspected', {
        service: newService(stack, { availabilityZoneIds: AZ_IDS }), availabilityZoneIds: AZ_IDS,
      });

      // THEN
      const template = Template.fromStack(stack);
      const subnets = Object.values(template.findResources('AWS::EC2::Subnet', { Properties: { VpcId: stack.resolve(inspected.vpc.vpcId) } }))
        .map((r: any) => r.Properties);
      expect(subnets).toHaveLength(4);
      expect(subnets.map(s => s.AvailabilityZoneId)).toEqual(['use1-az1', 'use1-az1', 'use1-az2', 'use1-az2']);
      for (const s of subnets) expect(s.AvailabilityZone).toBeUndefined();
      expect(inspected.zones.map(z => z.availabilityZone)).toEqual(AZ_IDS);
    });

    test('warns when a service of another account publishes AZ ids but the endpoints are placed by zone name', () => {
      // GIVEN
      const stack = envStack();

      // WHEN
      new GwlbInspectionVpc(stack, 'Inspected', { service: importedService(stack, { availabilityZoneIds: AZ_IDS }) });

      // THEN
      Annotations.fromStack(stack).hasWarning('/Stack/Inspected', Match.stringLikeRegexp('cdk-privatelink:GwlbInspectionVpc.zonesByName'));
    });
  });

  describe('connection waiter', () => {

    test('a service of this app that accepts connections automatically needs no waiter', () => {
      // GIVEN
      const stack = envStack();

      // WHEN
      const inspected = new GwlbInspectionVpc(stack, 'Inspected', { service: newService(stack, { acceptanceRequired: false }) });

      // THEN
      const template = Template.fromStack(stack);
      template.resourceCountIs('Custom::GwlbEndpointConnection', 0);
      template.resourceCountIs('AWS::Lambda::Function', 0);
      expect(inspected.connectionWaiter).toBeUndefined();
      expectRoutes(template, expectedRoutes(stack, inspected, { waiter: false }));
      for (const route of routeRows(template).filter(r => r.VpcEndpointId !== undefined)) expect(route.DependsOn).toBeUndefined();
    });

    test('waitForConnection: true adds a waiter that accepts nothing when acceptance is not required', () => {
      // GIVEN
      const stack = envStack();

      // WHEN
      const inspected = new GwlbInspectionVpc(stack, 'Inspected', { service: newService(stack, { acceptanceRequired: false }), waitForConnection: true });

      // THEN
      const template = Template.fromStack(stack);
      template.resourceCountIs('Custom::GwlbEndpointConnection', 1);
      template.hasResourceProperties('Custom::GwlbEndpointConnection', {
        VpcEndpointIds: inspected.endpoints.map(e => stack.resolve(e.vpcEndpointId)),
        AcceptServiceId: Match.absent(),
      });
      expectRoutes(template, expectedRoutes(stack, inspected));
    });

    test('waitForConnection: false leaves the waiter out even when acceptance is required', () => {
      // GIVEN
      const stack = envStack();

      // WHEN
      const inspected = new GwlbInspectionVpc(stack, 'Inspected', { service: newService(stack), waitForConnection: false });

      // THEN
      const template = Template.fromStack(stack);
      template.resourceCountIs('Custom::GwlbEndpointConnection', 0);
      expect(inspected.connectionWaiter).toBeUndefined();
      expectRoutes(template, expectedRoutes(stack, inspected, { waiter: false }));
    });

    test.each(STACK_KINDS)('a service of another account gets a waiter that accepts nothing, and no permission (%s)', (_kind, newStack) => {
      // GIVEN
      const stack = newStack();

      // WHEN
      const inspected = new GwlbInspectionVpc(stack, 'Inspected', { service: importedService(stack) });

      // THEN
      const template = Template.fromStack(stack);
      template.resourceCountIs('Custom::GwlbEndpointConnection', 1);
      template.hasResourceProperties('Custom::GwlbEndpointConnection', {
        VpcEndpointIds: inspected.endpoints.map(e => stack.resolve(e.vpcEndpointId)),
        AcceptServiceId: Match.absent(),
      });
      template.resourceCountIs('AWS::EC2::VPCEndpointServicePermissions', 0);
      template.resourcePropertiesCountIs('AWS::EC2::VPCEndpoint', { ServiceName: SERVICE_NAME }, 2);
      for (const endpoint of Object.values(template.findResources('AWS::EC2::VPCEndpoint')) as any[]) expect(endpoint.DependsOn).toBeUndefined();
      expectRoutes(template, expectedRoutes(stack, inspected));
      Annotations.fromStack(stack).hasInfo('/Stack/Inspected', Match.stringLikeRegexp('wait for the provider of the service to accept'));
    });

    test('an imported service of this account that needs acceptance is accepted by the waiter', () => {
      // GIVEN
      const stack = envStack();

      // WHEN
      new GwlbInspectionVpc(stack, 'Inspected', { service: importedService(stack, { account: TEST_ACCOUNT }) });

      // THEN
      Template.fromStack(stack).hasResourceProperties('Custom::GwlbEndpointConnection', { AcceptServiceId: 'vpce-svc-0123456789abcdef0' });
    });

    test('an imported service of this account that accepts automatically needs no waiter', () => {
      // GIVEN
      const stack = envStack();

      // WHEN
      new GwlbInspectionVpc(stack, 'Inspected', { service: importedService(stack, { account: TEST_ACCOUNT, acceptanceRequired: false }) });

      // THEN
      Template.fromStack(stack).resourceCountIs('Custom::GwlbEndpointConnection', 0);
    });
  });

  describe.each(STACK_KINDS)('adopted VPC (%s)', (_kind, newStack) => {
    let stack: Stack;
    let vpc: ec2.Vpc;
    let inspected: GwlbInspectionVpc;
    let template: Template;

    beforeAll(() => {
      stack = newStack();
      vpc = existingVpc(stack);
      inspected = new GwlbInspectionVpc(stack, 'Inspected', {
        service: newService(stack), vpc, internetGatewayId: IGW_ID, applicationSubnets: group(vpc, 'app'), endpointSubnets: group(vpc, 'gwlbe'),
      });
      template = Template.fromStack(stack);
    });

    test('creates no VPC, subnet, internet gateway or flow log', () => {
      template.resourceCountIs('AWS::EC2::VPC', 2);
      template.resourcePropertiesCountIs('AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16' }, 0);
      template.resourceCountIs('AWS::EC2::Subnet', 2 + 4);
      template.resourceCountIs('AWS::EC2::InternetGateway', 0);
      template.resourceCountIs('AWS::EC2::VPCGatewayAttachment', 0);
      template.resourceCountIs('AWS::EC2::FlowLog', 0);
      expect(inspected.vpc).toBe(vpc);
      expect(inspected.internetGatewayId).toBe(IGW_ID);
      expect(inspected.internetGateway).toBeUndefined();
      expect(inspected.applicationSubnets).toEqual(group(vpc, 'app'));
      expect(inspected.endpointSubnets).toEqual(group(vpc, 'gwlbe'));
    });

    test('associates an edge route table of the VPC with the given internet gateway', () => {
      template.hasResource('AWS::EC2::GatewayRouteTableAssociation', {
        Properties: { GatewayId: IGW_ID, RouteTableId: ref(inspected.edgeRouteTable) },
        DependsOn: Match.absent(),
      });
      template.hasResourceProperties('AWS::EC2::RouteTable', Match.objectEquals({ VpcId: stack.resolve(vpc.vpcId) }));
    });

    test('adds the inspection routes to the route tables of the given subnets, one endpoint in each endpoint subnet', () => {
      expectRoutes(template, expectedRoutes(stack, inspected));
      expect(routeRows(template).filter(r => r.DestinationCidrBlock !== '0.0.0.0/0').map(r => r.DestinationCidrBlock)).toEqual(['10.1.0.0/24', '10.1.1.0/24']);
      expect(Object.values(template.findResources('AWS::EC2::VPCEndpoint')).map((e: any) => e.Properties.SubnetIds))
        .toEqual(group(vpc, 'gwlbe').map(s => [stack.resolve(s.subnetId)]));
    });
  });

  describe.each(STACK_KINDS)('the VPC for other constructs, private routes, adopted public subnets (%s)', (_kind, newStack) => {
    test('node.defaultChild is the AWS::EC2::VPC, and other L2s land in the application subnets by default', () => {
      // GIVEN
      const stack = newStack();
      const inspected = new GwlbInspectionVpc(stack, 'Inspected', { service: newService(stack) });

      // WHEN
      const instance = new ec2.Instance(stack, 'App', {
        vpc: inspected.vpc, instanceType: new ec2.InstanceType('t3.micro'), machineImage: ec2.MachineImage.latestAmazonLinux2023(),
      });

      // THEN
      expect(inspected.node.defaultChild).toBe(inspected.cfnVpc);
      expect(stack.resolve(inspected.vpc.selectSubnets().subnetIds)).toEqual(stack.resolve(inspected.applicationSubnets.map(s => s.subnetId)));
      const placed = stack.resolve((instance.node.defaultChild as ec2.CfnInstance).subnetId);
      expect(placed).toEqual(stack.resolve(inspected.applicationSubnets[0].subnetId));
    });

    test('a private route of an application subnet (to a transit gateway) is no bypass', () => {
      // GIVEN
      const stack = newStack();
      const inspected = new GwlbInspectionVpc(stack, 'Inspected', { service: newService(stack) });

      // WHEN
      inspected.applicationSubnets.forEach((subnet, i) => new ec2.CfnRoute(stack, `OnPremises${i}`, {
        routeTableId: subnet.routeTable.routeTableId, destinationCidrBlock: '10.100.0.0/16', transitGatewayId: 'tgw-0123456789abcdef0',
      }));

      // THEN
      expect(() => Template.fromStack(stack)).not.toThrow();
    });

    test('a prefix-list route from an application subnet to the internet gateway is a bypass', () => {
      // GIVEN
      const stack = newStack();
      const inspected = new GwlbInspectionVpc(stack, 'Inspected', { service: newService(stack) });

      // WHEN
      new ec2.CfnRoute(stack, 'ToPrefixList', {
        routeTableId: inspected.applicationSubnets[0].routeTable.routeTableId,
        destinationPrefixListId: 'pl-0123456789abcdef0',
        gatewayId: inspected.internetGatewayId,
      });

      // THEN
      expect(() => Template.fromStack(stack)).toThrow(/routes: route Stack\/ToPrefixList of subnet Stack\/Inspected\/ApplicationSubnet1 sends pl-0123456789abcdef0 to/);
    });

    test('adopted public subnets as endpoint subnets keep their own default route to the gateway, and no second one is added', () => {
      // GIVEN an ec2.Vpc with public subnets (0.0.0.0/0 to its internet gateway already)
      const stack = newStack();
      const vpc = existingVpc(stack, [{ name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 }]);

      // WHEN
      new GwlbInspectionVpc(stack, 'Inspected', {
        service: newService(stack),
        vpc,
        internetGatewayId: vpc.internetGatewayId!,
        applicationSubnets: group(vpc, 'app'),
        endpointSubnets: vpc.publicSubnets,
      });

      // THEN: one default route per endpoint subnet table, the VPC's own
      const template = Template.fromStack(stack);
      for (const subnet of vpc.publicSubnets) {
        const table = stack.resolve(subnet.routeTable.routeTableId);
        const defaults = Object.values<any>(template.findResources('AWS::EC2::Route'))
          .filter(r => JSON.stringify(r.Properties.RouteTableId) === JSON.stringify(table) && r.Properties.DestinationCidrBlock === '0.0.0.0/0');
        expect(defaults).toHaveLength(1);
      }
    });

    test('imported application or endpoint subnets get a warning that the walk cannot check them', () => {
      // GIVEN
      const stack = newStack();
      const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Imported', { vpcId: 'vpc-0123456789abcdef0', availabilityZones: ['us-east-1a'] });
      const subnet = (id: string, cidr: string) => ec2.Subnet.fromSubnetAttributes(stack, id, {
        subnetId: `subnet-0${id === 'App' ? 'a' : 'b'}23456789abcdef0`, availabilityZone: 'us-east-1a', routeTableId: 'rtb-0123456789abcdef0', ipv4CidrBlock: cidr,
      });

      // WHEN
      new GwlbInspectionVpc(stack, 'Inspected', {
        service: importedService(stack),
        vpc,
        internetGatewayId: IGW_ID,
        applicationSubnets: [subnet('App', '10.9.0.0/24')],
        endpointSubnets: [subnet('Gwlbe', '10.9.1.0/28')],
      });

      // THEN
      Annotations.fromStack(stack).hasWarning('/Stack/Inspected', Match.stringLikeRegexp('route tables are not in this app'));
    });
  });

  describe.each(STACK_KINDS)('placement and order (%s)', (_kind, newStack) => {
    test('endpoints placed by AZ id meet a same-account service placed by name without a zone error', () => {
      const stack = newStack();
      const inspected = new GwlbInspectionVpc(stack, 'Inspected', { service: newService(stack), availabilityZoneIds: AZ_IDS });
      expect(inspected.endpoints).toHaveLength(2);
      Template.fromStack(stack).resourcePropertiesCountIs('AWS::EC2::Subnet', { AvailabilityZoneId: 'use1-az1' }, 2);
    });

    test('an adopted ec2.Vpc with an internet gateway: the edge association and internet routes wait for its attachment', () => {
      // GIVEN a VPC of this app with an internet gateway (a public subnet group), adopted with its gateway
      const stack = newStack();
      const vpc = existingVpc(stack, [{ name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 }]);

      // WHEN
      const inspected = new GwlbInspectionVpc(stack, 'Inspected', {
        service: newService(stack), vpc, internetGatewayId: vpc.internetGatewayId!, applicationSubnets: group(vpc, 'app'), endpointSubnets: group(vpc, 'gwlbe'),
      });

      // THEN
      const template = Template.fromStack(stack);
      const attachment = onlyLogicalId(template, 'AWS::EC2::VPCGatewayAttachment');
      template.hasResource('AWS::EC2::GatewayRouteTableAssociation', { DependsOn: Match.arrayWith([attachment]) });
      const internet = Object.values<any>(template.findResources('AWS::EC2::Route'))
        .filter(r => r.Properties.GatewayId !== undefined && JSON.stringify(r.Properties.RouteTableId).includes('gwlbe'));
      expect(internet).toHaveLength(2);
      for (const route of internet) expect(route.DependsOn).toEqual(expect.arrayContaining([attachment]));
      expect(inspected.internetGatewayId).toBe(vpc.internetGatewayId);
    });
  });

  describe.each(STACK_KINDS)('synth-time route walk (%s)', (kind, newStack) => {
    test('fails the synthesis on a route around the endpoint', () => {
      // GIVEN
      const stack = newStack();
      const inspected = new GwlbInspectionVpc(stack, 'Inspected', { service: newService(stack) });

      // WHEN
      new ec2.CfnRoute(stack, 'Bypass', {
        routeTableId: inspected.applicationSubnets[0].routeTable.routeTableId,
        destinationCidrBlock: '198.51.100.0/24',
        gatewayId: inspected.internetGatewayId,
      });

      // THEN
      const az = kind === 'with env' ? 'us-east-1a' : 'AZ\\[0\\]';
      const message = new RegExp('\\[Stack/Inspected\\] routes: route Stack/Bypass of subnet Stack/Inspected/ApplicationSubnet1 sends 198\\.51\\.100\\.0/24 '
        + `to Stack/Inspected/InternetGateway, around the Gateway Load Balancer endpoint; remove it or target the endpoint in ${az}`);
      expect(() => Template.fromStack(stack)).toThrow(message);
      expect(() => (stack.node.root as App).synth({ force: true })).toThrow(message);
    });

    test('fails the synthesis when the application subnets already route 0.0.0.0/0 to the internet gateway', () => {
      // GIVEN: a VPC whose public subnets route 0.0.0.0/0 to its internet gateway
      const stack = newStack();
      const vpc = existingVpc(stack, [{ name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 }]);

      // WHEN
      new GwlbInspectionVpc(stack, 'Inspected', {
        service: newService(stack),
        vpc,
        internetGatewayId: vpc.internetGatewayId!,
        applicationSubnets: vpc.publicSubnets,
        endpointSubnets: group(vpc, 'gwlbe'),
      });

      // THEN
      expect(() => Template.fromStack(stack)).toThrow(
        /routes: routes Stack\/Vpc\/publicSubnet1\/DefaultRoute and Stack\/Inspected\/Endpoint1\/Routes\/ApplicationIpv4 both send 0\.0\.0\.0\/0 from the same route table/);
      expect(() => Template.fromStack(stack)).toThrow(
        /routes: routes Stack\/Vpc\/publicSubnet2\/DefaultRoute and Stack\/Inspected\/Endpoint2\/Routes\/ApplicationIpv4 both send 0\.0\.0\.0\/0 from the same route table/);
      expect(() => Template.fromStack(stack)).toThrow(
        /ipv4 traffic from subnet Stack\/Vpc\/publicSubnet1 to the internet leaves through Stack\/Vpc\/IGW \(route Stack\/Vpc\/publicSubnet1\/DefaultRoute\) without passing/);
    });
  });

  describe('acknowledgeFindings', () => {
    test('acknowledges on the internet routes of the endpoint subnets and on the waiter provider, nowhere else', () => {
      // GIVEN
      const stack = envStack();
      const inspected = new GwlbInspectionVpc(stack, 'Inspected', { service: newService(stack) });
      const before = new Set(acknowledgedPaths(stack));

      // WHEN
      inspected.acknowledgeFindings();

      // THEN
      const added = acknowledgedPaths(stack).filter(p => !before.has(p));
      expect(added.sort()).toEqual([
        'Stack/CdkPrivateLinkEndpointConnectionProvider', 'Stack/Inspected/Routes/Zone1InternetIpv4', 'Stack/Inspected/Routes/Zone2InternetIpv4',
      ]);
      const ack = inspected.node.findChild('Routes').node.findChild('Zone1InternetIpv4').node.metadata
        .filter(m => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map(m => Object.keys(m.data as object)).flat();
      expect(ack).toEqual(['NIST.800.53.R5::NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW', 'HIPAA.Security::HIPAA.Security-VPCNoUnrestrictedRouteToIGW']);
    });
  });

  describe('acknowledgeFindings without a waiter', () => {
    test('acknowledges on the internet routes only', () => {
      // GIVEN
      const stack = envStack();
      const inspected = new GwlbInspectionVpc(stack, 'Inspected', { service: newService(stack, { acceptanceRequired: false }) });
      const before = new Set(acknowledgedPaths(stack));

      // WHEN
      inspected.acknowledgeFindings();

      // THEN
      expect(acknowledgedPaths(stack).filter(p => !before.has(p)).sort()).toEqual([
        'Stack/Inspected/Routes/Zone1InternetIpv4', 'Stack/Inspected/Routes/Zone2InternetIpv4',
      ]);
      expect(stack.node.tryFindChild('CdkPrivateLinkEndpointConnectionProvider')).toBeUndefined();
    });
  });

  describe('fails', () => {
    /** Props of an adopted `existingVpc` with two application and two endpoint subnets. */
    function adoptProps(vpc: ec2.Vpc): Omit<GwlbInspectionVpcProps, 'service'> {
      return { vpc, internetGatewayId: IGW_ID, applicationSubnets: group(vpc, 'app'), endpointSubnets: group(vpc, 'gwlbe') };
    }

    test.each(STACK_KINDS)('fails with dualStack and a service that supports IPv4 only (%s)', (_kind, newStack) => {
      const stack = newStack();
      const service = newService(stack);
      expect(errorMessageOf(() => new GwlbInspectionVpc(stack, 'Inspected', { service, dualStack: true })))
        .toMatch(/^dualStack \(true\) makes the endpoint IP address type, which is 'dualstack' but endpoint service .* supports 'ipv4' only/);
    });

    test.each(STACK_KINDS)('fails with an egress-only internet gateway as internetGatewayId (%s)', (_kind, newStack) => {
      const stack = newStack();
      const vpc = existingVpc(stack);
      expect(errorMessageOf(() => new GwlbInspectionVpc(stack, 'Inspected', {
        service: newService(stack), ...adoptProps(vpc), internetGatewayId: 'eigw-0123456789abcdef0',
      }))).toMatch(/^internetGatewayId 'eigw-0123456789abcdef0' is an egress-only internet gateway/);
    });

    test.each(STACK_KINDS)('fails with a reference to an egress-only internet gateway as internetGatewayId (%s)', (_kind, newStack) => {
      const stack = newStack();
      const vpc = existingVpc(stack);
      const eigw = new ec2.CfnEgressOnlyInternetGateway(stack, 'Eigw', { vpcId: vpc.vpcId });
      expect(errorMessageOf(() => new GwlbInspectionVpc(stack, 'Inspected', {
        service: newService(stack), ...adoptProps(vpc), internetGatewayId: eigw.ref,
      }))).toMatch(/^internetGatewayId 'Stack\/Eigw' is an egress-only internet gateway .*; its IPv6 traffic is dropped/);
    });

    test.each(STACK_KINDS)('fails with a virtual private gateway as internetGatewayId (%s)', (_kind, newStack) => {
      const stack = newStack();
      const vpc = existingVpc(stack);
      expect(errorMessageOf(() => new GwlbInspectionVpc(stack, 'Inspected', {
        service: newService(stack), ...adoptProps(vpc), internetGatewayId: 'vgw-0123456789abcdef0',
      }))).toMatch(/^internetGatewayId 'vgw-0123456789abcdef0' is not an internet gateway id/);
    });

    test.each(STACK_KINDS)('fails with an application subnet that is also an endpoint subnet (%s)', (_kind, newStack) => {
      const stack = newStack();
      const vpc = existingVpc(stack);
      expect(errorMessageOf(() => new GwlbInspectionVpc(stack, 'Inspected', {
        service: newService(stack), ...adoptProps(vpc), endpointSubnets: group(vpc, 'app'),
      }))).toMatch(/^applicationSubnets: application subnet Stack\/Vpc\/appSubnet1 is also the subnet of a Gateway Load Balancer endpoint/);
    });

    test.each(STACK_KINDS)('fails with two application subnets in one zone (%s)', (kind, newStack) => {
      const stack = newStack();
      const vpc = existingVpc(stack, [{ name: 'app2', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }]);
      const az = kind === 'with env' ? 'us-east-1a' : 'AZ\\[0\\]';
      expect(errorMessageOf(() => new GwlbInspectionVpc(stack, 'Inspected', {
        service: newService(stack), ...adoptProps(vpc), applicationSubnets: [group(vpc, 'app')[0], group(vpc, 'app2')[0]],
      }))).toMatch(new RegExp(`^applicationSubnets contains two subnets in Availability Zone '${az}' \\(Stack/Vpc/appSubnet1 and Stack/Vpc/app2Subnet1\\)`));
    });

    test.each(STACK_KINDS)('fails with an endpoint subnet in a zone without application subnet (%s)', (kind, newStack) => {
      const stack = newStack();
      const vpc = existingVpc(stack);
      const az = kind === 'with env' ? 'us-east-1b' : 'AZ\\[1\\]';
      expect(errorMessageOf(() => new GwlbInspectionVpc(stack, 'Inspected', {
        service: newService(stack), ...adoptProps(vpc), applicationSubnets: [group(vpc, 'app')[0]],
      }))).toMatch(new RegExp(`^endpointSubnets has subnet Stack/Vpc/gwlbeSubnet2 in '${az}' but applicationSubnets has none there`));
    });

    test.each(STACK_KINDS)('fails with an application subnet in a zone without endpoint subnet (%s)', (kind, newStack) => {
      const stack = newStack();
      const vpc = existingVpc(stack);
      const az = kind === 'with env' ? 'us-east-1b' : 'AZ\\[1\\]';
      expect(errorMessageOf(() => new GwlbInspectionVpc(stack, 'Inspected', {
        service: newService(stack), ...adoptProps(vpc), endpointSubnets: [group(vpc, 'gwlbe')[0]],
      }))).toMatch(new RegExp(`^applicationSubnets has subnet Stack/Vpc/appSubnet2 in '${az}' but endpointSubnets has none there`));
    });

    test.each(STACK_KINDS)('fails with vpc but no internetGatewayId (%s)', (_kind, newStack) => {
      const stack = newStack();
      const vpc = existingVpc(stack);
      expect(errorMessageOf(() => new GwlbInspectionVpc(stack, 'Inspected', {
        service: newService(stack), ...adoptProps(vpc), internetGatewayId: undefined,
      }))).toMatch(/^vpc is given but internetGatewayId is not/);
    });

    test.each(STACK_KINDS.flatMap(([kind, newStack]) => [
      ['applicationSubnets', kind, newStack], ['endpointSubnets', kind, newStack],
    ] as const))('fails with vpc but no %s (%s)', (prop, _kind, newStack) => {
      const stack = newStack();
      const vpc = existingVpc(stack);
      const service = newService(stack);
      for (const value of [undefined, []]) {
        expect(errorMessageOf(() => new GwlbInspectionVpc(stack, `Inspected${value === undefined ? 'Unset' : 'Empty'}`, {
          service, ...adoptProps(vpc), [prop]: value,
        }))).toMatch(new RegExp(`^vpc is given but ${prop} is empty`));
      }
    });

    test.each(STACK_KINDS.flatMap(([kind, newStack]) => ([
      ['ipv4Cidr', '10.2.0.0/16'], ['availabilityZones', ['us-east-1a']], ['availabilityZoneIds', AZ_IDS], ['applicationSubnetCidrMask', 24],
      ['endpointSubnetCidrMask', 28], ['mapPublicIpOnLaunch', false], ['flowLogs', true],
    ] as const).map(([prop, value]) => [prop, kind, newStack, value] as const)))('fails with %s and vpc (%s)', (prop, _kind, newStack, value) => {
      const stack = newStack();
      const vpc = existingVpc(stack);
      expect(errorMessageOf(() => new GwlbInspectionVpc(stack, 'Inspected', { service: newService(stack), ...adoptProps(vpc), [prop]: value })))
        .toMatch(new RegExp(`^${prop} is only for a created VPC; an adopted vpc keeps its own, leave ${prop} unset`));
    });

    test.each(STACK_KINDS)('fails with flowLogDestination and vpc (%s)', (_kind, newStack) => {
      const stack = newStack();
      const vpc = existingVpc(stack);
      const flowLogDestination = ec2.FlowLogDestination.toCloudWatchLogs(new logs.LogGroup(stack, 'Logs'));
      expect(errorMessageOf(() => new GwlbInspectionVpc(stack, 'Inspected', { service: newService(stack), ...adoptProps(vpc), flowLogDestination })))
        .toMatch(/^flowLogDestination is only for a created VPC/);
    });

    test.each(STACK_KINDS.flatMap(([kind, newStack]) => ['internetGatewayId', 'applicationSubnets', 'endpointSubnets']
      .map(prop => [prop, kind, newStack] as const)))('fails with %s but no vpc (%s)', (prop, _kind, newStack) => {
      const stack = newStack();
      const vpc = existingVpc(stack);
      const props = adoptProps(vpc) as Record<string, unknown>;
      expect(errorMessageOf(() => new GwlbInspectionVpc(stack, 'Inspected', { service: newService(stack), [prop]: props[prop] })))
        .toMatch(new RegExp(`^${prop} is only for an adopted VPC; give vpc too, or leave ${prop} unset`));
    });

    test.each(STACK_KINDS)('fails with availabilityZones and availabilityZoneIds both (%s)', (_kind, newStack) => {
      const stack = newStack();
      expect(errorMessageOf(() => new GwlbInspectionVpc(stack, 'Inspected', {
        service: newService(stack), availabilityZones: stack.availabilityZones.slice(0, 2), availabilityZoneIds: AZ_IDS,
      }))).toMatch(/^availabilityZones and availabilityZoneIds are both given/);
    });

    test.each(STACK_KINDS)('fails with a zone listed twice in availabilityZones (%s)', (kind, newStack) => {
      const stack = newStack();
      const first = stack.availabilityZones[0];
      const shown = kind === 'with env' ? 'us-east-1a, us-east-1a' : 'AZ\\[0\\], AZ\\[0\\]';
      expect(errorMessageOf(() => new GwlbInspectionVpc(stack, 'Inspected', { service: newService(stack), availabilityZones: [first, first] })))
        .toMatch(new RegExp(`^availabilityZones names a zone twice \\(${shown}\\); one GWLB endpoint per Availability Zone is allowed`));
    });

    test.each(STACK_KINDS)('fails with a zone listed twice in availabilityZoneIds (%s)', (_kind, newStack) => {
      const stack = newStack();
      expect(errorMessageOf(() => new GwlbInspectionVpc(stack, 'Inspected', {
        service: newService(stack, { availabilityZoneIds: AZ_IDS }), availabilityZoneIds: ['use1-az1', 'use1-az1'],
      }))).toMatch(/^availabilityZoneIds names a zone twice \(use1-az1, use1-az1\)/);
    });

    test.each(STACK_KINDS)('fails with no zone (%s)', (_kind, newStack) => {
      const stack = newStack();
      expect(errorMessageOf(() => new GwlbInspectionVpc(stack, 'Inspected', { service: newService(stack), availabilityZones: [] })))
        .toMatch(/^availabilityZones is empty/);
    });

    test.each(STACK_KINDS)('fails with an AZ id that is not one (%s)', (_kind, newStack) => {
      const stack = newStack();
      expect(errorMessageOf(() => new GwlbInspectionVpc(stack, 'Inspected', {
        service: newService(stack, { availabilityZoneIds: AZ_IDS }), availabilityZoneIds: ['use1-az1', 'us-east-1b'],
      }))).toMatch(/^availabilityZoneIds contains 'us-east-1b', which is not an AZ id/);
    });

    test.each(STACK_KINDS.flatMap(([kind, newStack]) => ([
      ['applicationSubnetCidrMask', 15], ['applicationSubnetCidrMask', 29], ['endpointSubnetCidrMask', 15], ['endpointSubnetCidrMask', 29],
    ] as const).map(([prop, mask]) => [prop, mask, kind, newStack] as const)))('fails with %s %d (%s)', (prop, mask, _kind, newStack) => {
      const stack = newStack();
      expect(errorMessageOf(() => new GwlbInspectionVpc(stack, 'Inspected', { service: newService(stack), [prop]: mask })))
        .toMatch(new RegExp(`^${prop} ${mask} is out of range; subnets take prefix lengths from 16 to 28`));
    });

    test.each(STACK_KINDS)('fails with a zone the load balancer of this account does not serve (%s)', (kind, newStack) => {
      // GIVEN: the provider's load balancer serves the first two zones
      const stack = newStack();
      const third = kind === 'with env' ? 'us-east-1c' : Fn.select(2, Fn.getAzs());
      const [shown, served] = kind === 'with env' ? ['us-east-1c', "'us-east-1a', 'us-east-1b'"] : ['AZ\\[2\\]', "'AZ\\[0\\]', 'AZ\\[1\\]'"];

      // WHEN / THEN
      expect(errorMessageOf(() => new GwlbInspectionVpc(stack, 'Inspected', {
        service: newService(stack), availabilityZones: [stack.availabilityZones[0], third],
      }))).toMatch(new RegExp(`^availabilityZones places a Gateway Load Balancer endpoint in Availability Zone '${shown}', `
        + `which the load balancer does not serve \\(it serves ${served}\\)`));
    });

    test.each(STACK_KINDS)('fails with an AZ id the load balancer of another account does not serve (%s)', (_kind, newStack) => {
      const stack = newStack();
      expect(errorMessageOf(() => new GwlbInspectionVpc(stack, 'Inspected', {
        service: importedService(stack, { availabilityZoneIds: ['use1-az1'] }), availabilityZoneIds: ['use1-az3'],
      }))).toMatch(/^availabilityZoneIds places a Gateway Load Balancer endpoint in AZ id 'use1-az3', which the load balancer does not serve \(it serves 'use1-az1'\)/);
    });

    test.each(STACK_KINDS)('fails with flowLogDestination and flowLogs: false (%s)', (_kind, newStack) => {
      const stack = newStack();
      const flowLogDestination = ec2.FlowLogDestination.toCloudWatchLogs(new logs.LogGroup(stack, 'Logs'));
      expect(errorMessageOf(() => new GwlbInspectionVpc(stack, 'Inspected', { service: newService(stack), flowLogs: false, flowLogDestination })))
        .toMatch(/^flowLogDestination is given but flowLogs is false/);
    });
  });
});
