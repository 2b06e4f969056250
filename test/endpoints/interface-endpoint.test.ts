import { App, CfnParameter, Duration, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { EndpointPolicy } from '../../src/endpoints/endpoint-policy';
import { GatewayEndpoint } from '../../src/endpoints/gateway-endpoint';
import { InterfaceEndpoint, InterfaceEndpointProps } from '../../src/endpoints/interface-endpoint';
import { acknowledgeVpcFlowLogs, agnosticStack, envStack, errorMessageOf, isolatedVpc, STACK_KINDS } from '../fixtures';
import { expectCleanSynth } from '../harness';

const VPC_CIDR = '10.0.0.0/16';
const KMS = ec2.InterfaceVpcEndpointAwsService.KMS;
const S3 = ec2.InterfaceVpcEndpointAwsService.S3;
const ENDPOINT_SERVICE_NAME = 'com.amazonaws.vpce.us-west-2.vpce-svc-0123456789abcdef0';

/** An isolated IPv4 VPC in VPC_CIDR over the three Availability Zones, with DNS support and DNS hostnames on. */
function newVpc(stack: Stack, props: ec2.VpcProps = {}, id = 'Vpc'): ec2.Vpc {
  return isolatedVpc(stack, { cidr: VPC_CIDR, ...props }, id);
}

/** A dual-stack isolated VPC: every subnet has an IPv4 and an IPv6 range. */
function newDualStackVpc(stack: Stack): ec2.Vpc {
  return newVpc(stack, { ipProtocol: ec2.IpProtocol.DUAL_STACK });
}

/** A subnet with an IPv6 range and no IPv4 range (IPv6-only). */
function ipv6OnlySubnet(stack: Stack, vpc: ec2.IVpc, id: string, availabilityZone: string): ec2.Subnet {
  const subnet = new ec2.Subnet(stack, id, { vpcId: vpc.vpcId, availabilityZone, cidrBlock: '10.0.200.0/24' });
  const cfn = subnet.node.defaultChild as ec2.CfnSubnet;
  cfn.cidrBlock = undefined;
  cfn.ipv6Native = true;
  cfn.ipv6CidrBlock = '2600:1f18:abcd:1200::/64';
  cfn.assignIpv6AddressOnCreation = true;
  return subnet;
}

function kmsEndpoint(stack: Stack, vpc: ec2.IVpc, props: Partial<InterfaceEndpointProps> = {}, id = 'Kms'): InterfaceEndpoint {
  return new InterfaceEndpoint(stack, id, { vpc, service: KMS, ...props });
}

function endpointLogicalId(endpoint: InterfaceEndpoint): string {
  return Stack.of(endpoint).getLogicalId(endpoint.node.defaultChild as ec2.CfnVPCEndpoint);
}

describe('InterfaceEndpoint defaults', () => {
  test('creates an Interface endpoint with private DNS', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack);

    // WHEN
    kmsEndpoint(stack, vpc);

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Interface',
      ServiceName: 'com.amazonaws.us-east-1.kms',
      PrivateDnsEnabled: true,
      VpcId: { Ref: Match.stringLikeRegexp('^Vpc') },
    });
  });

  test('places one subnet in each Availability Zone', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack, {
      subnetConfiguration: [
        { name: 'a', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
        { name: 'b', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
    });

    // WHEN
    kmsEndpoint(stack, vpc);

    // THEN
    const endpoints = Template.fromStack(stack).findResources('AWS::EC2::VPCEndpoint');
    const subnetIds = Object.values(endpoints)[0].Properties.SubnetIds;
    expect(subnetIds).toHaveLength(3);
    const subnetsByLogicalId = Template.fromStack(stack).findResources('AWS::EC2::Subnet');
    const azs = subnetIds.map((id: { Ref: string }) => subnetsByLogicalId[id.Ref].Properties.AvailabilityZone);
    expect(new Set(azs)).toEqual(new Set(['us-east-1a', 'us-east-1b', 'us-east-1c']));
  });

  test('creates a dedicated security group with ingress on 443 from the VPC CIDR literal only', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack);

    // WHEN
    kmsEndpoint(stack, vpc);

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::SecurityGroup', 1);
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [Match.objectLike({ CidrIp: VPC_CIDR, IpProtocol: 'tcp', FromPort: 443, ToPort: 443 })],
    });
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
    expect(JSON.stringify(template.toJSON())).not.toContain('0.0.0.0/0');
  });

  test('the security group disallows all egress', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack);

    // WHEN
    kmsEndpoint(stack, vpc);

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' })],
    });
  });

  test('the endpoint uses the dedicated security group', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack);

    // WHEN
    const endpoint = kmsEndpoint(stack, vpc);

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      SecurityGroupIds: [{ 'Fn::GetAtt': [stack.getLogicalId(endpoint.securityGroup.node.defaultChild as ec2.CfnSecurityGroup), 'GroupId'] }],
    });
  });

  test('renders no DnsOptions, IpAddressType or PolicyDocument', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack);

    // WHEN
    kmsEndpoint(stack, vpc);

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      DnsOptions: Match.absent(),
      IpAddressType: Match.absent(),
      PolicyDocument: Match.absent(),
      ServiceRegion: Match.absent(),
    });
  });

  test('node.defaultChild is the CfnVPCEndpoint', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack);

    // WHEN
    const endpoint = kmsEndpoint(stack, vpc);

    // THEN
    expect(endpoint.node.defaultChild).toBeInstanceOf(ec2.CfnVPCEndpoint);
    expect(endpoint.node.defaultChild).toBe(endpoint.endpoint.node.defaultChild);
  });

  test('exposes the endpoint id, DNS entries and network interface ids as tokens', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack);

    // WHEN
    const endpoint = kmsEndpoint(stack, vpc);

    // THEN
    const logicalId = endpointLogicalId(endpoint);
    expect(Token.isUnresolved(endpoint.vpcEndpointId)).toBe(true);
    expect(stack.resolve(endpoint.vpcEndpointId)).toEqual({ Ref: logicalId });
    expect(stack.resolve(endpoint.dnsEntries)).toEqual({ 'Fn::GetAtt': [logicalId, 'DnsEntries'] });
    expect(stack.resolve(endpoint.networkInterfaceIds)).toEqual({ 'Fn::GetAtt': [logicalId, 'NetworkInterfaceIds'] });
  });

  test('exposes the service name, VPC id and private DNS setting', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack);

    // WHEN
    const endpoint = kmsEndpoint(stack, vpc);

    // THEN
    expect(stack.resolve(endpoint.serviceName)).toBe('com.amazonaws.us-east-1.kms');
    expect(stack.resolve(endpoint.vpcId)).toEqual(stack.resolve(vpc.vpcId));
    expect(endpoint.privateDnsEnabled).toBe(true);
  });

  test('connections open the service port to another security group', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack);
    const endpoint = kmsEndpoint(stack, vpc);
    const client = new ec2.SecurityGroup(stack, 'Client', { vpc });

    // WHEN
    endpoint.connections.allowDefaultPortFrom(client, 'clients');

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::GetAtt': [stack.getLogicalId(endpoint.securityGroup.node.defaultChild as ec2.CfnSecurityGroup), 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [stack.getLogicalId(client.node.defaultChild as ec2.CfnSecurityGroup), 'GroupId'] },
      FromPort: 443,
      ToPort: 443,
    });
  });

  test('passes the template-quality checks with its defaults', () => {
    // GIVEN
    const stack = agnosticStack('Clean');
    const vpc = isolatedVpc(stack, { cidr: '10.20.0.0/16', maxAzs: 2 });
    acknowledgeVpcFlowLogs(vpc, 'Flow logs are outside this test: it checks the endpoint constructs only');

    // WHEN
    kmsEndpoint(stack, vpc);
    const result = expectCleanSynth(stack);

    // THEN
    expect(result.failures).toEqual([]);
    expect(result.findings.filter(f => f.constructPath?.startsWith('Clean/Kms') && !f.acknowledged && f.severity !== 'info')).toEqual([]);
  });
});

