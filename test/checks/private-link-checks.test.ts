import * as fs from 'fs';
import * as path from 'path';
import { App, Fn, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53resolver from 'aws-cdk-lib/aws-route53resolver';
import { PrivateLinkChecks } from '../../src/checks/private-link-checks';
import { ALL_RULES } from '../../src/private/rules/rules';
import { AZ_CONTEXT, TEST_ENV } from '../fixtures';
import { findingsOf, gwlbServiceName, plainInspectionVpc, plainVpc, zoneOf } from './plain-app';

/*
 * PrivateLinkChecks on apps written with plain aws-cdk-lib only (no construct of this library):
 * one app breaks each rule once, the same app corrected breaks none; both in a stack with env and
 * in an environment-agnostic one.
 */

const KMS = ec2.InterfaceVpcEndpointAwsService.KMS;
const GWLB_SERVICE = 'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0';
const OTHER_GWLB_SERVICE = 'com.amazonaws.vpce.us-east-1.vpce-svc-0fedcba9876543210';

function newApp(env: boolean): { app: App; stack: Stack } {
  const app = new App({ context: env ? AZ_CONTEXT : {} });
  return { app, stack: new Stack(app, 'Plain', env ? { env: TEST_ENV } : {}) };
}

const ids = (subnets: ec2.ISubnet[]) => subnets.map(s => s.subnetId);

/** The app, broken once per rule (`broken`) or corrected. */
function buildApp(env: boolean, broken: boolean): App {
  const { app, stack } = newApp(env);
  const vpc = plainVpc(stack, 'Vpc');
  const [a0, a1, b0] = [vpc.isolatedSubnets[0], vpc.isolatedSubnets[1], vpc.isolatedSubnets[2]];

  // PrivateLink-Subnet1: two subnets in one AZ.
  new ec2.CfnVPCEndpoint(stack, 'TwoInOneAz', {
    vpcId: vpc.vpcId, vpcEndpointType: 'Interface', serviceName: KMS.name, subnetIds: ids(broken ? [a0, b0] : [a0, a1]),
  });
  // PrivateLink-Subnet2: ipv6 on subnets with IPv4 ranges. PrivateLink-Dns1: IPv6 records on an IPv4 endpoint.
  new ec2.CfnVPCEndpoint(stack, 'IpTypes', {
    vpcId: vpc.vpcId,
    vpcEndpointType: 'Interface',
    serviceName: 'com.amazonaws.us-east-1.sqs',
    subnetIds: ids([a0, a1]),
    ipAddressType: broken ? 'ipv6' : 'ipv4',
  });
  new ec2.CfnVPCEndpoint(stack, 'DnsTypes', {
    vpcId: vpc.vpcId,
    vpcEndpointType: 'Interface',
    serviceName: 'com.amazonaws.us-east-1.sns',
    subnetIds: ids([a0, a1]),
    ipAddressType: 'ipv4',
    dnsOptions: { dnsRecordIpType: broken ? 'ipv6' : 'ipv4' },
  });
  // PrivateLink-Dns2: private DNS in a VPC without DNS hostnames.
  const noDns = plainVpc(stack, 'NoDnsVpc', !broken);
  noDns.addInterfaceEndpoint('Secrets', { service: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER, privateDnsEnabled: true });
  // PrivateLink-Policy1: a wildcard on aws:SourceVpce.
  const logs = vpc.addInterfaceEndpoint('Logs', { service: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS });
  logs.addToPolicy(new iam.PolicyStatement({
    principals: [new iam.AnyPrincipal()],
    actions: ['logs:PutLogEvents'],
    resources: ['*'],
    conditions: { StringLike: { 'aws:SourceVpce': broken ? 'vpce-1*' : 'vpce-0123456789abcdef0' } },
  }));
  // PrivateLink-Network1: the whole internet on the endpoint port.
  if (broken) logs.connections.allowDefaultPortFromAnyIpv4();
  // PrivateLink-Gateway1: two S3 gateway endpoints on the same route tables.
  vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3, subnets: [{ subnetGroupName: 'a' }] });
  vpc.addGatewayEndpoint('S3Again', { service: ec2.GatewayVpcEndpointAwsService.S3, subnets: [{ subnetGroupName: broken ? 'a' : 'b' }] });
  // PrivateLink-Gwlb1: two subnets. PrivateLink-Gwlb2: a second endpoint in the AZ. PrivateLink-Gwlb3: a prefix-list route.
  const inspectionVpc = plainVpc(stack, 'InspectionVpc');
  const [i0, i1, j0] = [inspectionVpc.isolatedSubnets[0], inspectionVpc.isolatedSubnets[1], inspectionVpc.isolatedSubnets[2]];
  const gwlb = new ec2.CfnVPCEndpoint(stack, 'Gwlb', {
    vpcId: inspectionVpc.vpcId, vpcEndpointType: 'GatewayLoadBalancer', serviceName: GWLB_SERVICE, subnetIds: ids([i0]),
  });
  new ec2.CfnVPCEndpoint(stack, 'GwlbSecond', {
    vpcId: inspectionVpc.vpcId, vpcEndpointType: 'GatewayLoadBalancer', serviceName: GWLB_SERVICE, subnetIds: ids([broken ? j0 : i1]),
  });
  new ec2.CfnVPCEndpoint(stack, 'GwlbTwoSubnets', {
    vpcId: inspectionVpc.vpcId, vpcEndpointType: 'GatewayLoadBalancer', serviceName: OTHER_GWLB_SERVICE, subnetIds: ids(broken ? [i0, i1] : [i0]),
  });
  new ec2.CfnRoute(stack, 'ToInspection', {
    routeTableId: i0.routeTable.routeTableId,
    vpcEndpointId: gwlb.ref,
    ...(broken ? { destinationPrefixListId: 'pl-0123456789abcdef0' } : { destinationCidrBlock: '10.9.0.0/16' }),
  });
  // PrivateLink-Dns3: private DNS only for the inbound Resolver endpoint, in a VPC without an S3 gateway endpoint.
  const resolverVpc = plainVpc(stack, 'ResolverVpc');
  if (!broken) resolverVpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
  new ec2.CfnVPCEndpoint(stack, 'S3ForOnPremises', {
    vpcId: resolverVpc.vpcId,
    vpcEndpointType: 'Interface',
    serviceName: 'com.amazonaws.us-east-1.s3',
    subnetIds: ids(resolverVpc.isolatedSubnets.slice(0, 2)),
    privateDnsEnabled: true,
    dnsOptions: { privateDnsOnlyForInboundResolverEndpoint: 'OnlyInboundResolver' },
  });
  // PrivateLink-Gateway2: DynamoDB over IPv6.
  new ec2.CfnVPCEndpoint(stack, 'DynamoDb', {
    vpcId: resolverVpc.vpcId,
    vpcEndpointType: 'Gateway',
    serviceName: 'com.amazonaws.us-east-1.dynamodb',
    routeTableIds: [resolverVpc.isolatedSubnets[0].routeTable.routeTableId],
    ipAddressType: broken ? 'dualstack' : 'ipv4',
  });
  // PrivateLink-Region1: a cross-Region endpoint to a service that does not offer it.
  new ec2.CfnVPCEndpoint(stack, 'CrossRegion', {
    vpcId: vpc.vpcId,
    vpcEndpointType: 'Interface',
    serviceName: broken ? 'com.amazonaws.us-west-2.sqs' : 'com.amazonaws.us-west-2.kms',
    serviceRegion: 'us-west-2',
    subnetIds: ids([a0, a1]),
  });
  // PrivateLink-Lattice1: a service network ARN where a resource configuration ARN belongs.
  new ec2.CfnVPCEndpoint(stack, 'Database', {
    vpcId: vpc.vpcId,
    vpcEndpointType: 'Resource',
    subnetIds: ids([a0, a1]),
    resourceConfigurationArn: stack.formatArn({
      service: 'vpc-lattice', resource: broken ? 'servicenetwork' : 'resourceconfiguration', resourceName: 'x-0123456789abcdef0',
    }),
  });
  // PrivateLink-Lattice2: UDP to a resource endpoint.
  const databaseSg = new ec2.SecurityGroup(stack, 'DatabaseSg', { vpc, allowAllOutbound: false });
  databaseSg.addIngressRule(ec2.Peer.ipv4('10.0.0.0/16'), broken ? ec2.Port.udp(53) : ec2.Port.tcp(5432));
  new ec2.CfnVPCEndpoint(stack, 'DatabaseUdp', {
    vpcId: vpc.vpcId,
    vpcEndpointType: 'Resource',
    subnetIds: ids([a0, a1]),
    securityGroupIds: [databaseSg.securityGroupId],
    resourceConfigurationArn: 'arn:aws:vpc-lattice:us-east-1:111111111111:resourceconfiguration/rcfg-0123456789abcdef0',
  });
  // PrivateLink-Subnet3: a service-network endpoint in /27 subnets.
  const smallVpc = new ec2.Vpc(stack, 'SmallVpc', {
    maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'i', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: broken ? 27 : 26 }],
  });
  new ec2.CfnVPCEndpoint(stack, 'Network', {
    vpcId: smallVpc.vpcId,
    vpcEndpointType: 'ServiceNetwork',
    subnetIds: ids(smallVpc.isolatedSubnets),
    serviceNetworkArn: 'arn:aws:vpc-lattice:us-east-1:111111111111:servicenetwork/sn-0123456789abcdef0',
  });
  // PrivateLink-Resolver1: an inbound Resolver endpoint in one Availability Zone; PrivateLink-Network1 on its open DNS port.
  const resolverSg = new ec2.SecurityGroup(stack, 'ResolverSg', { vpc, allowAllOutbound: false });
  resolverSg.addIngressRule(broken ? ec2.Peer.anyIpv4() : ec2.Peer.ipv4('10.100.0.0/16'), ec2.Port.udp(53));
  type Addresses = route53resolver.CfnResolverEndpoint.IpAddressRequestProperty[];
  const resolver = (id: string, ipAddresses: Addresses) => new route53resolver.CfnResolverEndpoint(stack, id, {
    direction: 'INBOUND', ipAddresses, securityGroupIds: [resolverSg.securityGroupId],
  });
  resolver('OneAzResolver', (broken ? [a0, b0] : [a0, a1]).map(s => ({ subnetId: s.subnetId })));
  // PrivateLink-Resolver2: a pinned address among the first four of its subnet (10.0.0.0/24).
  resolver('ReservedIpResolver', [{ subnetId: a0.subnetId, ip: broken ? '10.0.0.1' : '10.0.0.10' }, { subnetId: a1.subnetId, ip: '10.0.1.10' }]);
  // PrivateLink-Resolver3: one address pinned twice.
  resolver('TwiceResolver', [
    { subnetId: a0.subnetId, ip: '10.0.0.20' }, { subnetId: a1.subnetId, ip: '10.0.1.20' }, { subnetId: a0.subnetId, ip: broken ? '10.0.0.20' : '10.0.0.21' },
  ]);
  // PrivateLink-Policy2: a policy on an endpoint to an endpoint service.
  new ec2.CfnVPCEndpoint(stack, 'Partner', {
    vpcId: vpc.vpcId,
    vpcEndpointType: 'Interface',
    serviceName: 'com.amazonaws.vpce.us-east-1.vpce-svc-0aaaaaaaaaaaaaaaa',
    subnetIds: ids([a0, a1]),
    policyDocument: broken ? { Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] } : undefined,
  });
  // PrivateLink-Quota1: 51 interface and Gateway Load Balancer endpoints in one VPC.
  const busy = plainVpc(stack, 'BusyVpc');
  const busyCount = broken ? 51 : 50;
  for (let n = 0; n < busyCount; n++) {
    new ec2.CfnVPCEndpoint(stack, `Busy${n}`, {
      vpcId: busy.vpcId,
      vpcEndpointType: 'Interface',
      serviceName: `com.amazonaws.vpce.us-east-1.vpce-svc-${String(n).padStart(17, '0')}`,
      subnetIds: ids(busy.isolatedSubnets.slice(0, 2)),
    });
  }
  // A Gateway Load Balancer (zones a and b) behind an endpoint service, and a consumer VPC with a subnet in zone c.
  const appliances = new elbv2.CfnLoadBalancer(stack, 'Appliances', { type: 'gateway', subnets: ids([a0, a1]) });
  const applianceService = new ec2.CfnVPCEndpointService(stack, 'ApplianceService', { gatewayLoadBalancerArns: [appliances.ref] });
  const consumer = plainVpc(stack, 'ConsumerVpc');
  const [c0, c1] = consumer.isolatedSubnets;
  const zoneC = new ec2.Subnet(stack, 'ZoneC', { vpcId: consumer.vpcId, availabilityZone: zoneOf(stack, 2), cidrBlock: '10.0.8.0/24' });
  // PrivateLink-Gwlb4: an endpoint in a zone the load balancer does not serve.
  new ec2.CfnVPCEndpoint(stack, 'OutOfZone', {
    vpcId: consumer.vpcId, vpcEndpointType: 'GatewayLoadBalancer', serviceName: gwlbServiceName(applianceService), subnetIds: ids([broken ? zoneC : c0]),
  });
  // PrivateLink-Gwlb8: a dual-stack endpoint (in a dual-stack subnet of zone b) to the IPv4-only service.
  const consumerIpv6 = new ec2.CfnVPCCidrBlock(stack, 'ConsumerIpv6', { vpcId: consumer.vpcId, amazonProvidedIpv6CidrBlock: true });
  const dualStack = new ec2.Subnet(stack, 'DualStack', {
    vpcId: consumer.vpcId,
    availabilityZone: zoneOf(stack, 1),
    cidrBlock: '10.0.9.0/24',
    ipv6CidrBlock: Fn.select(0, Fn.cidr(Fn.select(0, consumer.vpcIpv6CidrBlocks), 256, '64')),
  });
  dualStack.node.addDependency(consumerIpv6);
  new ec2.CfnVPCEndpoint(stack, 'DualStackToIpv4', {
    vpcId: consumer.vpcId,
    vpcEndpointType: 'GatewayLoadBalancer',
    serviceName: gwlbServiceName(applianceService),
    subnetIds: ids([dualStack]),
    ipAddressType: broken ? 'dualstack' : 'ipv4',
  });
  // PrivateLink-Gwlb7: security groups on a GWLB endpoint.
  const applianceSg = new ec2.SecurityGroup(stack, 'ApplianceSg', { vpc: consumer, allowAllOutbound: false });
  new ec2.CfnVPCEndpoint(stack, 'GwlbWithGroups', {
    vpcId: consumer.vpcId,
    vpcEndpointType: 'GatewayLoadBalancer',
    serviceName: GWLB_SERVICE,
    subnetIds: ids([c0]),
    securityGroupIds: broken ? [applianceSg.securityGroupId] : undefined,
  });
  // PrivateLink-Gwlb6: IPv6 to an egress-only internet gateway in the VPC with GWLB endpoints.
  const egressOnly = new ec2.CfnEgressOnlyInternetGateway(stack, 'EgressOnly', { vpcId: consumer.vpcId });
  const consumerIgw = new ec2.CfnInternetGateway(stack, 'ConsumerIgw');
  new ec2.CfnVPCGatewayAttachment(stack, 'ConsumerIgwAttachment', { vpcId: consumer.vpcId, internetGatewayId: consumerIgw.ref });
  new ec2.CfnRoute(stack, 'Ipv6ToInternet', {
    routeTableId: c1.routeTable.routeTableId,
    destinationIpv6CidrBlock: '::/0',
    ...(broken ? { egressOnlyInternetGatewayId: egressOnly.ref } : { gatewayId: consumerIgw.ref }),
  });
  // PrivateLink-Gwlb9: a Network Load Balancer among the Gateway Load Balancers of a service.
  const networkLb = new elbv2.CfnLoadBalancer(stack, 'NetworkLb', { type: 'network', subnets: ids([a0, a1]) });
  new ec2.CfnVPCEndpointService(stack, 'NlbService', broken ? { gatewayLoadBalancerArns: [networkLb.ref] } : { networkLoadBalancerArns: [networkLb.ref] });
  // PrivateLink-Gwlb10: IPv6 on a service whose load balancer is IPv4 only.
  new ec2.CfnVPCEndpointService(stack, 'Ipv6Service', {
    gatewayLoadBalancerArns: [appliances.ref], supportedIpAddressTypes: broken ? ['ipv4', 'ipv6'] : ['ipv4'],
  });
  // PrivateLink-Gwlb5: an inspection VPC whose application subnet sends a range around the endpoint.
  plainInspectionVpc(stack, 'InspectedVpc', OTHER_GWLB_SERVICE, broken);
  return app;
}

