import { CfnElement, CfnParameter, LegacyStackSynthesizer, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { ResolverAddressesProvider } from '../../src/s3/resolver-addresses-provider';
import { BucketRestrictionOptions, S3HybridPrivateDns, S3HybridPrivateDnsProps } from '../../src/s3/s3-hybrid-private-dns';
import {
  acknowledgeVpcFlowLogs, agnosticStack, AZ_CONTEXT, envStack, errorMessageOf, isolatedVpc, IsolatedVpcProps, STACK_KINDS, stateMachineDefinition,
  TEST_ENV, TEST_VPC_CIDR,
} from '../fixtures';
import { expectCleanSynth, synthWithChecks, testApp } from '../harness';

const ON_PREM = '10.100.0.0/16';
const ON_PREM_2 = '172.16.0.0/12';
const ON_PREM_V6 = '2001:db8::/56';
const ADMIN_ARN = 'arn:aws:iam::111111111111:role/Admin';
const EXISTING_ID = 'rslvr-in-0123456789abcdef0';
const PROVIDER_ID = 'CdkPrivateLinkResolverAddressesProvider';
const LIST_ADDRESSES = 'route53resolver:ListResolverEndpointIpAddresses';
const GATEWAY_SERVICE = { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.s3']] };
const ENV_INTERFACE_SERVICE = 'com.amazonaws.us-east-1.s3';
/** The CloudFormation execution role of the DefaultStackSynthesizer, in a stack with TEST_ENV and in one without env. */
const ENV_DEPLOYMENT_ROLE = { 'Fn::Sub': 'arn:${AWS::Partition}:iam::111111111111:role/cdk-hnb659fds-cfn-exec-role-111111111111-us-east-1' };
const AGNOSTIC_DEPLOYMENT_ROLE = { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/cdk-hnb659fds-cfn-exec-role-${AWS::AccountId}-${AWS::Region}' };
const BUCKET_ARN = (name: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::${name}`]] });

/**
 * An isolated VPC in TEST_VPC_CIDR over two Availability Zones: its first subnet is 10.0.0.0/24,
 * its second 10.0.1.0/24, each in a zone of its own.
 */
function newVpc(stack: Stack, props: IsolatedVpcProps = {}, id = 'Vpc'): ec2.Vpc {
  return isolatedVpc(stack, { maxAzs: 2, ...props }, id);
}

/** A dual-stack isolated VPC: every subnet has an IPv4 and an IPv6 range. */
function dualStackVpc(stack: Stack): ec2.Vpc {
  return newVpc(stack, { ipProtocol: ec2.IpProtocol.DUAL_STACK });
}

/** A construct with one on-premises range, in a new VPC of `stack` unless `props.vpc` names one. */
function newDns(props: Partial<S3HybridPrivateDnsProps> = {}, stack: Stack = envStack('S'), id = 'S3') {
  const vpc = props.vpc ?? newVpc(stack);
  const dns = new S3HybridPrivateDns(stack, id, { onPremisesCidrs: [ON_PREM], ...props, vpc });
  return { stack, vpc, dns };
}

function logicalId(stack: Stack, c: IConstruct): string {
  return stack.getLogicalId(c instanceof CfnElement ? c : c.node.defaultChild as CfnElement);
}

const ref = (stack: Stack, c: IConstruct) => ({ Ref: logicalId(stack, c) });
const getAtt = (stack: Stack, c: IConstruct, attribute: string) => ({ 'Fn::GetAtt': [logicalId(stack, c), attribute] });
const asList = (value: unknown): unknown[] => Array.isArray(value) ? value : [value];

/** The message of the error `fn` throws; it must show no raw token text. */
function failure(fn: () => unknown): string {
  const message = errorMessageOf(fn);
  expect(message).not.toContain('${Token[');
  return message;
}

/** Every statement of every identity policy in the template: policy resources and inline role policies alike. */
function identityStatements(template: Template): any[] {
  const documents = [
    ...Object.values(template.findResources('AWS::IAM::Policy')).map((p: any) => p.Properties.PolicyDocument),
    ...Object.values(template.findResources('AWS::IAM::ManagedPolicy')).map((p: any) => p.Properties.PolicyDocument),
    ...Object.values(template.findResources('AWS::IAM::Role')).flatMap((r: any) => (r.Properties.Policies ?? []).map((p: any) => p.PolicyDocument)),
  ];
  return documents.flatMap(d => d.Statement);
}

/** The statements that name any Route 53 Resolver action. */
function resolverStatements(template: Template): any[] {
  return identityStatements(template).filter(s => JSON.stringify(s.Action).includes('route53resolver'));
}


/** The ingress rules of a security group, reduced to what decides who gets in. */
function ingressOf(template: Template, stack: Stack, group: IConstruct): any[] {
  const resource = template.findResources('AWS::EC2::SecurityGroup')[logicalId(stack, group)];
  expect(resource).toBeDefined();
  return (resource.Properties.SecurityGroupIngress ?? []).map((r: any) => ({
    source: r.CidrIp ?? r.CidrIpv6 ?? r.SourceSecurityGroupId, protocol: r.IpProtocol, from: r.FromPort, to: r.ToPort,
  }));
}

function endpointsOfType(template: Template, type: 'Gateway' | 'Interface'): Record<string, any> {
  return template.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: type } });
}

function onlyEndpoint(template: Template, type: 'Gateway' | 'Interface'): [string, any] {
  const endpoints = Object.entries(endpointsOfType(template, type));
  expect(endpoints).toHaveLength(1);
  return endpoints[0];
}

describe('S3HybridPrivateDns endpoints', () => {
  test('creates one S3 gateway endpoint on the route tables of every isolated subnet', () => {
    // GIVEN / WHEN
    const { stack, vpc, dns } = newDns();

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 2);
    const [id, gateway] = onlyEndpoint(template, 'Gateway');
    expect(id).toBe(logicalId(stack, dns.gateway!));
    expect(gateway.Properties).toEqual({
      VpcEndpointType: 'Gateway',
      ServiceName: GATEWAY_SERVICE,
      VpcId: ref(stack, vpc),
      RouteTableIds: vpc.isolatedSubnets.map(s => stack.resolve(s.routeTable.routeTableId)),
    });
    expect(vpc.isolatedSubnets).toHaveLength(2);
    expect(dns.gatewayEndpoint).toBe(dns.gateway!.endpoint);
  });

  test('creates one S3 interface endpoint with private DNS for the inbound Resolver only, after the gateway endpoint', () => {
    // GIVEN / WHEN
    const { stack, vpc, dns } = newDns();

    // THEN
    const template = Template.fromStack(stack);
    const [id, endpoint] = onlyEndpoint(template, 'Interface');
    expect(id).toBe(logicalId(stack, dns.interfaceEndpoint));
    expect(endpoint.Properties).toEqual(expect.objectContaining({
      ServiceName: ENV_INTERFACE_SERVICE,
      PrivateDnsEnabled: true,
      DnsOptions: { DnsRecordIpType: 'ipv4', PrivateDnsOnlyForInboundResolverEndpoint: 'OnlyInboundResolver' },
      SubnetIds: vpc.isolatedSubnets.map(s => ref(stack, s)),
      SecurityGroupIds: [getAtt(stack, dns.interfaceEndpoint.securityGroup, 'GroupId')],
      VpcId: ref(stack, vpc),
    }));
    expect(endpoint.DependsOn).toContain(logicalId(stack, dns.gateway!));
    // Neither endpoint is the S3 Express One Zone service.
    expect(JSON.stringify(template.findResources('AWS::EC2::VPCEndpoint'))).not.toContain('s3express');
    expect(dns.node.defaultChild).toBe(dns.interfaceEndpoint.node.defaultChild);
  });

  test('names the interface endpoint service after the Region token in an environment-agnostic stack', () => {
    // GIVEN / WHEN
    const { stack } = newDns({}, agnosticStack('S'));

    // THEN
    const [, endpoint] = onlyEndpoint(Template.fromStack(stack), 'Interface');
    expect(endpoint.Properties.ServiceName).toEqual(GATEWAY_SERVICE);
  });

  test('routes only the route tables of gatewaySubnets when they are given', () => {
    // GIVEN
    const stack = envStack('S');
    const vpc = newVpc(stack);

    // WHEN
    newDns({ vpc, gatewaySubnets: [{ subnets: [vpc.isolatedSubnets[1]] }] }, stack);

    // THEN
    const [, gateway] = onlyEndpoint(Template.fromStack(stack), 'Gateway');
    expect(gateway.Properties.RouteTableIds).toEqual([stack.resolve(vpc.isolatedSubnets[1].routeTable.routeTableId)]);
  });

  test('sets the DNS record IP type of the new gateway endpoint from gatewayDnsRecordIpType', () => {
    // GIVEN / WHEN
    const { stack } = newDns({ gatewayDnsRecordIpType: ec2.VpcEndpointDnsRecordIpType.IPV4 });

    // THEN
    const template = Template.fromStack(stack);
    expect(onlyEndpoint(template, 'Gateway')[1].Properties.DnsOptions).toEqual({ DnsRecordIpType: 'ipv4' });
    expect(onlyEndpoint(template, 'Interface')[1].Properties.DnsOptions.DnsRecordIpType).toBe('ipv4');
  });

  test('creates a dual-stack interface endpoint next to a service-defined gateway endpoint', () => {
    // GIVEN
    const stack = envStack('S');
    const vpc = dualStackVpc(stack);

    // WHEN
    newDns({
      vpc,
      ipAddressType: ec2.VpcEndpointIpAddressType.DUALSTACK,
      gatewayDnsRecordIpType: ec2.VpcEndpointDnsRecordIpType.SERVICE_DEFINED,
    }, stack);

    // THEN
    const template = Template.fromStack(stack);
    expect(onlyEndpoint(template, 'Gateway')[1].Properties.DnsOptions).toEqual({ DnsRecordIpType: 'service-defined' });
    const [, endpoint] = onlyEndpoint(template, 'Interface');
    expect(endpoint.Properties.IpAddressType).toBe('dualstack');
    expect(endpoint.Properties.DnsOptions).toEqual({ DnsRecordIpType: 'dualstack', PrivateDnsOnlyForInboundResolverEndpoint: 'OnlyInboundResolver' });
  });

  test('places the interface endpoint in interfaceSubnets', () => {
    // GIVEN
    const stack = envStack('S');
    const vpc = newVpc(stack, { maxAzs: 3 });

    // WHEN
    newDns({ vpc, interfaceSubnets: { subnets: vpc.isolatedSubnets.slice(1) } }, stack);

    // THEN
    const [, endpoint] = onlyEndpoint(Template.fromStack(stack), 'Interface');
    expect(endpoint.Properties.SubnetIds).toEqual(vpc.isolatedSubnets.slice(1).map(s => ref(stack, s)));
  });
});

describe('S3HybridPrivateDns existing gateway endpoint', () => {
  test('uses the given S3 gateway endpoint instead of creating one, and the interface endpoint depends on it', () => {
    // GIVEN
    const stack = envStack('S');
    const vpc = newVpc(stack);
    const gateway = new ec2.GatewayVpcEndpoint(stack, 'Gw', { vpc, service: ec2.GatewayVpcEndpointAwsService.S3 });

    // WHEN
    const { dns } = newDns({ vpc, gatewayEndpoint: gateway }, stack);

    // THEN
    const template = Template.fromStack(stack);
    const [gatewayId] = onlyEndpoint(template, 'Gateway');
    expect(gatewayId).toBe(logicalId(stack, gateway));
    expect(onlyEndpoint(template, 'Interface')[1].DependsOn).toEqual([logicalId(stack, gateway)]);
    expect(dns.gateway).toBeUndefined();
    expect(dns.gatewayEndpoint).toBe(gateway);
  });

  test('accepts an imported gateway endpoint, whose settings cannot be read', () => {
    // GIVEN
    const stack = envStack('S');
    const gateway = ec2.GatewayVpcEndpoint.fromGatewayVpcEndpointId(stack, 'Gw', 'vpce-0123456789abcdef0');

    // WHEN
    const { dns } = newDns({ gatewayEndpoint: gateway }, stack);

    // THEN
    const template = Template.fromStack(stack);
    expect(endpointsOfType(template, 'Gateway')).toEqual({});
    expect(onlyEndpoint(template, 'Interface')[1].DependsOn).toBeUndefined();
    expect(dns.gatewayEndpoint.vpcEndpointId).toBe('vpce-0123456789abcdef0');
    // The interface endpoint names the imported gateway endpoint for PrivateLinkChecks.
    expect(onlyEndpoint(template, 'Interface')[1].Metadata['cdk-privatelink:s3GatewayEndpoint']).toBe('vpce-0123456789abcdef0');
  });

  test('puts the bucket allow-list on a given gateway endpoint too', () => {
    const stack = envStack('S');
    const vpc = newVpc(stack);
    const gateway = new ec2.GatewayVpcEndpoint(stack, 'Gw', { vpc, service: ec2.GatewayVpcEndpointAwsService.S3 });
    newDns({ vpc, gatewayEndpoint: gateway, allowedBuckets: ['example-data'] }, stack);
    const [, given] = onlyEndpoint(Template.fromStack(stack), 'Gateway');
    expect(given.Properties.PolicyDocument.Statement).toEqual([expect.objectContaining({
      Sid: 'AllowedBuckets', Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: [BUCKET_ARN('example-data'), BUCKET_ARN('example-data/*')],
    })]);
  });

  test.each(STACK_KINDS)('fails with allowedBuckets and an imported gateway endpoint, whose policy cannot be set (%s)', (_kind, newStack) => {
    const stack = newStack('S');
    const gateway = ec2.GatewayVpcEndpoint.fromGatewayVpcEndpointId(stack, 'Gw', 'vpce-0123456789abcdef0');
    expect(failure(() => newDns({ gatewayEndpoint: gateway, allowedBuckets: ['example-data'] }, stack)))
      .toMatch(/^allowedBuckets cannot reach gatewayEndpoint S\/Gw: it was imported, so its endpoint policy cannot be set here/);
  });
});

describe('S3HybridPrivateDns security groups', () => {
  test('lets only the on-premises ranges reach the interface endpoint, on TCP 443', () => {
    // GIVEN / WHEN
    const { stack, dns } = newDns({ onPremisesCidrs: [ON_PREM, ON_PREM_2, ON_PREM_V6] });

    // THEN
    const template = Template.fromStack(stack);
    expect(ingressOf(template, stack, dns.interfaceEndpoint.securityGroup)).toEqual([ON_PREM, ON_PREM_2, ON_PREM_V6].map(source => ({
      source, protocol: 'tcp', from: 443, to: 443,
    })));
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
  });

  test('lets the VPC reach the interface endpoint too with allowVpcClients: true', () => {
    // GIVEN / WHEN
    const { stack, dns } = newDns({ allowVpcClients: true });

    // THEN
    expect(ingressOf(Template.fromStack(stack), stack, dns.interfaceEndpoint.securityGroup)).toEqual([
      { source: ON_PREM, protocol: 'tcp', from: 443, to: 443 },
      { source: TEST_VPC_CIDR, protocol: 'tcp', from: 443, to: 443 },
    ]);
  });

  test('adds the IPv6 range of a dual-stack VPC with allowVpcClients: true', () => {
    // GIVEN
    const stack = envStack('S');
    const vpc = dualStackVpc(stack);

    // WHEN
    const { dns } = newDns({ vpc, allowVpcClients: true, ipAddressType: ec2.VpcEndpointIpAddressType.DUALSTACK }, stack);

    // THEN
    expect(ingressOf(Template.fromStack(stack), stack, dns.interfaceEndpoint.securityGroup)).toEqual([
      { source: ON_PREM, protocol: 'tcp', from: 443, to: 443 },
      { source: TEST_VPC_CIDR, protocol: 'tcp', from: 443, to: 443 },
      { source: { 'Fn::Select': [0, getAtt(stack, vpc, 'Ipv6CidrBlocks')] }, protocol: 'tcp', from: 443, to: 443 },
    ]);
  });

  test.each([
    ['default', {}],
    ['allowVpcClients: true', { allowVpcClients: true }],
  ])('opens no security group to 0.0.0.0/0 or ::/0 (%s)', (_name, props) => {
    // GIVEN / WHEN
    const { stack } = newDns({ ...props, onPremisesCidrs: [ON_PREM, ON_PREM_V6] });

    // THEN
    const template = Template.fromStack(stack);
    const groups = JSON.stringify([template.findResources('AWS::EC2::SecurityGroup'), template.findResources('AWS::EC2::SecurityGroupIngress')]);
    expect(groups).not.toContain('0.0.0.0/0');
    expect(groups).not.toContain('::/0');
  });

  test('lets only the on-premises ranges query the Resolver endpoint, on TCP and UDP 53, and allows no egress', () => {
    // GIVEN / WHEN
    const { stack, dns } = newDns({ onPremisesCidrs: [ON_PREM, ON_PREM_V6] });

    // THEN
    const template = Template.fromStack(stack);
    expect(ingressOf(template, stack, dns.resolverSecurityGroup!)).toEqual([
      { source: ON_PREM, protocol: 'tcp', from: 53, to: 53 },
      { source: ON_PREM, protocol: 'udp', from: 53, to: 53 },
      { source: ON_PREM_V6, protocol: 'tcp', from: 53, to: 53 },
      { source: ON_PREM_V6, protocol: 'udp', from: 53, to: 53 },
    ]);
    // aws-cdk-lib writes a placeholder rule that matches no traffic when all outbound is disallowed.
    const egress = template.findResources('AWS::EC2::SecurityGroup')[logicalId(stack, dns.resolverSecurityGroup!)].Properties.SecurityGroupEgress;
    expect(egress).toEqual([expect.objectContaining({ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' })]);
    template.hasResourceProperties('AWS::Route53Resolver::ResolverEndpoint', {
      SecurityGroupIds: [getAtt(stack, dns.resolverSecurityGroup!, 'GroupId')],
    });
  });

  test('takes on-premises ranges that are tokens', () => {
    // GIVEN
    const stack = envStack('S');
    const cidr = new CfnParameter(stack, 'OnPremisesCidr').valueAsString;

    // WHEN
    const { dns } = newDns({ onPremisesCidrs: [cidr] }, stack);

    // THEN
    const template = Template.fromStack(stack);
    expect(ingressOf(template, stack, dns.interfaceEndpoint.securityGroup)).toEqual([{ source: { Ref: 'OnPremisesCidr' }, protocol: 'tcp', from: 443, to: 443 }]);
    expect(ingressOf(template, stack, dns.resolverSecurityGroup!).map(r => r.source)).toEqual([{ Ref: 'OnPremisesCidr' }, { Ref: 'OnPremisesCidr' }]);
  });

  test('exposes the connections of both endpoints on their service ports', () => {
    // GIVEN
    const { stack, dns } = newDns();

    // WHEN
    dns.connections.allowDefaultPortFrom(ec2.Peer.ipv4('10.201.0.0/16'));
    dns.resolverConnections!.allowDefaultPortFrom(ec2.Peer.ipv4('10.202.0.0/16'));

    // THEN
    const template = Template.fromStack(stack);
    expect(ingressOf(template, stack, dns.interfaceEndpoint.securityGroup)).toContainEqual({ source: '10.201.0.0/16', protocol: 'tcp', from: 443, to: 443 });
    expect(ingressOf(template, stack, dns.resolverSecurityGroup!)).toContainEqual({ source: '10.202.0.0/16', protocol: 'udp', from: 53, to: 53 });
  });
});

describe('S3HybridPrivateDns inbound Resolver endpoint', () => {
  test.each(STACK_KINDS)('creates an INBOUND endpoint with addresses in two subnets of two Availability Zones (%s)', (_kind, newStack) => {
    // GIVEN / WHEN
    const { stack, vpc, dns } = newDns({}, newStack('S'));

    // THEN
    const template = Template.fromStack(stack);
    const endpoints = template.findResources('AWS::Route53Resolver::ResolverEndpoint');
    expect(Object.keys(endpoints)).toEqual([logicalId(stack, dns.resolverEndpoint!)]);
    const properties = endpoints[logicalId(stack, dns.resolverEndpoint!)].Properties;
    expect(properties.Direction).toBe('INBOUND');
    expect(properties.IpAddresses).toEqual(vpc.isolatedSubnets.map(s => ({ SubnetId: ref(stack, s) })));
    const subnets = template.findResources('AWS::EC2::Subnet');
    const zones = new Set(properties.IpAddresses.map((a: any) => JSON.stringify(subnets[a.SubnetId.Ref].Properties.AvailabilityZone)));
    expect(zones.size).toBeGreaterThanOrEqual(2);
    expect(properties.Name).toBeUndefined();
    expect(stack.resolve(dns.resolverEndpointId)).toEqual(getAtt(stack, dns.resolverEndpoint!, 'ResolverEndpointId'));
  });

  test('names the endpoint with resolverEndpointName and places it in resolverSubnets', () => {
    // GIVEN
    const stack = envStack('S');
    const vpc = newVpc(stack, { maxAzs: 3 });

    // WHEN
    newDns({ vpc, resolverEndpointName: 'on-premises-s3', resolverSubnets: { subnets: [vpc.isolatedSubnets[0], vpc.isolatedSubnets[2]] } }, stack);

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Route53Resolver::ResolverEndpoint', {
      Name: 'on-premises-s3',
      IpAddresses: [{ SubnetId: ref(stack, vpc.isolatedSubnets[0]) }, { SubnetId: ref(stack, vpc.isolatedSubnets[2]) }],
    });
  });
});

describe('S3HybridPrivateDns address read-back', () => {
  test('reads the addresses of the new Resolver endpoint back with a custom resource', () => {
    // GIVEN / WHEN
    const { stack, vpc, dns } = newDns();

    // THEN
    const template = Template.fromStack(stack);
    const readers = template.findResources('Custom::ResolverEndpointAddresses');
    expect(Object.keys(readers)).toEqual([logicalId(stack, dns.resolverAddressReader!)]);
    expect(Object.values(readers)[0].Properties).toEqual({
      ServiceToken: stack.resolve(ResolverAddressesProvider.of(stack).provider.serviceToken),
      ResolverEndpointId: getAtt(stack, dns.resolverEndpoint!, 'ResolverEndpointId'),
      ExpectedAddressCount: '2',
      Revision: vpc.isolatedSubnets.map(s => ref(stack, s)),
    });
    expect(stack.resolve(dns.resolverIpAddresses)).toEqual(getAtt(stack, dns.resolverAddressReader!, 'Addresses'));
  });

  test('lets the reader list the addresses of this Resolver endpoint and of no other', () => {
    // GIVEN / WHEN
    const { stack, dns } = newDns();

    // THEN
    const template = Template.fromStack(stack);
    expect(resolverStatements(template)).toEqual([{ Effect: 'Allow', Action: LIST_ADDRESSES, Resource: getAtt(stack, dns.resolverEndpoint!, 'Arn') }]);
    // The statement is on the reader's role.
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [ref(stack, ResolverAddressesProvider.of(stack).readerRole)],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: LIST_ADDRESSES })]) },
    });
  });

  test('allows no Route 53 Resolver action on every resource in any policy of the stack', () => {
    // GIVEN / WHEN
    const { stack } = newDns();

    // THEN
    const statements = identityStatements(Template.fromStack(stack));
    expect(statements.length).toBeGreaterThan(1);
    const broad = statements.filter(s => asList(s.Action).some(a => a === '*' || String(a).startsWith('route53resolver:'))
      && asList(s.Resource).includes('*'));
    expect(broad).toEqual([]);
  });

  test('waits for the addresses with a state machine that polls every 15 seconds for 15 minutes', () => {
    // GIVEN / WHEN
    const { stack } = newDns();

    // THEN
    const definition = stateMachineDefinition(Template.fromStack(stack));
    const waiter = definition.States[definition.StartAt];
    expect(waiter.Retry).toEqual([{ ErrorEquals: ['States.ALL'], IntervalSeconds: 15, MaxAttempts: 60, BackoffRate: 1 }]);
    expect(waiter.Retry[0].IntervalSeconds * waiter.Retry[0].MaxAttempts).toBe(15 * 60);
    expect(waiter.Catch).toEqual([{ ErrorEquals: ['States.ALL'], Next: expect.stringMatching(/onTimeout/) }]);
  });

  test('shares one provider between two constructs in two VPCs of a stack', () => {
    // GIVEN a stack with one construct, to count what one provider is made of
    const single = newDns().stack;
    const functionsOfOneProvider = Object.keys(Template.fromStack(single).findResources('AWS::Lambda::Function')).length;

    // WHEN
    const stack = envStack('S');
    const first = newDns({ vpc: newVpc(stack, {}, 'VpcA') }, stack, 'First').dns;
    const second = newDns({ vpc: newVpc(stack, { cidr: '10.1.0.0/16' }, 'VpcB') }, stack, 'Second').dns;

    // THEN
    const template = Template.fromStack(stack);
    expect(functionsOfOneProvider).toBe(5);
    template.resourceCountIs('AWS::Lambda::Function', functionsOfOneProvider);
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    expect(stack.node.findAll().filter(c => c instanceof ResolverAddressesProvider).map(c => c.node.path)).toEqual([`S/${PROVIDER_ID}`]);
    template.resourceCountIs('Custom::ResolverEndpointAddresses', 2);
    expect(resolverStatements(template)).toEqual([first, second].map(dns => ({
      Effect: 'Allow', Action: LIST_ADDRESSES, Resource: getAtt(stack, dns.resolverEndpoint!, 'Arn'),
    })));
  });
});

describe('S3HybridPrivateDns pinned and existing Resolver addresses', () => {
  test('pins the given addresses and outputs them without a custom resource', () => {
    // GIVEN
    const stack = envStack('S');
    const vpc = newVpc(stack);
    const [a, b] = vpc.isolatedSubnets;

    // WHEN
    const { dns } = newDns({ vpc, resolverAddresses: [{ subnet: a, ip: '10.0.0.4' }, { subnet: b, ip: '10.0.1.254' }] }, stack);

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Route53Resolver::ResolverEndpoint', {
      IpAddresses: [{ SubnetId: ref(stack, a), Ip: '10.0.0.4' }, { SubnetId: ref(stack, b), Ip: '10.0.1.254' }],
    });
    template.resourceCountIs('Custom::ResolverEndpointAddresses', 0);
    template.resourceCountIs('AWS::Lambda::Function', 0);
    expect(stack.node.tryFindChild(PROVIDER_ID)).toBeUndefined();
    expect(dns.resolverAddressReader).toBeUndefined();
    template.hasOutput(logicalId(stack, dns.resolverAddressesOutput), { Value: '10.0.0.4,10.0.1.254' });
  });

  test('pins an address that is a token as it is, and outputs it joined with the others', () => {
    // GIVEN
    const stack = envStack('S');
    const vpc = newVpc(stack);
    const ip = new CfnParameter(stack, 'FirstResolverIp').valueAsString;

    // WHEN
    const { dns } = newDns({ vpc, resolverAddresses: [{ subnet: vpc.isolatedSubnets[0], ip }, { subnet: vpc.isolatedSubnets[1], ip: '10.0.1.10' }] }, stack);

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Route53Resolver::ResolverEndpoint', {
      IpAddresses: [{ SubnetId: ref(stack, vpc.isolatedSubnets[0]), Ip: { Ref: 'FirstResolverIp' } }, Match.objectLike({ Ip: '10.0.1.10' })],
    });
    template.resourceCountIs('Custom::ResolverEndpointAddresses', 0);
    template.hasOutput(logicalId(stack, dns.resolverAddressesOutput), { Value: { 'Fn::Join': [',', [{ Ref: 'FirstResolverIp' }, '10.0.1.10']] } });
  });

  test('uses an existing Resolver endpoint with known addresses: no endpoint, no security group, no read-back', () => {
    // GIVEN / WHEN
    const { stack, dns } = newDns({ existingResolverEndpoint: { resolverEndpointId: EXISTING_ID, ipAddresses: ['10.0.0.10', '10.0.1.10'] } });

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Route53Resolver::ResolverEndpoint', 0);
    template.resourceCountIs('Custom::ResolverEndpointAddresses', 0);
    template.resourceCountIs('AWS::EC2::SecurityGroup', 1);
    template.hasOutput(logicalId(stack, dns.resolverAddressesOutput), { Value: '10.0.0.10,10.0.1.10' });
    expect(dns.resolverEndpointId).toBe(EXISTING_ID);
    expect(dns.resolverEndpoint).toBeUndefined();
    expect(dns.resolverSecurityGroup).toBeUndefined();
    expect(dns.resolverConnections).toBeUndefined();
  });

  test.each([
    ['with env', envStack, ['arn:', { Ref: 'AWS::Partition' }, `:route53resolver:us-east-1:111111111111:resolver-endpoint/${EXISTING_ID}`]],
    ['environment-agnostic', agnosticStack, [
      'arn:', { Ref: 'AWS::Partition' }, ':route53resolver:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:resolver-endpoint/${EXISTING_ID}`,
    ]],
  ] as const)('reads the addresses of an existing Resolver endpoint back, allowed on its ARN only (%s)', (_kind, newStack, arnParts) => {
    // GIVEN / WHEN
    const { stack, dns } = newDns({ existingResolverEndpoint: { resolverEndpointId: EXISTING_ID } }, newStack('S'));

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Route53Resolver::ResolverEndpoint', 0);
    template.hasResourceProperties('Custom::ResolverEndpointAddresses', {
      ResolverEndpointId: EXISTING_ID,
      ExpectedAddressCount: Match.absent(),
    });
    expect(resolverStatements(template)).toEqual([{ Effect: 'Allow', Action: LIST_ADDRESSES, Resource: { 'Fn::Join': ['', arnParts] } }]);
    template.hasOutput(logicalId(stack, dns.resolverAddressesOutput), { Value: getAtt(stack, dns.resolverAddressReader!, 'Addresses') });
  });

  test('refuses a second construct in the VPC even with the first one\'s endpoints: its interface endpoint\'s private DNS would conflict', () => {
    // GIVEN
    const { stack, vpc, dns: first } = newDns();

    // WHEN / THEN
    expect(() => new S3HybridPrivateDns(stack, 'Second', {
      vpc,
      onPremisesCidrs: [ON_PREM],
      gatewayEndpoint: first.gatewayEndpoint,
      existingResolverEndpoint: { resolverEndpointId: first.resolverEndpointId },
    })).toThrow(/^vpc S\/Vpc is already served by S\/S3; a VPC takes one S3 interface endpoint with private DNS/);
  });
});