describe('InterfaceEndpoint allowed peers', () => {
  test('allowedPeers replace the VPC CIDR', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack);

    // WHEN
    kmsEndpoint(stack, vpc, { allowedPeers: [ec2.Peer.ipv4('10.50.0.0/16')] });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [Match.objectLike({ CidrIp: '10.50.0.0/16', FromPort: 443, ToPort: 443 })],
    });
  });

  test('a dual-stack VPC also admits its IPv6 range by default', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newDualStackVpc(stack);

    // WHEN
    kmsEndpoint(stack, vpc);

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: Match.arrayWith([
        Match.objectLike({ CidrIp: VPC_CIDR, FromPort: 443 }),
        Match.objectLike({
          CidrIpv6: { 'Fn::Select': [0, { 'Fn::GetAtt': [stack.getLogicalId(vpc.node.defaultChild as ec2.CfnVPC), 'Ipv6CidrBlocks'] }] },
          FromPort: 443,
        }),
      ]),
    });
  });

  test.each(STACK_KINDS)('fails when allowedPeers contains ec2.Peer.anyIpv4() (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = newVpc(stack);

    // WHEN / THEN
    expect(errorMessageOf(() => kmsEndpoint(stack, vpc, { allowedPeers: [ec2.Peer.anyIpv4()] })))
      .toMatch(/allowedPeers cannot contain '0\.0\.0\.0\/0'/);
  });

  test.each(STACK_KINDS)('fails when allowedPeers contains ec2.Peer.anyIpv6() (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = newDualStackVpc(stack);

    // WHEN / THEN
    expect(errorMessageOf(() => kmsEndpoint(stack, vpc, { allowedPeers: [ec2.Peer.ipv4(VPC_CIDR), ec2.Peer.anyIpv6()] })))
      .toMatch(/allowedPeers cannot contain '::\/0'/);
  });

  test.each(STACK_KINDS)('fails when allowedPeers is empty (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = newVpc(stack);

    // WHEN / THEN
    expect(errorMessageOf(() => kmsEndpoint(stack, vpc, { allowedPeers: [] }))).toMatch(/allowedPeers is empty/);
  });
});