const EXPECTED: Array<[string, string]> = [
  ['PrivateLink-Subnet1', 'Plain/TwoInOneAz'],
  ['PrivateLink-Subnet2', 'Plain/IpTypes'],
  ['PrivateLink-Dns1', 'Plain/DnsTypes'],
  ['PrivateLink-Dns2', 'Plain/NoDnsVpc/Secrets/Resource'],
  ['PrivateLink-Policy1', 'Plain/Vpc/Logs/Resource'],
  ['PrivateLink-Network1', 'Plain/Vpc/Logs/Resource'],
  ['PrivateLink-Gateway1', 'Plain/Vpc/S3Again/Resource'],
  ['PrivateLink-Gwlb1', 'Plain/GwlbTwoSubnets'],
  ['PrivateLink-Gwlb2', 'Plain/GwlbSecond'],
  ['PrivateLink-Gwlb3', 'Plain/ToInspection'],
  ['PrivateLink-Quota1', 'Plain/Busy50'],
  ['PrivateLink-Dns3', 'Plain/S3ForOnPremises'],
  ['PrivateLink-Gateway2', 'Plain/DynamoDb'],
  ['PrivateLink-Region1', 'Plain/CrossRegion'],
  ['PrivateLink-Lattice1', 'Plain/Database'],
  ['PrivateLink-Lattice2', 'Plain/DatabaseUdp'],
  ['PrivateLink-Subnet3', 'Plain/Network'],
  ['PrivateLink-Subnet3', 'Plain/Network'],
  ['PrivateLink-Policy2', 'Plain/Partner'],
  ['PrivateLink-Resolver1', 'Plain/OneAzResolver'],
  ['PrivateLink-Network1', 'Plain/OneAzResolver'],
  ['PrivateLink-Resolver2', 'Plain/ReservedIpResolver'],
  ['PrivateLink-Network1', 'Plain/ReservedIpResolver'],
  ['PrivateLink-Resolver3', 'Plain/TwiceResolver'],
  ['PrivateLink-Network1', 'Plain/TwiceResolver'],
  ['PrivateLink-Gwlb4', 'Plain/OutOfZone'],
  ['PrivateLink-Gwlb5', 'Plain/InspectedVpc/Application/Subnet'],
  ['PrivateLink-Gwlb6', 'Plain/Ipv6ToInternet'],
  ['PrivateLink-Gwlb7', 'Plain/GwlbWithGroups'],
  ['PrivateLink-Gwlb8', 'Plain/DualStackToIpv4'],
  ['PrivateLink-Gwlb9', 'Plain/NlbService'],
  ['PrivateLink-Gwlb10', 'Plain/Ipv6Service'],
];