describe('S3HybridPrivateDns outputs', () => {
  test.each([
    ['with env', envStack, ['s3.us-east-1.', { Ref: 'AWS::URLSuffix' }]],
    ['environment-agnostic', agnosticStack, ['s3.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]],
  ] as const)('outputs the domain to forward, s3.<region>.<url suffix> (%s)', (_kind, newStack, parts) => {
    // GIVEN / WHEN
    const { stack, dns } = newDns({}, newStack('S'));

    // THEN
    const template = Template.fromStack(stack);
    template.hasOutput(logicalId(stack, dns.forwardDomainOutput), {
      Description: Match.stringLikeRegexp('conditional forwarder'),
      Value: { 'Fn::Join': ['', parts] },
    });
    expect(stack.resolve(dns.forwardDomain)).toEqual({ 'Fn::Join': ['', parts] });
  });

  test('outputs the Resolver addresses that are read back', () => {
    // GIVEN / WHEN
    const { stack, dns } = newDns();

    // THEN
    const outputs = Template.fromStack(stack).findOutputs('*');
    expect(Object.keys(outputs).sort()).toEqual([logicalId(stack, dns.forwardDomainOutput), logicalId(stack, dns.resolverAddressesOutput)].sort());
    expect(outputs[logicalId(stack, dns.resolverAddressesOutput)]).toEqual({
      Description: expect.stringMatching(/^IP addresses of the inbound Resolver endpoint/),
      Value: getAtt(stack, dns.resolverAddressReader!, 'Addresses'),
    });
  });
});

describe('S3HybridPrivateDns bucket allow-list', () => {
  const allowed = {
    Sid: 'AllowedBuckets',
    Effect: 'Allow',
    Principal: '*',
    Action: 's3:*',
    Resource: [BUCKET_ARN('example-data'), BUCKET_ARN('example-data/*')],
  };

  test('gives both endpoints a policy that allows every S3 action on the allowed buckets only', () => {
    // GIVEN / WHEN
    const { stack } = newDns({ allowedBuckets: ['example-data'] });

    // THEN
    const template = Template.fromStack(stack);
    for (const type of ['Gateway', 'Interface'] as const) {
      expect(onlyEndpoint(template, type)[1].Properties.PolicyDocument).toEqual({ Version: '2012-10-17', Statement: [allowed] });
    }
  });

  test('allows s3:GetObject on the objects of awsServiceBuckets too', () => {
    // GIVEN / WHEN
    const { stack } = newDns({ allowedBuckets: ['example-data'], awsServiceBuckets: ['amazonlinux-2-repos-us-east-1'] });

    // THEN
    const template = Template.fromStack(stack);
    for (const type of ['Gateway', 'Interface'] as const) {
      expect(onlyEndpoint(template, type)[1].Properties.PolicyDocument.Statement).toEqual([allowed, {
        Sid: 'AwsServiceBuckets',
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: BUCKET_ARN('amazonlinux-2-repos-us-east-1/*'),
      }]);
    }
  });

  test('sets no endpoint policy without allowedBuckets', () => {
    // GIVEN / WHEN
    const { stack } = newDns();

    // THEN
    for (const endpoint of Object.values(Template.fromStack(stack).findResources('AWS::EC2::VPCEndpoint'))) {
      expect(endpoint.Properties.PolicyDocument).toBeUndefined();
    }
  });

  test('accepts bucket names that are tokens', () => {
    // GIVEN
    const stack = envStack('S');
    const bucket = new s3.Bucket(stack, 'Data');

    // WHEN
    newDns({ allowedBuckets: [bucket.bucketName] }, stack);

    // THEN
    const [, endpoint] = onlyEndpoint(Template.fromStack(stack), 'Interface');
    expect(endpoint.Properties.PolicyDocument.Statement[0].Resource).toEqual([
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::', ref(stack, bucket)]] },
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::', ref(stack, bucket), '/*']] },
    ]);
  });
});

describe('S3HybridPrivateDns restrictBucket', () => {
  function restricted(options: Partial<BucketRestrictionOptions> = {}, stack: Stack = envStack('S')) {
    const { dns } = newDns({}, stack);
    const bucket = new s3.Bucket(stack, 'Data');
    dns.restrictBucket(bucket, { exemptPrincipalArns: [ADMIN_ARN], ...options });
    const policies = Object.values(Template.fromStack(stack).findResources('AWS::S3::BucketPolicy'));
    expect(policies).toHaveLength(1);
    const resources = [getAtt(stack, bucket, 'Arn'), { 'Fn::Join': ['', [getAtt(stack, bucket, 'Arn'), '/*']] }];
    const endpoints = [ref(stack, dns.gateway!), ref(stack, dns.interfaceEndpoint)];
    return { stack, dns, bucket, policy: (policies[0] as any).Properties.PolicyDocument, resources, endpoints };
  }

  test('denies requests that arrive through neither endpoint, except for exempt principals, the deployment role and AWS services', () => {
    // GIVEN / WHEN
    const { policy, resources, endpoints } = restricted();

    // THEN
    expect(policy.Statement).toEqual([{
      Sid: 'DenyOutsideS3Endpoints',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: resources,
      Condition: {
        StringNotEquals: { 'aws:SourceVpce': endpoints },
        ArnNotLike: { 'aws:PrincipalArn': [ADMIN_ARN, ENV_DEPLOYMENT_ROLE] },
        BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
      },
    }]);
  });

  test('exempts the deployment role of an environment-agnostic stack by its pseudo parameters', () => {
    // GIVEN / WHEN
    const { policy } = restricted({}, agnosticStack('S'));

    // THEN
    expect(policy.Statement[0].Condition.ArnNotLike).toEqual({ 'aws:PrincipalArn': [ADMIN_ARN, AGNOSTIC_DEPLOYMENT_ROLE] });
  });

  test('leaves the deployment role out with exemptDeploymentRole: false', () => {
    // GIVEN / WHEN
    const { stack, policy } = restricted({ exemptDeploymentRole: false });

    // THEN
    expect(policy.Statement[0].Condition.ArnNotLike).toEqual({ 'aws:PrincipalArn': [ADMIN_ARN] });
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('deploymentRole'));
  });

  test('warns that the deployment role is unknown when the stack does not use the DefaultStackSynthesizer', () => {
    // GIVEN
    const stack = new Stack(testApp({ context: AZ_CONTEXT }), 'S', { env: TEST_ENV, synthesizer: new LegacyStackSynthesizer() });

    // WHEN
    const { policy } = restricted({}, stack);

    // THEN
    expect(policy.Statement[0].Condition.ArnNotLike).toEqual({ 'aws:PrincipalArn': [ADMIN_ARN] });
    Annotations.fromStack(stack).hasWarning('/S/S3', Match.stringLikeRegexp('cdk-privatelink:S3HybridPrivateDns\\.deploymentRole'));
  });

  test('adds a deny on aws:VpcSourceIp with vpcSourceIps, and never uses aws:SourceIp', () => {
    // GIVEN / WHEN
    const { policy, resources } = restricted({ vpcSourceIps: [TEST_VPC_CIDR, ON_PREM] });

    // THEN
    expect(policy.Statement).toHaveLength(2);
    expect(policy.Statement[1]).toEqual({
      Sid: 'DenyOutsideVpcSourceIps',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: resources,
      Condition: {
        NotIpAddress: { 'aws:VpcSourceIp': [TEST_VPC_CIDR, ON_PREM] },
        ArnNotLike: { 'aws:PrincipalArn': [ADMIN_ARN, ENV_DEPLOYMENT_ROLE] },
        BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
      },
    });
    expect(JSON.stringify(policy)).not.toContain('"aws:SourceIp"');
  });

  test('denies only the given actions, and AWS services too with exemptAwsServicePrincipals: false', () => {
    // GIVEN / WHEN
    const { policy, endpoints } = restricted({ actions: ['s3:GetObject', 's3:PutObject'], exemptAwsServicePrincipals: false });

    // THEN
    expect(policy.Statement[0].Action).toEqual(['s3:GetObject', 's3:PutObject']);
    expect(policy.Statement[0].Condition).toEqual({
      StringNotEquals: { 'aws:SourceVpce': endpoints },
      ArnNotLike: { 'aws:PrincipalArn': [ADMIN_ARN, ENV_DEPLOYMENT_ROLE] },
    });
  });

  test('keeps requests that AWS services make with the caller\'s credentials out of the deny with exemptRequestsViaAwsServices', () => {
    // GIVEN / WHEN
    const { policy } = restricted({ exemptRequestsViaAwsServices: true });

    // THEN
    expect(policy.Statement[0].Condition.BoolIfExists).toEqual({ 'aws:PrincipalIsAWSService': 'false', 'aws:ViaAWSService': 'false' });
  });

  test('exempts only requests via AWS services with exemptAwsServicePrincipals: false and exemptRequestsViaAwsServices: true', () => {
    // GIVEN / WHEN
    const { policy } = restricted({ vpcSourceIps: [ON_PREM], exemptAwsServicePrincipals: false, exemptRequestsViaAwsServices: true });

    // THEN
    expect(policy.Statement.map((s: any) => s.Condition.BoolIfExists)).toEqual([{ 'aws:ViaAWSService': 'false' }, { 'aws:ViaAWSService': 'false' }]);
  });

  test('warns when no principal is exempt, and leaves ArnNotLike out when the deployment role is not exempt either', () => {
    // GIVEN / WHEN
    const { stack, policy } = restricted({ exemptPrincipalArns: [], exemptDeploymentRole: false });

    // THEN
    expect(policy.Statement[0].Condition.ArnNotLike).toBeUndefined();
    Annotations.fromStack(stack).hasWarning('/S/S3', Match.stringLikeRegexp('cdk-privatelink:S3HybridPrivateDns\\.noExemptPrincipal'));
    Annotations.fromStack(stack).hasWarning('/S/S3', Match.stringLikeRegexp('no exempt principal, so no person can reach the bucket outside the endpoints'));
  });

  test('warns when no principal is exempt even though the deployment role is', () => {
    // GIVEN / WHEN
    const { stack, policy } = restricted({ exemptPrincipalArns: [] });

    // THEN
    expect(policy.Statement[0].Condition.ArnNotLike).toEqual({ 'aws:PrincipalArn': [ENV_DEPLOYMENT_ROLE] });
    Annotations.fromStack(stack).hasWarning('/S/S3', Match.stringLikeRegexp('cdk-privatelink:S3HybridPrivateDns\\.noExemptPrincipal'));
  });

  test('does not warn when a principal is exempt', () => {
    // GIVEN / WHEN
    const { stack } = restricted();

    // THEN
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('noExemptPrincipal'));
  });

  test('accepts exempt principal ARNs with wildcards and tokens', () => {
    // GIVEN
    const stack = envStack('S');
    const { dns } = newDns({}, stack);
    const bucket = new s3.Bucket(stack, 'Data');
    const role = new iam.Role(stack, 'Operator', { assumedBy: new iam.AccountRootPrincipal() });

    // WHEN
    dns.restrictBucket(bucket, { exemptPrincipalArns: ['arn:aws:iam::111111111111:role/BreakGlass-*', role.roleArn], exemptDeploymentRole: false });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: [Match.objectLike({
          Condition: Match.objectLike({ ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::111111111111:role/BreakGlass-*', getAtt(stack, role, 'Arn')] } }),
        })],
      },
    });
  });
});

describe.each(STACK_KINDS)('S3HybridPrivateDns validation (%s)', (kind, newStack) => {
  /** A construct in a new stack of this kind. */
  const build = (props: Partial<S3HybridPrivateDnsProps> = {}) => newDns(props, newStack('S'));

  test('fails with empty onPremisesCidrs', () => {
    expect(failure(() => build({ onPremisesCidrs: [] }))).toMatch(/^onPremisesCidrs is empty; name the on-premises ranges/);
  });

  test.each(['0.0.0.0/0', '::/0', '0::/0', '::0/0', '10.0.0.0/0', '0.0.0.0/00'])('fails with %s in onPremisesCidrs', (open) => {
    expect(failure(() => build({ onPremisesCidrs: [ON_PREM, open] })))
      .toMatch(new RegExp(`^onPremisesCidrs cannot contain '${open.replace(/[./]/g, '\\$&')}'; endpoints only accept traffic from named ranges`));
  });

  test.each(['on-premises', '10.100.0.0', '10.100.0.300/16', '10.100.0.0/33', '2001:db8::/129'])('fails with %s, not a CIDR, in onPremisesCidrs', (bad) => {
    expect(failure(() => build({ onPremisesCidrs: [bad] })))
      .toBe(`onPremisesCidrs contains '${bad}', which is not a CIDR range; write ranges such as '10.100.0.0/16' or '2001:db8::/56'`);
  });

  test('fails with a range listed twice in onPremisesCidrs', () => {
    expect(failure(() => build({ onPremisesCidrs: [ON_PREM, ON_PREM_2, ON_PREM] })))
      .toBe(`onPremisesCidrs lists '${ON_PREM}' twice; name each range once`);
  });

  test('fails with a VPC whose DNS hostnames are disabled', () => {
    const stack = newStack('S');
    const vpc = newVpc(stack, { enableDnsHostnames: false });
    expect(failure(() => newDns({ vpc }, stack)))
      .toMatch(/^vpc: private DNS for the S3 interface endpoint needs DNS support and DNS hostnames, but the VPC has DNS hostnames disabled/);
  });

  test('fails with a VPC that has no private or isolated subnet for the gateway endpoint', () => {
    const stack = newStack('S');
    const vpc = new ec2.Vpc(stack, 'Public', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'public', subnetType: ec2.SubnetType.PUBLIC }] });
    expect(failure(() => newDns({ vpc }, stack)))
      .toMatch(/^gatewaySubnets is not set and VPC S\/Public has no private or isolated subnets/);
  });

  test('fails with allowVpcClients in an imported VPC without its range', () => {
    const stack = newStack('S');
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
      vpcId: 'vpc-0123456789abcdef0',
      availabilityZones: ['us-east-1a', 'us-east-1b'],
      isolatedSubnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0bbbbbbbbbbbbbbb2'],
      isolatedSubnetRouteTableIds: ['rtb-0aaaaaaaaaaaaaaa1', 'rtb-0bbbbbbbbbbbbbbb2'],
    });
    expect(failure(() => newDns({ vpc, allowVpcClients: true }, stack)))
      .toMatch(/^allowVpcClients is true but VPC S\/Imported was imported without vpcCidrBlock, so its range is unknown; import the VPC with vpcCidrBlock/);
  });

  test('fails with resolverSubnets of one subnet', () => {
    const stack = newStack('S');
    const vpc = newVpc(stack);
    expect(failure(() => newDns({ vpc, resolverSubnets: { subnets: [vpc.isolatedSubnets[0]] } }, stack)))
      .toMatch(/^resolverSubnets puts the inbound Resolver endpoint in 1 subnet\(s\) \(S\/Vpc\/isolatedSubnet1\) in 1 Availability Zone\(s\) .*; a Resolver endpoint needs IP addresses in at least two subnets in two Availability Zones/);
  });

  test('fails with resolverSubnets of two subnets in one Availability Zone', () => {
    // GIVEN a VPC with two isolated subnet groups, so two subnets in each Availability Zone
    const stack = newStack('S');
    const vpc = newVpc(stack, {
      subnetConfiguration: [
        { name: 'first', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
        { name: 'second', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
    });
    const sameZone = vpc.isolatedSubnets.filter(s => s.node.id.endsWith('Subnet1'));
    expect(sameZone.map(s => s.node.path)).toEqual(['S/Vpc/firstSubnet1', 'S/Vpc/secondSubnet1']);

    // WHEN / THEN
    expect(failure(() => newDns({ vpc, resolverSubnets: { subnets: sameZone } }, stack)))
      .toMatch(/^resolverSubnets puts the inbound Resolver endpoint in 2 subnet\(s\) \(S\/Vpc\/firstSubnet1, S\/Vpc\/secondSubnet1\) in 1 Availability Zone\(s\) \((us-east-1a|AZ\[0\])\)/);
  });

  test('fails with resolverAddresses in one subnet', () => {
    const stack = newStack('S');
    const vpc = newVpc(stack);
    const [a] = vpc.isolatedSubnets;
    expect(failure(() => newDns({ vpc, resolverAddresses: [{ subnet: a, ip: '10.0.0.10' }, { subnet: a, ip: '10.0.0.11' }] }, stack)))
      .toMatch(/^resolverAddresses puts the inbound Resolver endpoint in 1 subnet\(s\)/);
  });

  test('fails with a pinned address outside its subnet', () => {
    const stack = newStack('S');
    const vpc = newVpc(stack);
    const [a, b] = vpc.isolatedSubnets;
    expect(failure(() => newDns({ vpc, resolverAddresses: [{ subnet: a, ip: '10.0.1.10' }, { subnet: b, ip: '10.0.1.11' }] }, stack)))
      .toBe('resolverAddresses pins 10.0.1.10 in subnet S/Vpc/isolatedSubnet1; 10.0.1.10 is outside the subnet\'s range 10.0.0.0/24, '
        + 'pin an address from 10.0.0.4 to 10.0.0.254');
  });

  test.each(['10.0.0.0', '10.0.0.1', '10.0.0.3', '10.0.0.255'])('fails with %s pinned, an address AWS reserves in 10.0.0.0/24', (ip) => {
    const stack = newStack('S');
    const vpc = newVpc(stack);
    const [a, b] = vpc.isolatedSubnets;
    expect(failure(() => newDns({ vpc, resolverAddresses: [{ subnet: a, ip }, { subnet: b, ip: '10.0.1.10' }] }, stack)))
      .toBe(`resolverAddresses pins ${ip} in subnet S/Vpc/isolatedSubnet1; ${ip} is one of the five addresses AWS reserves in 10.0.0.0/24 `
        + '(the first four and the last), pin an address from 10.0.0.4 to 10.0.0.254');
  });

  test('fails with a pinned value that is not an IPv4 address', () => {
    const stack = newStack('S');
    const vpc = newVpc(stack);
    const [a, b] = vpc.isolatedSubnets;
    expect(failure(() => newDns({ vpc, resolverAddresses: [{ subnet: a, ip: 'ten.zero.zero.ten' }, { subnet: b, ip: '10.0.1.10' }] }, stack)))
      .toMatch(/^resolverAddresses pins 'ten.zero.zero.ten' in subnet S\/Vpc\/isolatedSubnet1; that is not an IPv4 address/);
  });

  test('fails with the same address pinned twice', () => {
    const stack = newStack('S');
    const vpc = newVpc(stack);
    const [a, b] = vpc.isolatedSubnets;
    expect(failure(() => newDns({
      vpc, resolverAddresses: [{ subnet: a, ip: '10.0.0.10' }, { subnet: b, ip: '10.0.1.10' }, { subnet: a, ip: '10.0.0.10' }],
    }, stack))).toMatch(/^resolverAddresses pins 10\.0\.0\.10 twice \(both in subnet S\/Vpc\/isolatedSubnet1\); each IP address/);
  });

  test('fails when the new gateway endpoint\'s DNS record IP type does not match a dual-stack interface endpoint', () => {
    const stack = newStack('S');
    const vpc = dualStackVpc(stack);
    expect(failure(() => newDns({
      vpc, ipAddressType: ec2.VpcEndpointIpAddressType.DUALSTACK, gatewayDnsRecordIpType: ec2.VpcEndpointDnsRecordIpType.IPV4,
    }, stack))).toBe('gatewayDnsRecordIpType: the S3 gateway endpoint\'s dnsRecordIpType \'ipv4\' must match this endpoint\'s \'dualstack\' '
      + 'or be \'service-defined\'');
  });

  test('fails when the new gateway endpoint\'s DNS record IP type does not match the interface endpoint\'s ipv6', () => {
    const stack = newStack('S');
    const vpc = dualStackVpc(stack);
    expect(failure(() => newDns({
      vpc,
      ipAddressType: ec2.VpcEndpointIpAddressType.DUALSTACK,
      dnsRecordIpType: ec2.VpcEndpointDnsRecordIpType.IPV6,
      gatewayDnsRecordIpType: ec2.VpcEndpointDnsRecordIpType.IPV4,
    }, stack))).toMatch(/^gatewayDnsRecordIpType: the S3 gateway endpoint's dnsRecordIpType 'ipv4' must match this endpoint's 'ipv6'/);
  });

  test('fails with gatewayDnsRecordIpType ipv6 against the interface endpoint\'s ipv4 records (both endpoints dual-stack)', () => {
    const stack = newStack('S');
    const vpc = dualStackVpc(stack);
    expect(failure(() => newDns({
      vpc,
      ipAddressType: ec2.VpcEndpointIpAddressType.DUALSTACK,
      dnsRecordIpType: ec2.VpcEndpointDnsRecordIpType.IPV4,
      gatewayDnsRecordIpType: ec2.VpcEndpointDnsRecordIpType.IPV6,
    }, stack))).toBe('gatewayDnsRecordIpType: the S3 gateway endpoint\'s dnsRecordIpType \'ipv6\' must match this endpoint\'s \'ipv4\' '
      + 'or be \'service-defined\'');
  });

  test('fails when a given gateway endpoint\'s DNS record IP type does not match the interface endpoint\'s', () => {
    const stack = newStack('S');
    const vpc = dualStackVpc(stack);
    const gateway = new ec2.GatewayVpcEndpoint(stack, 'Gw', {
      vpc, service: ec2.GatewayVpcEndpointAwsService.S3, dnsRecordIpType: ec2.VpcEndpointDnsRecordIpType.IPV4,
    });
    expect(failure(() => newDns({ vpc, gatewayEndpoint: gateway, ipAddressType: ec2.VpcEndpointIpAddressType.DUALSTACK }, stack)))
      .toMatch(/^dnsRecordIpType: the S3 gateway endpoint's dnsRecordIpType 'ipv4' must match this endpoint's 'dualstack'/);
  });

  test('fails with a DynamoDB gateway endpoint as gatewayEndpoint', () => {
    const stack = newStack('S');
    const vpc = newVpc(stack);
    const gateway = new ec2.GatewayVpcEndpoint(stack, 'Gw', { vpc, service: ec2.GatewayVpcEndpointAwsService.DYNAMODB });
    expect(failure(() => newDns({ vpc, gatewayEndpoint: gateway }, stack)))
      .toMatch(/^gatewayEndpoint is a gateway endpoint for 'com\.amazonaws\.\$\{AWS::Region\}\.dynamodb', not Amazon S3/);
  });

  test('fails with an S3 gateway endpoint of another VPC as gatewayEndpoint', () => {
    const stack = newStack('S');
    const vpc = newVpc(stack);
    const other = newVpc(stack, { cidr: '10.1.0.0/16' }, 'Other');
    const gateway = new ec2.GatewayVpcEndpoint(stack, 'Gw', { vpc: other, service: ec2.GatewayVpcEndpointAwsService.S3 });
    expect(failure(() => newDns({ vpc, gatewayEndpoint: gateway }, stack)))
      .toMatch(/^gatewayEndpoint S\/Gw is in VPC '\$\{Other[0-9A-F]{8}\}' but this endpoint is in VPC '\$\{Vpc[0-9A-F]{8}\}'; the S3 gateway endpoint must be in the same VPC/);
  });

  test('fails when a second construct would create another Resolver endpoint in the same VPC', () => {
    const { stack, vpc, dns: first } = build();
    expect(failure(() => new S3HybridPrivateDns(stack, 'Second', { vpc, onPremisesCidrs: [ON_PREM], gatewayEndpoint: first.gatewayEndpoint })))
      .toMatch(/^vpc S\/Vpc is already served by S\/S3; a VPC takes one S3 interface endpoint with private DNS and one inbound Resolver endpoint/);
  });

  test.each([
    ['gatewaySubnets', 'gatewayEndpoint', (vpc: ec2.Vpc, gateway: ec2.IGatewayVpcEndpoint) => ({ gatewayEndpoint: gateway, gatewaySubnets: [{ subnets: vpc.isolatedSubnets }] })],
    ['gatewayDnsRecordIpType', 'gatewayEndpoint', (_vpc: ec2.Vpc, gateway: ec2.IGatewayVpcEndpoint) => ({
      gatewayEndpoint: gateway, gatewayDnsRecordIpType: ec2.VpcEndpointDnsRecordIpType.IPV4,
    })],
    ['resolverSubnets', 'resolverAddresses', (vpc: ec2.Vpc) => ({
      resolverAddresses: [{ subnet: vpc.isolatedSubnets[0], ip: '10.0.0.10' }, { subnet: vpc.isolatedSubnets[1], ip: '10.0.1.10' }],
      resolverSubnets: { subnets: vpc.isolatedSubnets },
    })],
    ['resolverSubnets', 'existingResolverEndpoint', (vpc: ec2.Vpc) => ({
      existingResolverEndpoint: { resolverEndpointId: EXISTING_ID }, resolverSubnets: { subnets: vpc.isolatedSubnets },
    })],
    ['resolverAddresses', 'existingResolverEndpoint', (vpc: ec2.Vpc) => ({
      existingResolverEndpoint: { resolverEndpointId: EXISTING_ID },
      resolverAddresses: [{ subnet: vpc.isolatedSubnets[0], ip: '10.0.0.10' }, { subnet: vpc.isolatedSubnets[1], ip: '10.0.1.10' }],
    })],
    ['resolverEndpointName', 'existingResolverEndpoint', () => ({
      existingResolverEndpoint: { resolverEndpointId: EXISTING_ID }, resolverEndpointName: 'on-premises-s3',
    })],
  ] as const)('fails with %s combined with %s', (prop, replacedBy, props) => {
    const stack = newStack('S');
    const vpc = newVpc(stack);
    const gateway = new ec2.GatewayVpcEndpoint(stack, 'Gw', { vpc, service: ec2.GatewayVpcEndpointAwsService.S3 });
    expect(failure(() => newDns({ vpc, ...props(vpc, gateway) }, stack)))
      .toBe(`${prop} cannot be combined with ${replacedBy}: it configures the resource that ${replacedBy} replaces; drop one of them`);
  });

  test.each(['rslvr-out-0123456789abcdef0', 'my-resolver'])('fails with %s as existingResolverEndpoint.resolverEndpointId', (id) => {
    expect(failure(() => build({ existingResolverEndpoint: { resolverEndpointId: id } })))
      .toBe(`existingResolverEndpoint.resolverEndpointId must be an inbound Resolver endpoint id, got '${id}'; pass an id such as 'rslvr-in-0123456789abcdef0'`);
  });

  test('fails with one address in existingResolverEndpoint.ipAddresses', () => {
    expect(failure(() => build({ existingResolverEndpoint: { resolverEndpointId: EXISTING_ID, ipAddresses: ['10.0.0.10'] } })))
      .toMatch(/^existingResolverEndpoint\.ipAddresses lists 1 address\(es\); an inbound Resolver endpoint has at least two/);
  });

  test('fails with awsServiceBuckets but no allowedBuckets', () => {
    expect(failure(() => build({ awsServiceBuckets: ['amazonlinux-2-repos-us-east-1'] })))
      .toMatch(/^awsServiceBuckets only applies with allowedBuckets/);
  });

  test('fails with empty allowedBuckets', () => {
    expect(failure(() => build({ allowedBuckets: [] }))).toMatch(/^allowedBuckets is empty, so no bucket would be reachable through the endpoints/);
  });

  test.each(['arn:aws:s3:::example-data', 's3://example-data', 'Example_Data'])('fails with %s, not a bucket name, in allowedBuckets', (bad) => {
    expect(failure(() => build({ allowedBuckets: ['example-data', bad] })))
      .toMatch(new RegExp(`^allowedBuckets and awsServiceBuckets take bucket names, got '${bad.replace(/[.*:/]/g, '\\$&')}'; pass names such as 'example-data'`));
  });

  test('fails with a bucket ARN in awsServiceBuckets', () => {
    expect(failure(() => build({ allowedBuckets: ['example-data'], awsServiceBuckets: ['arn:aws:s3:::amazonlinux-2-repos-us-east-1'] })))
      .toMatch(/^allowedBuckets and awsServiceBuckets take bucket names, got 'arn:aws:s3:::amazonlinux-2-repos-us-east-1'/);
  });

  // Whether the Region is known decides which check answers: only a stack with env knows its Region.
  const otherRegionMessage: Record<string, RegExp> = {
    'with env': /^restrictBucket: bucket example-data is in 'eu-west-1' but the endpoints are in 'us-east-1'; S3 endpoints only reach buckets in their own Region/,
    'environment-agnostic': /^restrictBucket: bucket example-data was imported, so its policy cannot be changed here/,
  };

  test('fails to restrict a bucket of another Region', () => {
    const { stack, dns } = build();
    const bucket = s3.Bucket.fromBucketAttributes(stack, 'Elsewhere', { bucketName: 'example-data', region: 'eu-west-1' });
    const message = failure(() => dns.restrictBucket(bucket, { exemptPrincipalArns: [ADMIN_ARN] }));
    expect(message).toMatch(otherRegionMessage[kind]);
    if (kind === 'environment-agnostic') expect(message).not.toContain('eu-west-1');
  });

  test('fails to restrict an imported bucket, whose policy cannot be changed', () => {
    const { stack, dns } = build();
    const bucket = s3.Bucket.fromBucketName(stack, 'Imported', 'example-data');
    expect(failure(() => dns.restrictBucket(bucket, { exemptPrincipalArns: [ADMIN_ARN] })))
      .toMatch(/^restrictBucket: bucket example-data was imported, so its policy cannot be changed here; pass a bucket defined in this app/);
  });

  test('fails with an exempt principal that is not an ARN', () => {
    const { stack, dns } = build();
    expect(failure(() => dns.restrictBucket(new s3.Bucket(stack, 'Data'), { exemptPrincipalArns: [ADMIN_ARN, 'Admin'] })))
      .toMatch(/^restrictBucket exemptPrincipalArns must be ARNs, got 'Admin'/);
  });

  test('fails with empty actions', () => {
    const { stack, dns } = build();
    expect(failure(() => dns.restrictBucket(new s3.Bucket(stack, 'Data'), { exemptPrincipalArns: [ADMIN_ARN], actions: [] })))
      .toMatch(/^restrictBucket actions is empty/);
  });

  test('fails with empty vpcSourceIps', () => {
    const { stack, dns } = build();
    expect(failure(() => dns.restrictBucket(new s3.Bucket(stack, 'Data'), { exemptPrincipalArns: [ADMIN_ARN], vpcSourceIps: [] })))
      .toMatch(/^restrictBucket vpcSourceIps is empty/);
  });

  test('fails with a value that is not a CIDR in vpcSourceIps', () => {
    const { stack, dns } = build();
    expect(failure(() => dns.restrictBucket(new s3.Bucket(stack, 'Data'), { exemptPrincipalArns: [ADMIN_ARN], vpcSourceIps: [TEST_VPC_CIDR, 'vpc'] })))
      .toMatch(/^restrictBucket vpcSourceIps contains 'vpc', which is not a CIDR range/);
  });

  test.each([
    [['10.0.0.10', 'not-an-ip'], "existingResolverEndpoint.ipAddresses contains 'not-an-ip', which is not an IPv4 address"],
    [['10.0.0.10', '10.0.1.10', '10.0.0.10'], "existingResolverEndpoint.ipAddresses lists '10.0.0.10' twice"],
  ])('fails with existingResolverEndpoint.ipAddresses %j', (ipAddresses, message) => {
    expect(failure(() => build({ existingResolverEndpoint: { resolverEndpointId: EXISTING_ID, ipAddresses } }))).toMatch(new RegExp(`^${message.replace(/[.]/g, '\\.')}`));
  });

  test.each(['', '12345', 's3/from/on-premises', 'x'.repeat(65)])('fails with resolverEndpointName %j', (name) => {
    expect(failure(() => build({ resolverEndpointName: name })))
      .toBe(`resolverEndpointName '${name}' is not a valid Resolver endpoint name; use 1 to 64 letters, digits, spaces, '-' and '_', `
        + "not only digits (e.g. 's3-from-on-premises')");
  });

  test('fails when a second restrictBucket on the same bucket has other options', () => {
    const { stack, dns } = build();
    const bucket = new s3.Bucket(stack, 'Data');
    dns.restrictBucket(bucket, { exemptPrincipalArns: [ADMIN_ARN] });
    expect(failure(() => dns.restrictBucket(bucket, { exemptPrincipalArns: [ADMIN_ARN], vpcSourceIps: [TEST_VPC_CIDR] })))
      .toBe('restrictBucket: bucket S/Data is already restricted by S/S3 with other options; a bucket has one endpoint restriction, '
        + 'so pass the same exemptPrincipalArns, actions, vpcSourceIps and exemptions');
  });
});

describe('S3HybridPrivateDns restrictBucket on one bucket from two constructs', () => {
  function twoVpcs() {
    const stack = envStack('S');
    const a = newDns({ vpc: newVpc(stack, {}, 'VpcA') }, stack, 'A').dns;
    const b = newDns({ vpc: newVpc(stack, { cidr: '10.1.0.0/16' }, 'VpcB') }, stack, 'B').dns;
    return { stack, a, b, bucket: new s3.Bucket(stack, 'Data') };
  }
  const denies = (stack: Stack) => (Object.values(Template.fromStack(stack).findResources('AWS::S3::BucketPolicy'))[0] as any)
    .Properties.PolicyDocument.Statement.filter((st: any) => st.Sid === 'DenyOutsideS3Endpoints');

  test('keeps one deny that lists the endpoints of both, so each VPC still reaches the bucket', () => {
    const { stack, a, b, bucket } = twoVpcs();
    a.restrictBucket(bucket, { exemptPrincipalArns: [ADMIN_ARN] });
    b.restrictBucket(bucket, { exemptPrincipalArns: [ADMIN_ARN] });
    const [deny, ...others] = denies(stack);
    expect(others).toEqual([]);
    expect(deny.Condition.StringNotEquals['aws:SourceVpce']).toEqual([
      ref(stack, a.gatewayEndpoint.node.defaultChild as IConstruct), ref(stack, a.interfaceEndpoint.node.defaultChild as IConstruct),
      ref(stack, b.gatewayEndpoint.node.defaultChild as IConstruct), ref(stack, b.interfaceEndpoint.node.defaultChild as IConstruct),
    ]);
  });

  test('the same construct restricting a bucket twice lists its endpoints once', () => {
    const { stack, a, bucket } = twoVpcs();
    a.restrictBucket(bucket, { exemptPrincipalArns: [ADMIN_ARN] });
    a.restrictBucket(bucket, { exemptPrincipalArns: [ADMIN_ARN] });
    expect(denies(stack)).toHaveLength(1);
    expect(denies(stack)[0].Condition.StringNotEquals['aws:SourceVpce']).toHaveLength(2);
  });
});

describe('S3HybridPrivateDns restrictBucket across stacks and with autoDeleteObjects', () => {
  test('two stacks with the same construct id both keep their endpoints in the bucket\'s deny', () => {
    const app = testApp({ context: AZ_CONTEXT });
    const [a, b] = ['A', 'B'].map(id => new Stack(app, id, { env: TEST_ENV }));
    const dnsA = newDns({}, a).dns;
    const dnsB = newDns({}, b).dns;
    const bucket = new s3.Bucket(a, 'Data');
    dnsA.restrictBucket(bucket, { exemptPrincipalArns: [ADMIN_ARN] });
    dnsB.restrictBucket(bucket, { exemptPrincipalArns: [ADMIN_ARN] });
    const deny = (Object.values(Template.fromStack(a).findResources('AWS::S3::BucketPolicy'))[0] as any)
      .Properties.PolicyDocument.Statement.find((st: any) => st.Sid === 'DenyOutsideS3Endpoints');
    const sources = deny.Condition.StringNotEquals['aws:SourceVpce'];
    expect(sources).toHaveLength(4);
    expect(sources.filter((v: any) => v['Fn::ImportValue'] !== undefined)).toHaveLength(2);
  });

  test('exempts the autoDeleteObjects provider role, which empties the bucket from outside the endpoints on stack deletion', () => {
    const { stack, dns } = newDns();
    const bucket = new s3.Bucket(stack, 'Data', { autoDeleteObjects: true, removalPolicy: RemovalPolicy.DESTROY });
    dns.restrictBucket(bucket, { exemptPrincipalArns: [ADMIN_ARN] });
    const deny = (Object.values(Template.fromStack(stack).findResources('AWS::S3::BucketPolicy'))[0] as any)
      .Properties.PolicyDocument.Statement.find((st: any) => st.Sid === 'DenyOutsideS3Endpoints');
    expect(deny.Condition.ArnNotLike['aws:PrincipalArn']).toEqual([
      ADMIN_ARN, ENV_DEPLOYMENT_ROLE, { 'Fn::GetAtt': ['CustomS3AutoDeleteObjectsCustomResourceProviderRole3B1BD092', 'Arn'] },
    ]);
  });
});

describe('S3HybridPrivateDns address read-back ordering', () => {
  test('the read-back waits for the reader role\'s policy, so a newly granted endpoint is readable on the first poll', () => {
    const { stack } = newDns();
    const template = Template.fromStack(stack);
    const [readerId, reader] = Object.entries(template.findResources('Custom::ResolverEndpointAddresses'))[0] as [string, any];
    const policyId = Object.keys(template.findResources('AWS::IAM::Policy', {
      Properties: { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: LIST_ADDRESSES })]) } },
    }))[0];
    expect(readerId).toBeDefined();
    expect(reader.DependsOn).toEqual(expect.arrayContaining([policyId]));
  });
});