describe('InterfaceEndpoint placement', () => {
  test.each(STACK_KINDS)('fails when subnets selects two subnets in one Availability Zone (%s)', (kind, newStack) => {
    // GIVEN: a second subnet in the first Availability Zone of the VPC (a name, or AZ[0] without env)
    const stack = newStack();
    const vpc = newVpc(stack);
    const extra = new ec2.Subnet(stack, 'Extra', { vpcId: vpc.vpcId, availabilityZone: vpc.availabilityZones[0], cidrBlock: '10.0.100.0/24' });

    // WHEN / THEN
    expect(errorMessageOf(() => kmsEndpoint(stack, vpc, { subnets: { subnets: [vpc.isolatedSubnets[0], extra] } })))
      .toMatch(kind === 'with env'
        ? /subnets selects two subnets in Availability Zone 'us-east-1a'/
        : /subnets selects two subnets in Availability Zone 'AZ\[0\]'/);
  });

  test.each(STACK_KINDS)('fails when a subnet type selection without onePerAz spans two subnet groups (%s)', (kind, newStack) => {
    // GIVEN two subnet groups: their first subnets share the first AZ (a name, or AZ[0] without env)
    const stack = newStack();
    const vpc = newVpc(stack, {
      subnetConfiguration: [
        { name: 'a', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
        { name: 'b', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
    });

    // WHEN / THEN
    const az = kind === 'with env' ? 'us-east-1a' : 'AZ\\[0\\]';
    expect(() => kmsEndpoint(stack, vpc, { subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } }))
      .toThrow(new RegExp(`^subnets selects two subnets in Availability Zone '${az}' \\(Stack/Vpc/aSubnet1 and Stack/Vpc/bSubnet1\\)`));
  });

  test.each(STACK_KINDS)('fails when explicit subnets are two subnets in one Availability Zone (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = newVpc(stack, {
      subnetConfiguration: [
        { name: 'a', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
        { name: 'b', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
    });
    const first = (group: string) => vpc.selectSubnets({ subnetGroupName: group }).subnets[0];

    // WHEN / THEN
    expect(errorMessageOf(() => kmsEndpoint(stack, vpc, { subnets: { subnets: [first('a'), first('b')] } })))
      .toMatch(/^subnets selects two subnets in Availability Zone '(us-east-1a|AZ\[0\])'/);
  });

  test('a subnet group selection places one endpoint interface per Availability Zone', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack, {
      subnetConfiguration: [
        { name: 'a', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
        { name: 'b', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
    });

    // WHEN
    kmsEndpoint(stack, vpc, { subnets: { subnetGroupName: 'b' } });

    // THEN
    const groupB = vpc.selectSubnets({ subnetGroupName: 'b' }).subnets.map(s => stack.resolve(s.subnetId));
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', { SubnetIds: groupB });
  });
});

describe('InterfaceEndpoint IP address type', () => {
  test('passes ipAddressType and dnsRecordIpType to the endpoint', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newDualStackVpc(stack);

    // WHEN
    kmsEndpoint(stack, vpc, {
      ipAddressType: ec2.VpcEndpointIpAddressType.DUALSTACK,
      dnsRecordIpType: ec2.VpcEndpointDnsRecordIpType.IPV4,
    });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      IpAddressType: 'dualstack',
      DnsOptions: { DnsRecordIpType: 'ipv4' },
    });
  });

  test('ipv6 is accepted on IPv6-only subnets', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newDualStackVpc(stack);
    const subnet = ipv6OnlySubnet(stack, vpc, 'V6Only', 'us-east-1a');

    // WHEN
    kmsEndpoint(stack, vpc, { subnets: { subnets: [subnet] }, ipAddressType: ec2.VpcEndpointIpAddressType.IPV6 });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      IpAddressType: 'ipv6',
      SubnetIds: [stack.resolve(subnet.subnetId)],
    });
  });

  test.each(STACK_KINDS)('fails when ipAddressType is ipv4 and a subnet is IPv6-only (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = newDualStackVpc(stack);
    const subnet = ipv6OnlySubnet(stack, vpc, 'V6Only', vpc.availabilityZones[0]);

    // WHEN / THEN
    expect(errorMessageOf(() => kmsEndpoint(stack, vpc, { subnets: { subnets: [subnet] }, ipAddressType: ec2.VpcEndpointIpAddressType.IPV4 })))
      .toMatch(/ipAddressType is 'ipv4' but subnet .* has no IPv4 range/);
  });

  test.each(STACK_KINDS)('fails when ipAddressType is left at its ipv4 default and a subnet is IPv6-only (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = newDualStackVpc(stack);
    const subnet = ipv6OnlySubnet(stack, vpc, 'V6Only', vpc.availabilityZones[0]);

    // WHEN / THEN
    expect(errorMessageOf(() => kmsEndpoint(stack, vpc, { subnets: { subnets: [subnet] } }))).toMatch(/ipAddressType is 'ipv4'/);
  });

  test.each(STACK_KINDS)('fails when ipAddressType is ipv6 and a subnet has an IPv4 range (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = newDualStackVpc(stack);

    // WHEN / THEN
    expect(errorMessageOf(() => kmsEndpoint(stack, vpc, { ipAddressType: ec2.VpcEndpointIpAddressType.IPV6 })))
      .toMatch(/ipAddressType is 'ipv6' but subnet .* is not IPv6-only/);
  });

  test.each(STACK_KINDS)('fails when ipAddressType is dualstack and a subnet is IPv4-only (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = newVpc(stack);

    // WHEN / THEN
    expect(errorMessageOf(() => kmsEndpoint(stack, vpc, { ipAddressType: ec2.VpcEndpointIpAddressType.DUALSTACK })))
      .toMatch(/ipAddressType is 'dualstack' but subnet .* lacks an IPv6 range/);
  });

  test.each(STACK_KINDS)('fails when ipAddressType is dualstack and the subnet only sets assignIpv6AddressOnCreation: false (%s)', (_kind, newStack) => {
    // GIVEN: an IPv4-only subnet that states explicitly it assigns no IPv6 addresses
    const stack = newStack();
    const vpc = newVpc(stack);
    const subnet = new ec2.Subnet(stack, 'V4Only', {
      vpcId: vpc.vpcId, availabilityZone: vpc.availabilityZones[0], cidrBlock: '10.0.100.0/24', assignIpv6AddressOnCreation: false,
    });

    // WHEN / THEN
    expect(errorMessageOf(() => kmsEndpoint(stack, vpc, { subnets: { subnets: [subnet] }, ipAddressType: ec2.VpcEndpointIpAddressType.DUALSTACK })))
      .toMatch(/ipAddressType is 'dualstack' but subnet .* lacks an IPv6 range/);
  });

  test('dualstack accepts dual-stack subnets', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newDualStackVpc(stack);

    // WHEN
    kmsEndpoint(stack, vpc, { ipAddressType: ec2.VpcEndpointIpAddressType.DUALSTACK });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', { IpAddressType: 'dualstack' });
  });
});

describe('InterfaceEndpoint DNS record IP type', () => {
  test.each(STACK_KINDS)('fails with ipAddressType ipv4 and dnsRecordIpType ipv6 (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = newVpc(stack);

    // WHEN / THEN
    expect(errorMessageOf(() => kmsEndpoint(stack, vpc, {
      ipAddressType: ec2.VpcEndpointIpAddressType.IPV4,
      dnsRecordIpType: ec2.VpcEndpointDnsRecordIpType.IPV6,
    }))).toMatch(/dnsRecordIpType 'ipv6' does not work with ipAddressType 'ipv4' on interface endpoints/);
  });

  test.each(STACK_KINDS)('fails with ipAddressType ipv4 and dnsRecordIpType service-defined (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = newVpc(stack);

    // WHEN / THEN
    expect(errorMessageOf(() => kmsEndpoint(stack, vpc, {
      ipAddressType: ec2.VpcEndpointIpAddressType.IPV4,
      dnsRecordIpType: ec2.VpcEndpointDnsRecordIpType.SERVICE_DEFINED,
    }))).toMatch(/dnsRecordIpType 'service-defined' does not work with ipAddressType 'ipv4'/);
  });

  test.each(STACK_KINDS)('fails with the default ipAddressType (ipv4) and dnsRecordIpType dualstack (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = newVpc(stack);

    // WHEN / THEN
    expect(errorMessageOf(() => kmsEndpoint(stack, vpc, { dnsRecordIpType: ec2.VpcEndpointDnsRecordIpType.DUALSTACK })))
      .toMatch(/dnsRecordIpType 'dualstack' does not work with ipAddressType 'ipv4'/);
  });

  test.each(STACK_KINDS)('fails with ipAddressType ipv6 and dnsRecordIpType ipv4 (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = newDualStackVpc(stack);
    const subnet = ipv6OnlySubnet(stack, vpc, 'V6Only', vpc.availabilityZones[0]);

    // WHEN / THEN
    expect(errorMessageOf(() => kmsEndpoint(stack, vpc, {
      subnets: { subnets: [subnet] },
      ipAddressType: ec2.VpcEndpointIpAddressType.IPV6,
      dnsRecordIpType: ec2.VpcEndpointDnsRecordIpType.IPV4,
    }))).toMatch(/dnsRecordIpType 'ipv4' does not work with ipAddressType 'ipv6'/);
  });

  test('ipAddressType dualstack accepts dnsRecordIpType service-defined', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newDualStackVpc(stack);

    // WHEN
    kmsEndpoint(stack, vpc, {
      ipAddressType: ec2.VpcEndpointIpAddressType.DUALSTACK,
      dnsRecordIpType: ec2.VpcEndpointDnsRecordIpType.SERVICE_DEFINED,
    });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      IpAddressType: 'dualstack',
      DnsOptions: { DnsRecordIpType: 'service-defined' },
    });
  });
});

