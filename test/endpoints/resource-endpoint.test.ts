import { Fn, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lattice from 'aws-cdk-lib/aws-vpclattice';
import { PrivateDnsPreference } from '../../src/endpoints/lattice-endpoint-base';
import { ResourceEndpoint, ResourceEndpointProps } from '../../src/endpoints/resource-endpoint';
import { acknowledgeVpcFlowLogs, agnosticStack, envStack, errorMessageOf, isolatedVpc, STACK_KINDS } from '../fixtures';
import { expectCleanSynth } from '../harness';

const RCFG_ARN = 'arn:aws:vpc-lattice:us-east-1:111111111111:resourceconfiguration/rcfg-0123456789abcdef0';

function newEndpoint(stack: Stack, vpc: ec2.IVpc, props: Partial<ResourceEndpointProps> = {}, id = 'Database'): ResourceEndpoint {
  return new ResourceEndpoint(stack, id, { vpc, resourceConfigurationArn: RCFG_ARN, ...props });
}

function endpointProperties(stack: Stack): any {
  const endpoints = Object.values(Template.fromStack(stack).findResources('AWS::EC2::VPCEndpoint'));
  expect(endpoints).toHaveLength(1);
  return (endpoints[0] as any).Properties;
}

describe('ResourceEndpoint', () => {
  describe('defaults', () => {
    test('renders a Resource endpoint for the resource configuration with private DNS for verified domains only', () => {
      // GIVEN
      const stack = envStack();
      const vpc = isolatedVpc(stack);

      // WHEN
      newEndpoint(stack, vpc);

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
        VpcEndpointType: 'Resource',
        ResourceConfigurationArn: RCFG_ARN,
        ServiceName: Match.absent(),
        ServiceNetworkArn: Match.absent(),
        PrivateDnsEnabled: true,
        DnsOptions: { PrivateDnsPreference: 'VERIFIED_DOMAINS_ONLY', PrivateDnsSpecifiedDomains: Match.absent() },
        IpAddressType: Match.absent(),
      });
    });

    test('places one subnet in each Availability Zone', () => {
      // GIVEN
      const stack = envStack();
      const vpc = isolatedVpc(stack);

      // WHEN
      const endpoint = newEndpoint(stack, vpc);

      // THEN
      expect(endpointProperties(stack).SubnetIds).toEqual(vpc.isolatedSubnets.map(s => stack.resolve(s.subnetId)));
      expect(endpoint.subnets.map(s => s.availabilityZone)).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
    });

    test('picks one subnet per Availability Zone when the VPC has several subnet groups', () => {
      // GIVEN
      const stack = envStack();
      const vpc = isolatedVpc(stack, {
        subnetConfiguration: [
          { name: 'endpoints', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
          { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
        ],
      });

      // WHEN
      newEndpoint(stack, vpc);

      // THEN
      expect(endpointProperties(stack).SubnetIds).toHaveLength(3);
    });

    test('creates a dedicated security group allowing all TCP from the VPC CIDR and no egress', () => {
      // GIVEN
      const stack = envStack();
      const vpc = isolatedVpc(stack);

      // WHEN
      const endpoint = newEndpoint(stack, vpc);

      // THEN
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::EC2::SecurityGroup', 1);
      template.hasResourceProperties('AWS::EC2::SecurityGroup', {
        VpcId: stack.resolve(vpc.vpcId),
        SecurityGroupIngress: [{ CidrIp: '10.0.0.0/16', IpProtocol: 'tcp', FromPort: 0, ToPort: 65535, Description: Match.anyValue() }],
        SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' })],
      });
      expect(endpointProperties(stack).SecurityGroupIds).toEqual([stack.resolve(endpoint.securityGroup!.securityGroupId)]);
      expect(endpoint.connections.securityGroups).toEqual([endpoint.securityGroup]);
    });

    test('exposes the endpoint attributes', () => {
      // GIVEN
      const stack = envStack();
      const vpc = isolatedVpc(stack);

      // WHEN
      const endpoint = newEndpoint(stack, vpc);

      // THEN
      const logicalId = stack.resolve(endpoint.endpoint.logicalId);
      expect(endpoint.resourceConfigurationArn).toBe(RCFG_ARN);
      expect(stack.resolve(endpoint.vpcEndpointId)).toEqual({ Ref: logicalId });
      expect(stack.resolve(endpoint.dnsEntries)).toEqual({ 'Fn::GetAtt': [logicalId, 'DnsEntries'] });
      expect(stack.resolve(endpoint.networkInterfaceIds)).toEqual({ 'Fn::GetAtt': [logicalId, 'NetworkInterfaceIds'] });
    });

    test('passes the template-quality checks', () => {
      // GIVEN: an environment-agnostic stack, so no Availability Zone is hardcoded in the template
      const stack = agnosticStack();
      const vpc = isolatedVpc(stack);
      acknowledgeVpcFlowLogs(vpc);

      // WHEN
      newEndpoint(stack, vpc);

      // THEN
      expect(expectCleanSynth(stack).failures).toEqual([]);
    });
  });

  describe('security groups', () => {
    test('ports narrows the dedicated security group ingress', () => {
      // GIVEN
      const stack = envStack();
      const vpc = isolatedVpc(stack);

      // WHEN
      newEndpoint(stack, vpc, { ports: [ec2.Port.tcp(5432)] });

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroup', {
        SecurityGroupIngress: [{ CidrIp: '10.0.0.0/16', IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, Description: Match.anyValue() }],
      });
    });

    test('allowedPeers replaces the VPC CIDR', () => {
      // GIVEN
      const stack = envStack();
      const vpc = isolatedVpc(stack);

      // WHEN
      newEndpoint(stack, vpc, { allowedPeers: [ec2.Peer.ipv4('10.0.1.0/24'), ec2.Peer.ipv4('192.168.0.0/16')], ports: [ec2.Port.tcp(5432)] });

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroup', {
        SecurityGroupIngress: [
          Match.objectLike({ CidrIp: '10.0.1.0/24', FromPort: 5432, ToPort: 5432 }),
          Match.objectLike({ CidrIp: '192.168.0.0/16', FromPort: 5432, ToPort: 5432 }),
        ],
      });
    });

    test('uses the given security groups and creates no dedicated one', () => {
      // GIVEN
      const stack = envStack();
      const vpc = isolatedVpc(stack);
      const sg = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Given', 'sg-0123456789abcdef0');

      // WHEN
      const endpoint = newEndpoint(stack, vpc, { securityGroups: [sg] });

      // THEN
      Template.fromStack(stack).resourceCountIs('AWS::EC2::SecurityGroup', 0);
      expect(endpointProperties(stack).SecurityGroupIds).toEqual(['sg-0123456789abcdef0']);
      expect(endpoint.securityGroup).toBeUndefined();
      expect(endpoint.connections.securityGroups).toEqual([sg]);
    });

    test.each(STACK_KINDS)('fails with securityGroups and allowedPeers (%s)', (_kind, newStack) => {
      // GIVEN
      const stack = newStack();
      const vpc = isolatedVpc(stack);
      const sg = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Given', 'sg-0123456789abcdef0');

      // WHEN / THEN
      expect(errorMessageOf(() => newEndpoint(stack, vpc, { securityGroups: [sg], allowedPeers: [ec2.Peer.ipv4('10.0.1.0/24')] })))
        .toMatch(/allowedPeers and ports only shape the dedicated security group; with securityGroups given/);
    });

    test.each(STACK_KINDS)('fails with securityGroups and ports (%s)', (_kind, newStack) => {
      // GIVEN
      const stack = newStack();
      const vpc = isolatedVpc(stack);
      const sg = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Given', 'sg-0123456789abcdef0');

      // WHEN / THEN
      expect(errorMessageOf(() => newEndpoint(stack, vpc, { securityGroups: [sg], ports: [ec2.Port.tcp(5432)] })))
        .toMatch(/allowedPeers and ports only shape the dedicated security group; with securityGroups given/);
    });

    test.each(STACK_KINDS)('fails with a UDP port (%s)', (_kind, newStack) => {
      // GIVEN
      const stack = newStack();
      const vpc = isolatedVpc(stack);

      // WHEN / THEN
      expect(errorMessageOf(() => newEndpoint(stack, vpc, { ports: [ec2.Port.udp(53)] }))).toMatch(/ports contains 'UDP 53'.*TCP traffic only/);
    });

    test.each(STACK_KINDS)('fails with all traffic (%s)', (_kind, newStack) => {
      // GIVEN
      const stack = newStack();
      const vpc = isolatedVpc(stack);

      // WHEN / THEN
      expect(errorMessageOf(() => newEndpoint(stack, vpc, { ports: [ec2.Port.tcp(443), ec2.Port.allTraffic()] })))
        .toMatch(/ports contains 'ALL TRAFFIC'/);
    });

    test.each(STACK_KINDS)('fails with allowedPeers open to any IPv4 address (%s)', (_kind, newStack) => {
      // GIVEN
      const stack = newStack();
      const vpc = isolatedVpc(stack);

      // WHEN / THEN
      expect(errorMessageOf(() => newEndpoint(stack, vpc, { allowedPeers: [ec2.Peer.anyIpv4()] })))
        .toMatch(/allowedPeers cannot contain '0\.0\.0\.0\/0'/);
    });

    test.each(STACK_KINDS)('fails with allowedPeers open to any IPv6 address (%s)', (_kind, newStack) => {
      // GIVEN
      const stack = newStack();
      const vpc = isolatedVpc(stack);

      // WHEN / THEN
      expect(errorMessageOf(() => newEndpoint(stack, vpc, { allowedPeers: [ec2.Peer.anyIpv6()] }))).toMatch(/allowedPeers cannot contain '::\/0'/);
    });

    test.each(STACK_KINDS)('fails with empty allowedPeers (%s)', (_kind, newStack) => {
      // GIVEN
      const stack = newStack();
      const vpc = isolatedVpc(stack);

      // WHEN / THEN
      expect(errorMessageOf(() => newEndpoint(stack, vpc, { allowedPeers: [] }))).toMatch(/allowedPeers is empty/);
    });
  });

  test.each(STACK_KINDS)('fails naming allowedPeers for a VPC imported without vpcCidrBlock (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
      vpcId: 'vpc-0123456789abcdef0',
      availabilityZones: ['us-east-1a', 'us-east-1b'],
      isolatedSubnetIds: ['subnet-0000000000000000a', 'subnet-0000000000000000b'],
    });

    // WHEN / THEN
    expect(errorMessageOf(() => newEndpoint(stack, vpc)))
      .toMatch(/^allowedPeers is not set and the VPC Stack\/Imported was imported without vpcCidrBlock/);
  });

  describe('placement', () => {
    test.each(STACK_KINDS)('fails with two subnets in the same Availability Zone (%s)', (kind, newStack) => {
      // GIVEN: both subnets of the first Availability Zone of the VPC (a name, or AZ[0] without env)
      const stack = newStack();
      const vpc = isolatedVpc(stack, {
        subnetConfiguration: [
          { name: 'endpoints', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
          { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
        ],
      });
      const sameAz = vpc.selectSubnets({ availabilityZones: [vpc.availabilityZones[0]] }).subnets;
      expect(sameAz).toHaveLength(2);

      // WHEN / THEN
      expect(errorMessageOf(() => newEndpoint(stack, vpc, { subnets: { subnets: sameAz } })))
        .toMatch(kind === 'with env'
          ? /subnets selects two subnets in Availability Zone 'us-east-1a'/
          : /subnets selects two subnets in Availability Zone 'AZ\[0\]'/);
    });

    test('uses the given subnets', () => {
      // GIVEN
      const stack = envStack();
      const vpc = isolatedVpc(stack);

      // WHEN
      newEndpoint(stack, vpc, { subnets: { availabilityZones: ['us-east-1b'] } });

      // THEN
      expect(endpointProperties(stack).SubnetIds).toEqual([stack.resolve(vpc.isolatedSubnets[1].subnetId)]);
    });

    test('passes dualstack through on dual-stack subnets', () => {
      // GIVEN
      const stack = envStack();
      const vpc = isolatedVpc(stack, { ipProtocol: ec2.IpProtocol.DUAL_STACK });

      // WHEN
      newEndpoint(stack, vpc, { ipAddressType: ec2.VpcEndpointIpAddressType.DUALSTACK });

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Resource', IpAddressType: 'dualstack' });
    });

    test.each(STACK_KINDS)('fails with ipAddressType dualstack on IPv4-only subnets (%s)', (_kind, newStack) => {
      // GIVEN
      const stack = newStack();
      const vpc = isolatedVpc(stack);

      // WHEN / THEN
      expect(errorMessageOf(() => newEndpoint(stack, vpc, { ipAddressType: ec2.VpcEndpointIpAddressType.DUALSTACK })))
        .toMatch(/ipAddressType is 'dualstack' but subnet .* lacks an IPv6 range/);
    });

    test.each(STACK_KINDS)('fails with ipAddressType ipv6 on dual-stack subnets (%s)', (_kind, newStack) => {
      // GIVEN
      const stack = newStack();
      const vpc = isolatedVpc(stack, { ipProtocol: ec2.IpProtocol.DUAL_STACK });

      // WHEN / THEN
      expect(errorMessageOf(() => newEndpoint(stack, vpc, { ipAddressType: ec2.VpcEndpointIpAddressType.IPV6 })))
        .toMatch(/ipAddressType is 'ipv6' but subnet .* is not IPv6-only/);
    });
  });

  describe('private DNS', () => {
    test.each(STACK_KINDS)('fails by default on a VPC with DNS hostnames disabled (%s)', (_kind, newStack) => {
      // GIVEN
      const stack = newStack();
      const vpc = isolatedVpc(stack, { enableDnsHostnames: false });

      // WHEN / THEN
      expect(errorMessageOf(() => newEndpoint(stack, vpc)))
        .toMatch(/privateDnsEnabled is true \(the default\) but the VPC has DNS hostnames disabled/);
    });

    test.each(STACK_KINDS)('fails on a VPC with DNS support disabled (%s)', (_kind, newStack) => {
      // GIVEN
      const stack = newStack();
      const vpc = isolatedVpc(stack, { enableDnsSupport: false, enableDnsHostnames: false });

      // WHEN / THEN
      expect(errorMessageOf(() => newEndpoint(stack, vpc, { privateDnsEnabled: true })))
        .toMatch(/privateDnsEnabled is true but the VPC has DNS support and DNS hostnames disabled/);
    });

    test('privateDnsEnabled false works on a VPC with DNS hostnames disabled and renders no DnsOptions', () => {
      // GIVEN
      const stack = envStack();
      const vpc = isolatedVpc(stack, { enableDnsHostnames: false });

      // WHEN
      newEndpoint(stack, vpc, { privateDnsEnabled: false });

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
        VpcEndpointType: 'Resource',
        PrivateDnsEnabled: false,
        DnsOptions: Match.absent(),
      });
    });

    test('renders PrivateDnsSpecifiedDomains with SPECIFIED_DOMAINS_ONLY', () => {
      // GIVEN
      const stack = envStack();
      const vpc = isolatedVpc(stack);

      // WHEN
      newEndpoint(stack, vpc, {
        privateDnsPreference: PrivateDnsPreference.SPECIFIED_DOMAINS_ONLY,
        privateDnsSpecifiedDomains: ['db.example.com', '*.example.org'],
      });

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
        PrivateDnsEnabled: true,
        DnsOptions: {
          PrivateDnsPreference: 'SPECIFIED_DOMAINS_ONLY',
          PrivateDnsSpecifiedDomains: ['db.example.com', '*.example.org'],
        },
      });
    });

    test('renders ALL_DOMAINS without domains', () => {
      // GIVEN
      const stack = envStack();
      const vpc = isolatedVpc(stack);

      // WHEN
      newEndpoint(stack, vpc, { privateDnsPreference: PrivateDnsPreference.ALL_DOMAINS });

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
        DnsOptions: { PrivateDnsPreference: 'ALL_DOMAINS', PrivateDnsSpecifiedDomains: Match.absent() },
      });
    });

    test.each(STACK_KINDS)('fails with SPECIFIED_DOMAINS_ONLY without domains (%s)', (_kind, newStack) => {
      // GIVEN
      const stack = newStack();
      const vpc = isolatedVpc(stack);

      // WHEN / THEN
      expect(errorMessageOf(() => newEndpoint(stack, vpc, { privateDnsPreference: PrivateDnsPreference.SPECIFIED_DOMAINS_ONLY })))
        .toMatch(/privateDnsPreference 'SPECIFIED_DOMAINS_ONLY' needs privateDnsSpecifiedDomains/);
    });

    test.each(STACK_KINDS)('fails with VERIFIED_DOMAINS_AND_SPECIFIED_DOMAINS and an empty domain list (%s)', (_kind, newStack) => {
      // GIVEN
      const stack = newStack();
      const vpc = isolatedVpc(stack);

      // WHEN / THEN
      expect(errorMessageOf(() => newEndpoint(stack, vpc, {
        privateDnsPreference: PrivateDnsPreference.VERIFIED_DOMAINS_AND_SPECIFIED_DOMAINS,
        privateDnsSpecifiedDomains: [],
      }))).toMatch(/privateDnsPreference 'VERIFIED_DOMAINS_AND_SPECIFIED_DOMAINS' needs privateDnsSpecifiedDomains/);
    });

    test.each(STACK_KINDS)('fails with domains and VERIFIED_DOMAINS_ONLY (%s)', (_kind, newStack) => {
      // GIVEN
      const stack = newStack();
      const vpc = isolatedVpc(stack);

      // WHEN / THEN
      expect(errorMessageOf(() => newEndpoint(stack, vpc, {
        privateDnsPreference: PrivateDnsPreference.VERIFIED_DOMAINS_ONLY,
        privateDnsSpecifiedDomains: ['db.example.com'],
      }))).toMatch(/privateDnsSpecifiedDomains is only used with .* got privateDnsPreference 'VERIFIED_DOMAINS_ONLY'/);
    });

    test.each(STACK_KINDS)('fails with domains and the default preference (%s)', (_kind, newStack) => {
      // GIVEN
      const stack = newStack();
      const vpc = isolatedVpc(stack);

      // WHEN / THEN
      expect(errorMessageOf(() => newEndpoint(stack, vpc, { privateDnsSpecifiedDomains: ['db.example.com'] })))
        .toMatch(/privateDnsSpecifiedDomains is only used with/);
    });

    test.each(STACK_KINDS)('fails with a preference and privateDnsEnabled false (%s)', (_kind, newStack) => {
      // GIVEN
      const stack = newStack();
      const vpc = isolatedVpc(stack);

      // WHEN / THEN
      expect(errorMessageOf(() => newEndpoint(stack, vpc, { privateDnsEnabled: false, privateDnsPreference: PrivateDnsPreference.ALL_DOMAINS })))
        .toMatch(/privateDnsPreference and privateDnsSpecifiedDomains need privateDnsEnabled: true/);
    });

    test.each(STACK_KINDS)('fails with domains and privateDnsEnabled false (%s)', (_kind, newStack) => {
      // GIVEN
      const stack = newStack();
      const vpc = isolatedVpc(stack);

      // WHEN / THEN
      expect(errorMessageOf(() => newEndpoint(stack, vpc, { privateDnsEnabled: false, privateDnsSpecifiedDomains: ['db.example.com'] })))
        .toMatch(/privateDnsSpecifiedDomains need privateDnsEnabled: true/);
    });
  });

  describe('resourceConfigurationArn', () => {
    test.each(STACK_KINDS)('fails with a service network ARN (%s)', (_kind, newStack) => {
      // GIVEN
      const stack = newStack();
      const vpc = isolatedVpc(stack);

      // WHEN / THEN
      expect(errorMessageOf(() => newEndpoint(stack, vpc, {
        resourceConfigurationArn: 'arn:aws:vpc-lattice:us-east-1:111111111111:servicenetwork/sn-1',
      })))
        .toMatch(/resourceConfigurationArn must be a VPC Lattice resourceconfiguration ARN, got 'arn:aws:vpc-lattice:.*servicenetwork\/sn-1'/);
    });

    test.each(STACK_KINDS)('fails with an ARN of another service (%s)', (_kind, newStack) => {
      // GIVEN
      const stack = newStack();
      const vpc = isolatedVpc(stack);

      // WHEN / THEN
      expect(errorMessageOf(() => newEndpoint(stack, vpc, {
        resourceConfigurationArn: 'arn:aws:ec2:us-east-1:111111111111:resourceconfiguration/rcfg-1',
      })))
        .toMatch(/resourceConfigurationArn must be a VPC Lattice resourceconfiguration ARN/);
    });

    test.each(STACK_KINDS)('fails with something that is not an ARN (%s)', (_kind, newStack) => {
      // GIVEN
      const stack = newStack();
      const vpc = isolatedVpc(stack);

      // WHEN / THEN
      expect(errorMessageOf(() => newEndpoint(stack, vpc, { resourceConfigurationArn: 'rcfg-0123456789abcdef0' })))
        .toMatch(/resourceConfigurationArn must be a VPC Lattice resourceconfiguration ARN/);
    });

    test('accepts an ARN in another partition', () => {
      // GIVEN
      const stack = envStack();
      const vpc = isolatedVpc(stack);
      const arn = 'arn:aws-us-gov:vpc-lattice:us-gov-west-1:111111111111:resourceconfiguration/rcfg-0123456789abcdef0';

      // WHEN
      newEndpoint(stack, vpc, { resourceConfigurationArn: arn });

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', { ResourceConfigurationArn: arn });
    });

    test.each(STACK_KINDS)('fails with a service network ARN built by formatArn, a token without env (%s)', (_kind, newStack) => {
      // GIVEN
      const stack = newStack();
      const vpc = isolatedVpc(stack);
      const arn = stack.formatArn({ service: 'vpc-lattice', resource: 'servicenetwork', resourceName: 'sn-0123456789abcdef0' });

      // WHEN / THEN
      expect(errorMessageOf(() => newEndpoint(stack, vpc, { resourceConfigurationArn: arn })))
        .toMatch(/^resourceConfigurationArn must be a VPC Lattice resourceconfiguration ARN, got 'arn:.*:vpc-lattice:.*:servicenetwork\/sn-0123456789abcdef0'/);
    });

    test.each(STACK_KINDS)('fails with the ARN of a service network defined in the app (%s)', (_kind, newStack) => {
      // GIVEN
      const stack = newStack();
      const vpc = isolatedVpc(stack);
      const network = new lattice.CfnServiceNetwork(stack, 'Network', { name: 'apps' });

      // WHEN / THEN
      expect(errorMessageOf(() => newEndpoint(stack, vpc, { resourceConfigurationArn: network.attrArn })))
        .toBe('resourceConfigurationArn must be a VPC Lattice resourceconfiguration ARN, got the Arn of Stack/Network '
          + "(AWS::VpcLattice::ServiceNetwork); expected e.g. 'arn:aws:vpc-lattice:us-east-1:111111111111:resourceconfiguration/rcfg-0123456789abcdef0'");
    });

    test.each(STACK_KINDS)('accepts the ARN of a resource configuration defined in the app or built by formatArn (%s)', (_kind, newStack) => {
      // GIVEN
      const stack = newStack();
      const vpc = isolatedVpc(stack);
      const config = new lattice.CfnResourceConfiguration(stack, 'Config', { name: 'db', resourceConfigurationType: 'SINGLE' });
      const built = stack.formatArn({ service: 'vpc-lattice', resource: 'resourceconfiguration', resourceName: 'rcfg-0123456789abcdef0' });

      // WHEN
      newEndpoint(stack, vpc, { resourceConfigurationArn: config.attrArn }, 'FromApp');
      newEndpoint(stack, vpc, { resourceConfigurationArn: built }, 'Built');

      // THEN
      Template.fromStack(stack).resourcePropertiesCountIs('AWS::EC2::VPCEndpoint', {
        ResourceConfigurationArn: { 'Fn::GetAtt': [stack.getLogicalId(config), 'Arn'] },
      }, 1);
      Template.fromStack(stack).resourcePropertiesCountIs('AWS::EC2::VPCEndpoint', { ResourceConfigurationArn: stack.resolve(built) }, 1);
    });

    test('accepts a token ARN', () => {
      // GIVEN
      const stack = envStack();
      const vpc = isolatedVpc(stack);

      // WHEN
      newEndpoint(stack, vpc, { resourceConfigurationArn: Fn.importValue('DatabaseResourceConfigurationArn') });

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
        ResourceConfigurationArn: { 'Fn::ImportValue': 'DatabaseResourceConfigurationArn' },
      });
    });
  });

  describe('fromResourceEndpointAttributes', () => {
    test('gives the endpoint id and connections through the given security groups', () => {
      // GIVEN
      const stack = envStack();
      const sg = ec2.SecurityGroup.fromSecurityGroupId(stack, 'EndpointSg', 'sg-0123456789abcdef0');

      // WHEN
      const imported = ResourceEndpoint.fromResourceEndpointAttributes(stack, 'Imported', {
        vpcEndpointId: 'vpce-0123456789abcdef0',
        securityGroups: [sg],
      });

      // THEN
      expect(imported.vpcEndpointId).toBe('vpce-0123456789abcdef0');
      expect(imported.connections.securityGroups).toEqual([sg]);
    });

    test('connections rules land on the imported security group', () => {
      // GIVEN
      const stack = envStack();
      const imported = ResourceEndpoint.fromResourceEndpointAttributes(stack, 'Imported', {
        vpcEndpointId: 'vpce-0123456789abcdef0',
        securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(stack, 'EndpointSg', 'sg-0123456789abcdef0')],
      });

      // WHEN
      imported.connections.allowFrom(ec2.Peer.ipv4('10.0.1.0/24'), ec2.Port.tcp(5432), 'app subnet');

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
        GroupId: 'sg-0123456789abcdef0',
        CidrIp: '10.0.1.0/24',
        IpProtocol: 'tcp',
        FromPort: 5432,
        ToPort: 5432,
      });
    });
  });

  describe('quota', () => {
    /** Endpoints sharing one given security group, so no per-endpoint security group slows the test down. */
    function addEndpoints(stack: Stack, vpc: ec2.IVpc, count: number): void {
      const sg = ec2.SecurityGroup.fromSecurityGroupId(stack, 'SharedSg', 'sg-0123456789abcdef0');
      for (let i = 0; i < count; i++) {
        newEndpoint(stack, vpc, {
          resourceConfigurationArn: `arn:aws:vpc-lattice:us-east-1:111111111111:resourceconfiguration/rcfg-${i.toString(16).padStart(17, '0')}`,
          securityGroups: [sg],
          subnets: { availabilityZones: ['us-east-1a'] },
        }, `Endpoint${i}`);
      }
    }

    test('warns at resource endpoint number 201 in a VPC', () => {
      // GIVEN
      const stack = envStack();
      const vpc = isolatedVpc(stack);

      // WHEN
      addEndpoints(stack, vpc, 201);

      // THEN
      const annotations = Annotations.fromStack(stack);
      annotations.hasWarning('/Stack/Endpoint200', Match.stringLikeRegexp('cdk-privatelink:ResourceEndpoint.quotaExceeded'));
      annotations.hasWarning('*', Match.stringLikeRegexp('The VPC now has 201 resource endpoints, more than the default quota of 200 per VPC'));
      expect(annotations.findWarning('*', Match.stringLikeRegexp('quotaExceeded'))).toHaveLength(1);
    });

    test('does not warn at 200 resource endpoints in a VPC', () => {
      // GIVEN
      const stack = envStack();
      const vpc = isolatedVpc(stack);

      // WHEN
      addEndpoints(stack, vpc, 200);

      // THEN
      Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('quotaExceeded'));
    });
  });
});