describe('S3HybridPrivateDns dual-stack gateway endpoint', () => {
  test('the new gateway endpoint takes the interface endpoint\'s IP address type', () => {
    const stack = envStack('S');
    newDns({ vpc: dualStackVpc(stack), ipAddressType: ec2.VpcEndpointIpAddressType.DUALSTACK }, stack);
    const [, gateway] = onlyEndpoint(Template.fromStack(stack), 'Gateway');
    expect(gateway.Properties.IpAddressType).toBe('dualstack');
  });
});

describe('S3HybridPrivateDns restrictBucket Region warning', () => {
  test('warns in a stack without env about a bucket whose Region is known', () => {
    const stack = agnosticStack('S');
    const { dns } = newDns({}, stack);
    const bucket = s3.Bucket.fromBucketAttributes(stack, 'Far', { bucketName: 'far-data', region: 'eu-west-1' });
    expect(() => dns.restrictBucket(bucket, { exemptPrincipalArns: [ADMIN_ARN] })).toThrow(/was imported/);
    Annotations.fromStack(stack).hasWarning('/S/S3', Match.stringLikeRegexp(
      "restrictBucket: bucket far-data is in 'eu-west-1', and the endpoints are in this stack's Region, which is not known at synth"));
  });
});

describe('S3HybridPrivateDns template quality', () => {
  /** An environment-agnostic stack (literal AZs from a concrete environment are a cfn-lint W3010 finding) with the construct. */
  function cleanStack(acknowledgeProvider: boolean) {
    const stack = agnosticStack('Clean');
    const vpc = newVpc(stack);
    acknowledgeVpcFlowLogs(vpc, 'Flow logs are outside this test: it checks the S3 hybrid DNS construct only');
    const dns = new S3HybridPrivateDns(stack, 'S3', { vpc, onPremisesCidrs: [ON_PREM], allowedBuckets: ['example-data'] });
    if (acknowledgeProvider) dns.acknowledgeProviderFindings();
    return stack;
  }

  test('passes the template-quality checks once the provider findings are acknowledged', () => {
    // WHEN
    const result = expectCleanSynth(cleanStack(true));

    // THEN nothing of the construct or its provider is left, and every acknowledgement sits on the provider
    expect(result.failures).toEqual([]);
    const ours = result.findings.filter(f => (f.constructPath?.startsWith('Clean/S3') || f.constructPath?.startsWith(`Clean/${PROVIDER_ID}`))
      && !f.acknowledged && f.severity !== 'info');
    expect(ours).toEqual([]);
    const acknowledgedOnProvider = result.findings.filter(f => f.acknowledged && f.constructPath?.startsWith(`Clean/${PROVIDER_ID}/`));
    expect(acknowledgedOnProvider.length).toBeGreaterThan(0);
    expect(result.findings.filter(f => f.acknowledged && !f.constructPath?.startsWith(`Clean/${PROVIDER_ID}/`)
      && !f.constructPath?.startsWith('Clean/Vpc'))).toEqual([]);
  });

  test('acknowledges nothing by itself: without acknowledgeProviderFindings() the provider findings fail the checks', () => {
    // WHEN
    const result = synthWithChecks(cleanStack(false));

    // THEN the provider's findings are failures, and none of the construct's own resources has one
    const failing = result.failures.map(f => f.constructPath ?? '');
    expect(failing.length).toBeGreaterThan(0);
    expect(failing.every(p => p.startsWith(`Clean/${PROVIDER_ID}/`))).toBe(true);
    expect(result.failures.map(f => f.rule)).toEqual(expect.arrayContaining(['NIST.800.53.R5-LambdaInsideVPC', 'AwsSolutions-SF1']));
  });

  test('acknowledgeProviderFindings() does nothing in a stack without a provider (pinned addresses)', () => {
    const stack = envStack('Pinned');
    const vpc = newVpc(stack);
    const dns = new S3HybridPrivateDns(stack, 'S3', {
      vpc,
      onPremisesCidrs: [ON_PREM],
      resolverAddresses: [{ subnet: vpc.isolatedSubnets[0], ip: '10.0.0.10' }, { subnet: vpc.isolatedSubnets[1], ip: '10.0.1.10' }],
    });
    dns.acknowledgeProviderFindings();
    expect(stack.node.tryFindChild(PROVIDER_ID)).toBeUndefined();
    expect(stack.node.findAll().some(c => c.node.metadata.some(m => m.type === 'aws:cdk:acknowledged-rules'))).toBe(false);
  });
});