describe('InterfaceEndpoint private DNS', () => {
  test.each(STACK_KINDS)('fails when private DNS is on by default and the VPC has DNS hostnames off (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = newVpc(stack, { enableDnsHostnames: false });

    // WHEN / THEN
    expect(errorMessageOf(() => kmsEndpoint(stack, vpc))).toMatch(/privateDnsEnabled is true \(the default\) but the VPC has DNS hostnames disabled/);
  });

  test.each(STACK_KINDS)('fails when private DNS is set explicitly and the VPC has DNS hostnames off (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = newVpc(stack, { enableDnsHostnames: false });

    // WHEN / THEN
    expect(errorMessageOf(() => kmsEndpoint(stack, vpc, { privateDnsEnabled: true })))
      .toMatch(/privateDnsEnabled is true but the VPC has DNS hostnames disabled/);
  });

  test.each(STACK_KINDS)('fails when the VPC has DNS support and DNS hostnames off (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = newVpc(stack, { enableDnsHostnames: false, enableDnsSupport: false });

    // WHEN / THEN
    expect(errorMessageOf(() => kmsEndpoint(stack, vpc))).toMatch(/privateDnsEnabled is true .*DNS support and DNS hostnames disabled/);
  });

  test('privateDnsEnabled false is accepted in a VPC with DNS hostnames off', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack, { enableDnsHostnames: false });

    // WHEN
    const endpoint = kmsEndpoint(stack, vpc, { privateDnsEnabled: false });

    // THEN
    expect(endpoint.privateDnsEnabled).toBe(false);
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', { PrivateDnsEnabled: false });
  });

  test('an endpoint service defaults to private DNS off, as aws-cdk-lib does', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack, { enableDnsHostnames: false });

    // WHEN
    new InterfaceEndpoint(stack, 'Partner', {
      vpc,
      service: new ec2.InterfaceVpcEndpointService('com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0', 443),
    });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', { PrivateDnsEnabled: false });
  });

  test('a VPC imported with Vpc.fromVpcAttributes (DNS settings unknown) does not fail private DNS', () => {
    // GIVEN
    const stack = envStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
      vpcId: 'vpc-0123456789abcdef0',
      vpcCidrBlock: '10.1.0.0/16',
      availabilityZones: ['us-east-1a', 'us-east-1b'],
      isolatedSubnetIds: ['subnet-0000000000000000a', 'subnet-0000000000000000b'],
    });

    // WHEN
    kmsEndpoint(stack, vpc);

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      PrivateDnsEnabled: true,
      VpcId: 'vpc-0123456789abcdef0',
      SubnetIds: ['subnet-0000000000000000a', 'subnet-0000000000000000b'],
    });
  });

  test('a VPC imported with Vpc.fromVpcAttributes admits its CIDR by default', () => {
    // GIVEN
    const stack = envStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
      vpcId: 'vpc-0123456789abcdef0',
      vpcCidrBlock: '10.1.0.0/16',
      availabilityZones: ['us-east-1a', 'us-east-1b'],
      isolatedSubnetIds: ['subnet-0000000000000000a', 'subnet-0000000000000000b'],
    });

    // WHEN
    kmsEndpoint(stack, vpc);

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [Match.objectLike({ CidrIp: '10.1.0.0/16', FromPort: 443 })],
    });
  });
});

describe('InterfaceEndpoint policy on an endpoint service', () => {
  const endpointService = new ec2.InterfaceVpcEndpointService(ENDPOINT_SERVICE_NAME, 443);
  const allowAccount = () => EndpointPolicy.allowAccounts(['111111111111']);

  test.each(STACK_KINDS)('warns that a policy on an endpoint to an endpoint service is not enforced (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = newVpc(stack);

    // WHEN
    new InterfaceEndpoint(stack, 'Partner', { vpc, service: endpointService, policy: allowAccount() });

    // THEN
    Annotations.fromStack(stack).hasWarning('/Stack/Partner', Match.stringLikeRegexp(
      `^policy sets an endpoint policy, but endpoints to an endpoint service \\(${ENDPOINT_SERVICE_NAME.replace(/\./g, '\\.')}\\) always allow full access.*policyNotEnforced`));
  });

  test('warns for addToPolicy on an endpoint to an endpoint service', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack);
    const endpoint = new InterfaceEndpoint(stack, 'Partner', { vpc, service: endpointService });

    // WHEN
    endpoint.addToPolicy(new iam.PolicyStatement({ principals: [new iam.StarPrincipal()], actions: ['*'], resources: ['*'] }));

    // THEN
    Annotations.fromStack(stack).hasWarning('/Stack/Partner', Match.stringLikeRegexp('^addToPolicy sets an endpoint policy.*policyNotEnforced'));
  });

  test('does not warn for a policy on an AWS service endpoint', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack);

    // WHEN
    kmsEndpoint(stack, vpc, { policy: allowAccount() });

    // THEN
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('policyNotEnforced'));
  });
});

describe('InterfaceEndpoint with a VPC imported without vpcCidrBlock', () => {
  const importWithoutCidr = (stack: Stack) => ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
    vpcId: 'vpc-0123456789abcdef0',
    availabilityZones: ['us-east-1a', 'us-east-1b'],
    isolatedSubnetIds: ['subnet-0000000000000000a', 'subnet-0000000000000000b'],
  });

  test.each(STACK_KINDS)('fails naming allowedPeers when allowedPeers is not given (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = importWithoutCidr(stack);

    // WHEN / THEN
    expect(errorMessageOf(() => kmsEndpoint(stack, vpc)))
      .toMatch(/^allowedPeers is not set and the VPC Stack\/Imported was imported without vpcCidrBlock, so its range is unknown; pass allowedPeers/);
  });

  test('works with allowedPeers', () => {
    // GIVEN
    const stack = envStack();
    const vpc = importWithoutCidr(stack);

    // WHEN
    kmsEndpoint(stack, vpc, { allowedPeers: [ec2.Peer.ipv4('10.1.0.0/16')] });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [Match.objectLike({ CidrIp: '10.1.0.0/16', FromPort: 443 })],
    });
  });
});