describe.each([['with env', true], ['environment-agnostic', false]] as const)('PrivateLinkChecks on a plain aws-cdk-lib app (%s)', (_kind, env) => {
  const broken = findingsOf(buildApp(env, true));

  test('reports every rule once, on the construct that breaks it, with its guide section', () => {
    expect(broken.map(f => [f.rule, f.path]).sort()).toEqual([...EXPECTED].sort());
    for (const finding of broken) {
      expect(finding.guide).toBe(ALL_RULES.find(r => r.id === finding.rule)!.guide);
      expect(finding.description).not.toMatch(/\$\{Token\[/);
    }
  });

  test('every rule of the pack is exercised', () => {
    expect(new Set(broken.map(f => f.rule))).toEqual(new Set(ALL_RULES.map(r => r.id)));
  });

  test('the corrected app reports nothing', () => {
    expect(findingsOf(buildApp(env, false))).toEqual([]);
  });
});

describe('PrivateLinkChecks on Gateway Load Balancer endpoints outside an inspection VPC', () => {
  test.each([['with env', true], ['environment-agnostic', false]] as const)(
    'walks no routes (PrivateLink-Gwlb5) for east-west inspection or egress through a transit gateway (%s)', (_kind, env) => {
      // GIVEN: no internet gateway edge route table, and the endpoint subnet's default route to a transit gateway
      const { app, stack } = newApp(env);
      const vpc = plainVpc(stack, 'Vpc');
      const [app0, app1, endpointSubnet] = vpc.isolatedSubnets;
      const endpoint = new ec2.CfnVPCEndpoint(stack, 'Inspection', {
        vpcId: vpc.vpcId, vpcEndpointType: 'GatewayLoadBalancer', serviceName: GWLB_SERVICE, subnetIds: ids([endpointSubnet]),
      });
      type Target = { vpcEndpointId: string } | { transitGatewayId: string };
      const route = (id: string, subnet: ec2.ISubnet, destinationCidrBlock: string, target: Target) =>
        new ec2.CfnRoute(stack, id, { routeTableId: subnet.routeTable.routeTableId, destinationCidrBlock, ...target });
      route('EastWest', app0, '10.0.1.0/24', { vpcEndpointId: endpoint.ref });
      route('ToInspection', app1, '0.0.0.0/0', { vpcEndpointId: endpoint.ref });
      route('ToTransitGateway', endpointSubnet, '0.0.0.0/0', { transitGatewayId: 'tgw-0123456789abcdef0' });

      // THEN
      expect(findingsOf(app)).toEqual([]);
    });
});

describe('PrivateLinkChecks across stacks', () => {
  test.each([['with env', true], ['environment-agnostic', false]] as const)(
    'follows subnets exported by another stack of the app (%s)', (_kind, env) => {
      // GIVEN: the VPC in one stack, the endpoint in another (the subnet ids arrive through Fn::ImportValue)
      const app = new App({ context: env ? AZ_CONTEXT : {} });
      const network = new Stack(app, 'Network', env ? { env: TEST_ENV } : {});
      const vpc = plainVpc(network, 'Vpc');
      const endpoints = new Stack(app, 'Endpoints', env ? { env: TEST_ENV } : {});
      new ec2.CfnVPCEndpoint(endpoints, 'TwoInOneAz', {
        vpcId: vpc.vpcId, vpcEndpointType: 'Interface', serviceName: KMS.name, subnetIds: ids([vpc.isolatedSubnets[0], vpc.isolatedSubnets[2]]),
      });

      // THEN
      const findings = findingsOf(app);
      expect(findings.map(f => [f.rule, f.path])).toEqual([['PrivateLink-Subnet1', 'Endpoints/TwoInOneAz']]);
      expect(findings[0].description).toContain('(Network/Vpc/aSubnet1 and Network/Vpc/bSubnet1)');
    });
});

describe('PrivateLinkChecks through Validations.of(app)', () => {
  test('fails the synthesis on errors, naming construct paths, and an acknowledged finding is not reported', () => {
    // GIVEN
    const { app, stack } = newApp(false);
    const vpc = plainVpc(stack, 'Vpc');
    const endpoint = new ec2.CfnVPCEndpoint(stack, 'TwoInOneAz', {
      vpcId: vpc.vpcId, vpcEndpointType: 'Interface', serviceName: KMS.name, subnetIds: ids([vpc.isolatedSubnets[0], vpc.isolatedSubnets[2]]),
    });
    const open = vpc.addInterfaceEndpoint('Logs', { service: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS });
    open.connections.allowDefaultPortFromAnyIpv4();
    Validations.of(app).addPlugins(new PrivateLinkChecks());
    Validations.of(open).acknowledge({ id: 'PrivateLink::PrivateLink-Network1', reason: 'public test endpoint' });

    // WHEN
    let report: any;
    try {
      const assembly = app.synth({ force: true });
      report = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf-8'));
    } catch (e) {
      report = { error: (e as Error).message };
    }

    // THEN
    const text = JSON.stringify(report);
    expect(text).toContain("Acknowledge with 'PrivateLink::PrivateLink-Subnet1'");
    expect(text).toContain(endpoint.node.path);
    expect(text).toContain("SubnetIds selects two subnets in Availability Zone 'AZ[0]' (Plain/Vpc/aSubnet1 and Plain/Vpc/bSubnet1)");
    // The open security group is acknowledged on the endpoint, so it is not among the findings.
    expect(text).not.toContain('PrivateLink-Network1');
  });

  test('an S3 interface endpoint that names an imported gateway endpoint (template metadata) is not reported as lacking one', () => {
    // GIVEN inbound-Resolver-only private DNS, the gateway endpoint created outside the app and named in the metadata
    const { app, stack } = newApp(false);
    const vpc = plainVpc(stack, 'Vpc');
    const named = (metadata: boolean) => {
      const endpoint = new ec2.CfnVPCEndpoint(stack, metadata ? 'Named' : 'Unnamed', {
        vpcId: vpc.vpcId,
        vpcEndpointType: 'Interface',
        serviceName: 'com.amazonaws.us-east-1.s3',
        subnetIds: ids(vpc.isolatedSubnets.slice(0, 2)),
        privateDnsEnabled: true,
        dnsOptions: { privateDnsOnlyForInboundResolverEndpoint: 'OnlyInboundResolver' },
      });
      if (metadata) endpoint.addMetadata('cdk-privatelink:s3GatewayEndpoint', 'vpce-0123456789abcdef0');
    };
    named(true);
    named(false);

    // WHEN / THEN only the endpoint without the metadata is reported
    expect(findingsOf(app).filter(f => f.rule === 'PrivateLink-Dns3').map(f => f.path)).toEqual(['Plain/Unnamed']);
  });

  test.each(['::0/0', '0::/0', '10.0.0.0/0'])('reports a security group open to %s (any /0) on an endpoint', (open) => {
    const { app, stack } = newApp(false);
    const vpc = plainVpc(stack, 'Vpc');
    const endpoint = vpc.addInterfaceEndpoint('Logs', { service: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS });
    endpoint.connections.allowDefaultPortFrom(open.includes(':') ? ec2.Peer.ipv6(open) : ec2.Peer.ipv4(open));
    expect(findingsOf(app).filter(f => f.rule === 'PrivateLink-Network1').map(f => f.description))
      .toEqual([expect.stringContaining(`SecurityGroupIngress cannot contain '${open}'`)]);
  });
});