describe('InterfaceEndpoint private DNS only for the inbound Resolver endpoint', () => {
  test.each(STACK_KINDS)('fails for a service other than Amazon S3 (%s)', (kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = newVpc(stack);

    // WHEN / THEN
    const service = kind === 'with env' ? 'com.amazonaws.us-east-1.kms' : 'com.amazonaws.${AWS::Region}.kms';
    expect(errorMessageOf(() => kmsEndpoint(stack, vpc, { privateDnsOnlyForInboundResolverEndpoint: true })))
      .toBe(`privateDnsOnlyForInboundResolverEndpoint only applies to Amazon S3 interface endpoints, got service '${service}'; `
        + 'leave it unset for other services');
  });

  test.each(STACK_KINDS)('fails when private DNS is off (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = newVpc(stack);

    // WHEN / THEN
    expect(errorMessageOf(() => new InterfaceEndpoint(stack, 'S3', {
      vpc, service: S3, privateDnsEnabled: false, privateDnsOnlyForInboundResolverEndpoint: true,
    }))).toMatch(/privateDnsOnlyForInboundResolverEndpoint needs privateDnsEnabled: true/);
  });

  test.each(STACK_KINDS)('fails at synth without an S3 gateway endpoint in the same VPC (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = newVpc(stack);

    // WHEN
    new InterfaceEndpoint(stack, 'S3', { vpc, service: S3, privateDnsOnlyForInboundResolverEndpoint: true });

    // THEN
    expect(errorMessageOf(() => Template.fromStack(stack)))
      .toMatch(/privateDnsOnlyForInboundResolverEndpoint needs an S3 gateway endpoint in the same VPC/);
  });

  test.each(STACK_KINDS)('fails at synth when the only S3 gateway endpoint is in another VPC (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = newVpc(stack);
    const other = newVpc(stack, {}, 'Other');
    new GatewayEndpoint(stack, 'S3Gateway', { vpc: other, service: ec2.GatewayVpcEndpointAwsService.S3 });

    // WHEN
    new InterfaceEndpoint(stack, 'S3', { vpc, service: S3, privateDnsOnlyForInboundResolverEndpoint: true });

    // THEN
    expect(errorMessageOf(() => Template.fromStack(stack))).toMatch(/privateDnsOnlyForInboundResolverEndpoint needs an S3 gateway endpoint/);
  });

  test.each(STACK_KINDS)('fails at synth when the VPC only has a DynamoDB gateway endpoint (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = newVpc(stack);
    new GatewayEndpoint(stack, 'DynamoDb', { vpc, service: ec2.GatewayVpcEndpointAwsService.DYNAMODB });

    // WHEN
    new InterfaceEndpoint(stack, 'S3', { vpc, service: S3, privateDnsOnlyForInboundResolverEndpoint: true });

    // THEN
    expect(errorMessageOf(() => Template.fromStack(stack))).toMatch(/privateDnsOnlyForInboundResolverEndpoint needs an S3 gateway endpoint/);
  });

  test('passes with a GatewayEndpoint for S3 and renders OnlyInboundResolver', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack);
    new GatewayEndpoint(stack, 'S3Gateway', { vpc, service: ec2.GatewayVpcEndpointAwsService.S3 });

    // WHEN
    new InterfaceEndpoint(stack, 'S3', { vpc, service: S3, privateDnsOnlyForInboundResolverEndpoint: true });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Interface',
      PrivateDnsEnabled: true,
      DnsOptions: { PrivateDnsOnlyForInboundResolverEndpoint: 'OnlyInboundResolver' },
    });
  });

  test('passes with an aws-cdk-lib GatewayVpcEndpoint for S3', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack);
    vpc.addGatewayEndpoint('S3Gateway', { service: ec2.GatewayVpcEndpointAwsService.S3 });

    // WHEN
    new InterfaceEndpoint(stack, 'S3', { vpc, service: S3, privateDnsOnlyForInboundResolverEndpoint: true });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      DnsOptions: { PrivateDnsOnlyForInboundResolverEndpoint: 'OnlyInboundResolver' },
    });
  });

  const interfaceOf = (stack: Stack) => Object.values(Template.fromStack(stack).findResources('AWS::EC2::VPCEndpoint', {
    Properties: { VpcEndpointType: 'Interface' },
  }))[0] as any;

  test.each(STACK_KINDS)('depends on the S3 gateway endpoint of the VPC, so CloudFormation creates it first and deletes it last (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = newVpc(stack);
    const gateway = new GatewayEndpoint(stack, 'S3Gateway', { vpc, service: ec2.GatewayVpcEndpointAwsService.S3 });

    // WHEN
    new InterfaceEndpoint(stack, 'S3', { vpc, service: S3, privateDnsOnlyForInboundResolverEndpoint: true });

    // THEN
    expect(interfaceOf(stack).DependsOn).toEqual([stack.getLogicalId(gateway.node.defaultChild as ec2.CfnVPCEndpoint)]);
  });

  test.each(STACK_KINDS)('depends on the S3 gateway endpoint named in s3GatewayEndpoint (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = newVpc(stack);
    const gateway = vpc.addGatewayEndpoint('S3Gateway', { service: ec2.GatewayVpcEndpointAwsService.S3 });

    // WHEN
    new InterfaceEndpoint(stack, 'S3', { vpc, service: S3, privateDnsOnlyForInboundResolverEndpoint: true, s3GatewayEndpoint: gateway });

    // THEN
    expect(interfaceOf(stack).DependsOn).toEqual([stack.getLogicalId(gateway.node.defaultChild as ec2.CfnVPCEndpoint)]);
  });

  test('a named S3 gateway endpoint in another stack makes this stack depend on that one', () => {
    // GIVEN
    const network = envStack('Network');
    const vpc = newVpc(network);
    const gateway = vpc.addGatewayEndpoint('S3Gateway', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    const root = network.node.root as App;
    const app = new Stack(root, 'App', { env: { account: network.account, region: network.region } });

    // WHEN
    new InterfaceEndpoint(app, 'S3', { vpc, service: S3, privateDnsOnlyForInboundResolverEndpoint: true, s3GatewayEndpoint: gateway });

    // THEN
    expect(root.synth().getStackByName('App').dependencies.map(d => d.id)).toContain('Network');
  });

  test.each(STACK_KINDS)('fails when s3GatewayEndpoint is a DynamoDB gateway endpoint (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = newVpc(stack);
    const dynamo = vpc.addGatewayEndpoint('DynamoDb', { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB });

    // WHEN / THEN
    expect(errorMessageOf(() => new InterfaceEndpoint(stack, 'S3', {
      vpc, service: S3, privateDnsOnlyForInboundResolverEndpoint: true, s3GatewayEndpoint: dynamo,
    }))).toMatch(/^s3GatewayEndpoint is a gateway endpoint for 'com\.amazonaws\.(us-east-1|\$\{AWS::Region\})\.dynamodb', not Amazon S3/);
  });

  test.each(STACK_KINDS)('fails when s3GatewayEndpoint is in another VPC (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = newVpc(stack);
    const other = newVpc(stack, {}, 'OtherVpc');
    const gateway = other.addGatewayEndpoint('S3Gateway', { service: ec2.GatewayVpcEndpointAwsService.S3 });

    // WHEN / THEN
    expect(errorMessageOf(() => new InterfaceEndpoint(stack, 'S3', {
      vpc, service: S3, privateDnsOnlyForInboundResolverEndpoint: true, s3GatewayEndpoint: gateway,
    }))).toBe("s3GatewayEndpoint Stack/OtherVpc/S3Gateway is in VPC '${OtherVpc58B0D868}' but this endpoint is in VPC "
      + "'${Vpc8378EB38}'; the S3 gateway endpoint must be in the same VPC");
  });

  test('passes with an imported S3 gateway endpoint named in s3GatewayEndpoint', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack);
    const gateway = GatewayEndpoint.fromGatewayEndpointId(stack, 'S3Gateway', 'vpce-0123456789abcdef0');

    // WHEN
    new InterfaceEndpoint(stack, 'S3', { vpc, service: S3, privateDnsOnlyForInboundResolverEndpoint: true, s3GatewayEndpoint: gateway });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      DnsOptions: { PrivateDnsOnlyForInboundResolverEndpoint: 'OnlyInboundResolver' },
    });
  });

  test.each(STACK_KINDS)('fails at synth when the S3 gateway endpoint has a different dnsRecordIpType (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = newDualStackVpc(stack);
    new GatewayEndpoint(stack, 'S3Gateway', {
      vpc,
      service: ec2.GatewayVpcEndpointAwsService.S3,
      ipAddressType: ec2.VpcEndpointIpAddressType.DUALSTACK,
      dnsRecordIpType: ec2.VpcEndpointDnsRecordIpType.DUALSTACK,
    });

    // WHEN
    new InterfaceEndpoint(stack, 'S3', { vpc, service: S3, privateDnsOnlyForInboundResolverEndpoint: true });

    // THEN
    expect(errorMessageOf(() => Template.fromStack(stack)))
      .toMatch(/privateDnsOnlyForInboundResolverEndpoint: the S3 gateway endpoint's dnsRecordIpType 'dualstack' must match this endpoint's 'ipv4'/);
  });

  test('passes when the S3 gateway endpoint has the same dnsRecordIpType', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack);
    new GatewayEndpoint(stack, 'S3Gateway', {
      vpc, service: ec2.GatewayVpcEndpointAwsService.S3, dnsRecordIpType: ec2.VpcEndpointDnsRecordIpType.IPV4,
    });

    // WHEN
    new InterfaceEndpoint(stack, 'S3', { vpc, service: S3, privateDnsOnlyForInboundResolverEndpoint: true });

    // THEN
    Template.fromStack(stack).resourceCountIs('AWS::EC2::VPCEndpoint', 2);
  });

  test('passes when the S3 gateway endpoint is service-defined', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newDualStackVpc(stack);
    new GatewayEndpoint(stack, 'S3Gateway', {
      vpc, service: ec2.GatewayVpcEndpointAwsService.S3, dnsRecordIpType: ec2.VpcEndpointDnsRecordIpType.SERVICE_DEFINED,
    });

    // WHEN
    new InterfaceEndpoint(stack, 'S3', {
      vpc, service: S3, ipAddressType: ec2.VpcEndpointIpAddressType.DUALSTACK, privateDnsOnlyForInboundResolverEndpoint: true,
    });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Interface',
      DnsOptions: { PrivateDnsOnlyForInboundResolverEndpoint: 'OnlyInboundResolver' },
    });
  });
});

describe('InterfaceEndpoint cross-Region', () => {
  test.each(STACK_KINDS)('fails for an AWS service without cross-Region support (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = newVpc(stack);

    // WHEN / THEN
    expect(errorMessageOf(() => new InterfaceEndpoint(stack, 'Sqs', {
      vpc, service: ec2.InterfaceVpcEndpointAwsService.SQS, serviceRegion: 'us-west-2',
    })))
      .toMatch(/serviceRegion is 'us-west-2' but sqs does not support cross-Region endpoints/);
  });

  test('accepts ecs-fips in another Region', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack);

    // WHEN
    new InterfaceEndpoint(stack, 'EcsFips', {
      vpc, service: new ec2.InterfaceVpcEndpointAwsService('ecs-fips'), serviceRegion: 'us-west-2',
    });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      ServiceName: 'com.amazonaws.us-west-2.ecs-fips', ServiceRegion: 'us-west-2',
    });
  });

  test('accepts serviceRegion equal to the stack\'s own Region for any service, without the cross-Region warning', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack);

    // WHEN
    new InterfaceEndpoint(stack, 'Sqs', { vpc, service: ec2.InterfaceVpcEndpointAwsService.SQS, serviceRegion: 'us-east-1' });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', { ServiceName: 'com.amazonaws.us-east-1.sqs' });
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('crossRegion'));
  });

  test('names the AWS service after the service Region', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack);

    // WHEN
    const endpoint = kmsEndpoint(stack, vpc, { serviceRegion: 'us-west-2' });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      ServiceName: 'com.amazonaws.us-west-2.kms',
      ServiceRegion: 'us-west-2',
      PrivateDnsEnabled: true,
    });
    expect(endpoint.serviceName).toBe('com.amazonaws.us-west-2.kms');
  });

  test('uses the global service name for IAM', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack);

    // WHEN
    new InterfaceEndpoint(stack, 'Iam', { vpc, service: ec2.InterfaceVpcEndpointAwsService.IAM, serviceRegion: 'us-west-2' });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      ServiceName: 'com.amazonaws.iam',
      ServiceRegion: 'us-west-2',
    });
  });

  test('warns about Regional DNS and vpce:AllowMultiRegion', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack);

    // WHEN
    kmsEndpoint(stack, vpc, { serviceRegion: 'us-west-2' });

    // THEN
    Annotations.fromStack(stack).hasWarning('/Stack/Kms', Match.stringLikeRegexp('cdk-privatelink:InterfaceEndpoint\\.crossRegion'));
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('vpce:AllowMultiRegion'));
  });

  test('no cross-Region warning without serviceRegion', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack);

    // WHEN
    kmsEndpoint(stack, vpc);

    // THEN
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('crossRegion'));
  });

  test('accepts an endpoint service in another Region and keeps its name', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack);

    // WHEN
    new InterfaceEndpoint(stack, 'Partner', {
      vpc, service: new ec2.InterfaceVpcEndpointService(ENDPOINT_SERVICE_NAME, 443), serviceRegion: 'us-west-2',
    });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      ServiceName: ENDPOINT_SERVICE_NAME,
      ServiceRegion: 'us-west-2',
    });
  });

  test.each(STACK_KINDS)('fails when a subnet is in Availability Zone id use1-az3 (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = newVpc(stack);
    const subnet = new ec2.Subnet(stack, 'Az3', { vpcId: vpc.vpcId, availabilityZone: vpc.availabilityZones[0], cidrBlock: '10.0.100.0/24' });
    const cfn = subnet.node.defaultChild as ec2.CfnSubnet;
    cfn.availabilityZone = undefined;
    cfn.availabilityZoneId = 'use1-az3';

    // WHEN / THEN
    expect(errorMessageOf(() => kmsEndpoint(stack, vpc, { subnets: { subnets: [subnet] }, serviceRegion: 'us-west-2' })))
      .toMatch(/serviceRegion is set but subnets include Availability Zone id 'use1-az3'/);
  });

  test('a subnet in use1-az3 is fine without serviceRegion', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack);
    const subnet = new ec2.Subnet(stack, 'Az3', { vpcId: vpc.vpcId, availabilityZone: 'us-east-1a', cidrBlock: '10.0.100.0/24' });
    const cfn = subnet.node.defaultChild as ec2.CfnSubnet;
    cfn.availabilityZone = undefined;
    cfn.availabilityZoneId = 'use1-az3';

    // WHEN
    kmsEndpoint(stack, vpc, { subnets: { subnets: [subnet] } });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', { SubnetIds: [stack.resolve(subnet.subnetId)] });
  });

  test('skips the cross-Region rules when serviceRegion is a token', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack);
    const region = new CfnParameter(stack, 'ServiceRegion', { type: 'String' }).valueAsString;

    // WHEN
    new InterfaceEndpoint(stack, 'Sqs', { vpc, service: ec2.InterfaceVpcEndpointAwsService.SQS, serviceRegion: region });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      ServiceName: 'com.amazonaws.us-east-1.sqs',
      ServiceRegion: { Ref: 'ServiceRegion' },
    });
  });
});

describe('InterfaceEndpoint policy', () => {
  test('renders EndpointPolicy.allowAccounts as the PolicyDocument', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack);

    // WHEN
    kmsEndpoint(stack, vpc, { policy: EndpointPolicy.allowAccounts(['111111111111'], { actions: ['kms:Decrypt'] }) });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      PolicyDocument: {
        Statement: [Match.objectLike({
          Effect: 'Allow',
          Principal: '*',
          Action: 'kms:Decrypt',
          Resource: '*',
          Condition: { StringEquals: { 'aws:PrincipalAccount': ['111111111111'] } },
        })],
      },
    });
  });

  test.each(STACK_KINDS)('fails when a statement without a principal is added through addToPolicy (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = newVpc(stack);
    const endpoint = kmsEndpoint(stack, vpc);

    // WHEN / THEN: the library's message, naming the method, before aws-cdk-lib's own
    expect(errorMessageOf(() => endpoint.addToPolicy(new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: ['*'] }))))
      .toMatch(/^addToPolicy statement 1 has no Principal; endpoint policies need a Principal in every statement/);
  });

  test.each(STACK_KINDS)('fails naming policy when a policy statement has no Principal (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = newVpc(stack);
    const policy = EndpointPolicy.fromStatements([
      new iam.PolicyStatement({ principals: [new iam.StarPrincipal()], actions: ['kms:Decrypt'], resources: ['*'] }),
      new iam.PolicyStatement({ sid: 'NoOne', actions: ['kms:Encrypt'], resources: ['*'] }),
    ]);

    // WHEN / THEN
    expect(errorMessageOf(() => kmsEndpoint(stack, vpc, { policy })))
      .toBe("policy statement 2 (Sid 'NoOne') has no Principal; endpoint policies need a Principal in every statement: "
        + 'use principals: [new iam.StarPrincipal()] and narrow with conditions, or EndpointPolicy.allowAccounts()');
  });

  test.each(STACK_KINDS)('fails naming policy when a policy condition matches aws:SourceVpce with a wildcard (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = newVpc(stack);
    const policy = EndpointPolicy.fromStatements([new iam.PolicyStatement({
      principals: [new iam.StarPrincipal()],
      actions: ['kms:Decrypt'],
      resources: ['*'],
      conditions: { StringLike: { 'aws:SourceVpce': 'vpce-1*' } },
    })]);

    // WHEN / THEN: at construction, naming the prop (statements added later are checked at synth)
    expect(errorMessageOf(() => kmsEndpoint(stack, vpc, { policy })))
      .toBe("policy: endpoint policy statement 1 condition key aws:SourceVpce cannot be used with a wildcard ('vpce-1*'); "
        + 'system-generated identifiers must be matched exactly');
  });

  test.each(STACK_KINDS)('fails at synth when the policy document loses its principal through the escape hatch (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = newVpc(stack);
    const endpoint = kmsEndpoint(stack, vpc);

    // WHEN
    (endpoint.node.defaultChild as ec2.CfnVPCEndpoint).policyDocument = {
      Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }],
    };

    // THEN
    expect(errorMessageOf(() => Template.fromStack(stack))).toMatch(/endpoint policy statement 1 has no Principal/);
  });

  test.each(STACK_KINDS)('fails at synth when a statement added later uses a wildcard on aws:PrincipalAccount (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = newVpc(stack);
    const endpoint = kmsEndpoint(stack, vpc);

    // WHEN
    endpoint.addToPolicy(new iam.PolicyStatement({
      principals: [new iam.StarPrincipal()],
      actions: ['kms:Decrypt'],
      resources: ['*'],
      conditions: { StringLike: { 'aws:PrincipalAccount': '1111111*' } },
    }));

    // THEN
    expect(errorMessageOf(() => Template.fromStack(stack))).toMatch(/aws:PrincipalAccount cannot be used with a wildcard/);
  });

  test.each(STACK_KINDS)('fails at synth when the final policy can exceed 20,480 characters once deployed (%s)', (kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = newVpc(stack);
    const endpoint = kmsEndpoint(stack, vpc);

    // WHEN: 400 key ARNs in the stack's partition, Region and account
    endpoint.addToPolicy(new iam.PolicyStatement({
      principals: [new iam.StarPrincipal()],
      actions: ['kms:Decrypt'],
      resources: Array.from({ length: 400 }, (_, i) => stack.formatArn({ service: 'kms', resource: 'key', resourceName: `key-${i}` })),
    }));

    // THEN
    expect(() => Template.fromStack(stack)).toThrow(kind === 'with env'
      ? /endpoint policy (is|can reach) \d+ characters.*the limit is 20480/
      : /endpoint policy can reach \d+ characters once deployed \(an upper bound/);
  });

  test('accepts a named principal on an interface endpoint', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack);

    // WHEN
    kmsEndpoint(stack, vpc, {
      policy: EndpointPolicy.fromStatements([new iam.PolicyStatement({
        principals: [new iam.AccountPrincipal('111111111111')], actions: ['kms:Decrypt'], resources: ['*'],
      })]),
    });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      PolicyDocument: { Statement: [Match.objectLike({ Principal: { AWS: Match.anyValue() } })] },
    });
  });
});

describe('InterfaceEndpoint quota', () => {
  test('warns at the 51st interface endpoint in one VPC', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack);
    for (let i = 0; i < 50; i++) kmsEndpoint(stack, vpc, {}, `Kms${i}`);

    // WHEN
    kmsEndpoint(stack, vpc, {}, 'Kms50');

    // THEN
    const annotations = Annotations.fromStack(stack);
    annotations.hasWarning('/Stack/Kms50', Match.stringLikeRegexp('cdk-privatelink:InterfaceEndpoint\\.quotaExceeded'));
    expect(annotations.findWarning('*', Match.stringLikeRegexp('quotaExceeded'))).toHaveLength(1);
  });

  test('does not warn at 50 interface endpoints in one VPC', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack);

    // WHEN
    for (let i = 0; i < 50; i++) kmsEndpoint(stack, vpc, {}, `Kms${i}`);

    // THEN
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('quotaExceeded'));
  });

  test('counts each VPC separately', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack);
    const other = newVpc(stack, {}, 'Other');
    for (let i = 0; i < 50; i++) kmsEndpoint(stack, vpc, {}, `Kms${i}`);

    // WHEN
    kmsEndpoint(stack, other, {}, 'OtherKms');

    // THEN
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('quotaExceeded'));
  });
});

describe('InterfaceEndpoint metrics', () => {
  test('metricActiveConnections uses AWS/PrivateLinkEndpoints with the endpoint dimensions and Average', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack);
    const endpoint = kmsEndpoint(stack, vpc);

    // WHEN
    const metric = endpoint.metricActiveConnections();

    // THEN
    expect(metric.namespace).toBe('AWS/PrivateLinkEndpoints');
    expect(metric.metricName).toBe('ActiveConnections');
    expect(metric.statistic).toBe('Average');
    expect(metric.period.toSeconds()).toBe(60);
    expect(stack.resolve(metric.dimensions)).toEqual({
      'Endpoint Type': 'Interface',
      'Service Name': 'com.amazonaws.us-east-1.kms',
      'VPC Endpoint Id': { Ref: endpointLogicalId(endpoint) },
      'VPC Id': stack.resolve(vpc.vpcId),
    });
  });

  test.each([
    ['metricBytesProcessed', 'BytesProcessed'],
    ['metricNewConnections', 'NewConnections'],
    ['metricPacketsDropped', 'PacketsDropped'],
    ['metricRstPacketsReceived', 'RstPacketsReceived'],
  ] as const)('%s is %s with Sum', (method, metricName) => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack);
    const endpoint = kmsEndpoint(stack, vpc);

    // WHEN
    const metric = endpoint[method]();

    // THEN
    expect(metric.namespace).toBe('AWS/PrivateLinkEndpoints');
    expect(metric.metricName).toBe(metricName);
    expect(metric.statistic).toBe('Sum');
    expect(stack.resolve(metric.dimensions)).toEqual(expect.objectContaining({
      'Endpoint Type': 'Interface',
      'VPC Endpoint Id': { Ref: endpointLogicalId(endpoint) },
    }));
  });

  test('metric options and extra dimensions are applied', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack);
    const endpoint = kmsEndpoint(stack, vpc);

    // WHEN
    const metric = endpoint.metric('ActiveConnections', {
      statistic: 'Maximum', period: Duration.minutes(5), dimensionsMap: { 'Subnet Id': 'subnet-0000000000000000a' },
    });

    // THEN
    expect(metric.statistic).toBe('Maximum');
    expect(metric.period.toMinutes()).toBe(5);
    expect(stack.resolve(metric.dimensions)).toEqual(expect.objectContaining({
      'Subnet Id': 'subnet-0000000000000000a',
      'Endpoint Type': 'Interface',
    }));
  });

  test('a cross-Region endpoint names the remote service in its metrics', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack);
    const endpoint = kmsEndpoint(stack, vpc, { serviceRegion: 'us-west-2' });

    // WHEN
    const metric = endpoint.metricBytesProcessed();

    // THEN
    expect(stack.resolve(metric.dimensions)['Service Name']).toBe('com.amazonaws.us-west-2.kms');
  });
});

describe('InterfaceEndpoint import', () => {
  test('fromInterfaceEndpointAttributes returns an endpoint with the given id', () => {
    // GIVEN
    const stack = envStack();

    // WHEN
    const endpoint = InterfaceEndpoint.fromInterfaceEndpointAttributes(stack, 'Imported', {
      vpcEndpointId: 'vpce-0123456789abcdef0',
      port: 443,
      securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-0123456789abcdef0')],
    });

    // THEN
    expect(endpoint.vpcEndpointId).toBe('vpce-0123456789abcdef0');
    expect(endpoint.connections.defaultPort?.toString()).toBe('443');
  });
});
