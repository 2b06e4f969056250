import { Fn, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { PrivateDnsPreference } from '../../src/endpoints/lattice-endpoint-base';
import { ResourceEndpoint } from '../../src/endpoints/resource-endpoint';
import { ServiceNetworkEndpoint, ServiceNetworkEndpointProps } from '../../src/endpoints/service-network-endpoint';
import { acknowledgeVpcFlowLogs, agnosticStack, envStack, errorMessageOf, isolatedVpc, STACK_KINDS } from '../fixtures';
import { expectCleanSynth } from '../harness';

const SN_ARN = 'arn:aws:vpc-lattice:us-east-1:111111111111:servicenetwork/sn-0123456789abcdef0';
const RCFG_ARN = 'arn:aws:vpc-lattice:us-east-1:111111111111:resourceconfiguration/rcfg-0123456789abcdef0';

function newEndpoint(stack: Stack, vpc: ec2.IVpc, props: Partial<ServiceNetworkEndpointProps> = {}, id = 'Network'): ServiceNetworkEndpoint {
  return new ServiceNetworkEndpoint(stack, id, { vpc, serviceNetworkArn: SN_ARN, ...props });
}

describe('ServiceNetworkEndpoint', () => {
  describe('defaults', () => {
    test('renders a ServiceNetwork endpoint for the service network with private DNS for verified domains only', () => {
      // GIVEN
      const stack = envStack();
      const vpc = isolatedVpc(stack);

      // WHEN
      newEndpoint(stack, vpc);

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
        VpcEndpointType: 'ServiceNetwork',
        ServiceNetworkArn: SN_ARN,
        ResourceConfigurationArn: Match.absent(),
        ServiceName: Match.absent(),
        VpcId: stack.resolve(vpc.vpcId),
        SubnetIds: vpc.isolatedSubnets.map(s => stack.resolve(s.subnetId)),
        PrivateDnsEnabled: true,
        DnsOptions: { PrivateDnsPreference: 'VERIFIED_DOMAINS_ONLY', PrivateDnsSpecifiedDomains: Match.absent() },
      });
    });

    test('creates a dedicated security group allowing all TCP from the VPC CIDR and no egress', () => {
      // GIVEN
      const stack = envStack();
      const vpc = isolatedVpc(stack);

      // WHEN
      const endpoint = newEndpoint(stack, vpc);

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroup', {
        SecurityGroupIngress: [{ CidrIp: '10.0.0.0/16', IpProtocol: 'tcp', FromPort: 0, ToPort: 65535, Description: Match.anyValue() }],
        SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' })],
      });
      Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
        SecurityGroupIds: [stack.resolve(endpoint.securityGroup!.securityGroupId)],
      });
    });

    test('exposes the service network ARN and endpoint id', () => {
      // GIVEN
      const stack = envStack();
      const vpc = isolatedVpc(stack);

      // WHEN
      const endpoint = newEndpoint(stack, vpc);

      // THEN
      expect(endpoint.serviceNetworkArn).toBe(SN_ARN);
      expect(stack.resolve(endpoint.vpcEndpointId)).toEqual({ Ref: stack.resolve(endpoint.endpoint.logicalId) });
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

  describe('serviceNetworkArn', () => {
    test.each(STACK_KINDS)('fails with a resource configuration ARN (%s)', (_kind, newStack) => {
      // GIVEN
      const stack = newStack();
      const vpc = isolatedVpc(stack);

      // WHEN / THEN
      expect(errorMessageOf(() => newEndpoint(stack, vpc, { serviceNetworkArn: RCFG_ARN })))
        .toMatch(/serviceNetworkArn must be a VPC Lattice servicenetwork ARN, got '.*resourceconfiguration\/rcfg-0123456789abcdef0'/);
    });

    test.each(STACK_KINDS)('fails with a service network id instead of an ARN (%s)', (_kind, newStack) => {
      // GIVEN
      const stack = newStack();
      const vpc = isolatedVpc(stack);

      // WHEN / THEN
      expect(errorMessageOf(() => newEndpoint(stack, vpc, { serviceNetworkArn: 'sn-0123456789abcdef0' })))
        .toMatch(/serviceNetworkArn must be a VPC Lattice servicenetwork ARN/);
    });

    test('accepts a token ARN', () => {
      // GIVEN
      const stack = envStack();
      const vpc = isolatedVpc(stack);

      // WHEN
      newEndpoint(stack, vpc, { serviceNetworkArn: Fn.importValue('ServiceNetworkArn') });

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
        ServiceNetworkArn: { 'Fn::ImportValue': 'ServiceNetworkArn' },
      });
    });
  });

  describe('subnet size', () => {
    test('warns for /28 subnets', () => {
      // GIVEN
      const stack = envStack();
      const vpc = isolatedVpc(stack, { cidrMask: 28 });

      // WHEN
      newEndpoint(stack, vpc);

      // THEN
      const annotations = Annotations.fromStack(stack);
      annotations.hasWarning('/Stack/Network', Match.stringLikeRegexp('cdk-privatelink:ServiceNetworkEndpoint.smallSubnet'));
      annotations.hasWarning('*', Match.stringLikeRegexp('is 10\\.0\\.0\\.0/28; a service-network endpoint takes a contiguous /28 .* use subnets of /26 or larger'));
    });

    test('warns for an imported /28 subnet', () => {
      // GIVEN
      const stack = envStack();
      const vpc = isolatedVpc(stack);
      const subnet = ec2.Subnet.fromSubnetAttributes(stack, 'Imported', {
        subnetId: 'subnet-0123456789abcdef0', availabilityZone: 'us-east-1a', ipv4CidrBlock: '10.0.200.0/28',
      });

      // WHEN
      newEndpoint(stack, vpc, { subnets: { subnets: [subnet] } });

      // THEN
      Annotations.fromStack(stack).hasWarning('*',
        Match.stringLikeRegexp('subnet subnet-0123456789abcdef0 is 10\\.0\\.200\\.0/28.*ServiceNetworkEndpoint.smallSubnet'));
    });

    test('warns for /27 subnets: room for two /28 blocks only', () => {
      // GIVEN
      const stack = envStack();
      const vpc = isolatedVpc(stack, { cidrMask: 27 });

      // WHEN
      newEndpoint(stack, vpc);

      // THEN
      Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('is 10\\.0\\.0\\.0/27;.*ServiceNetworkEndpoint.smallSubnet'));
    });

    test('does not warn for /26 subnets', () => {
      // GIVEN
      const stack = envStack();
      const vpc = isolatedVpc(stack, { cidrMask: 26 });

      // WHEN
      newEndpoint(stack, vpc);

      // THEN
      Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('smallSubnet'));
    });

    test('does not warn for /24 subnets', () => {
      // GIVEN
      const stack = envStack();
      const vpc = isolatedVpc(stack, { cidrMask: 24 });

      // WHEN
      newEndpoint(stack, vpc);

      // THEN
      Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('smallSubnet'));
    });

    test('does not warn for resource endpoints in /28 subnets', () => {
      // GIVEN
      const stack = envStack();
      const vpc = isolatedVpc(stack, { cidrMask: 28 });

      // WHEN
      new ResourceEndpoint(stack, 'Database', { vpc, resourceConfigurationArn: RCFG_ARN });

      // THEN
      Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('smallSubnet'));
    });
  });

  describe('rules shared with resource endpoints', () => {
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
      expect(errorMessageOf(() => newEndpoint(stack, vpc, { ports: [ec2.Port.allTraffic()] }))).toMatch(/ports contains 'ALL TRAFFIC'/);
    });

    test('narrows ingress to the given TCP ports', () => {
      // GIVEN
      const stack = envStack();
      const vpc = isolatedVpc(stack);

      // WHEN
      newEndpoint(stack, vpc, { ports: [ec2.Port.tcp(443), ec2.Port.tcp(5432)] });

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroup', {
        SecurityGroupIngress: [
          Match.objectLike({ CidrIp: '10.0.0.0/16', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }),
          Match.objectLike({ CidrIp: '10.0.0.0/16', IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432 }),
        ],
      });
    });

    test.each(STACK_KINDS)('fails with allowedPeers open to any IPv4 address (%s)', (_kind, newStack) => {
      // GIVEN
      const stack = newStack();
      const vpc = isolatedVpc(stack);

      // WHEN / THEN
      expect(errorMessageOf(() => newEndpoint(stack, vpc, { allowedPeers: [ec2.Peer.anyIpv4()] })))
        .toMatch(/allowedPeers cannot contain '0\.0\.0\.0\/0'/);
    });

    test.each(STACK_KINDS)('fails with two subnets in the same Availability Zone (%s)', (kind, newStack) => {
      // GIVEN: both subnets of the second Availability Zone of the VPC (a name, or AZ[1] without env)
      const stack = newStack();
      const vpc = isolatedVpc(stack, {
        subnetConfiguration: [
          { name: 'endpoints', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
          { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
        ],
      });

      // WHEN / THEN
      expect(errorMessageOf(() => newEndpoint(stack, vpc, {
        subnets: { subnets: vpc.selectSubnets({ availabilityZones: [vpc.availabilityZones[1]] }).subnets },
      })))
        .toMatch(kind === 'with env'
          ? /subnets selects two subnets in Availability Zone 'us-east-1b'/
          : /subnets selects two subnets in Availability Zone 'AZ\[1\]'/);
    });

    test.each(STACK_KINDS)('fails with ipAddressType dualstack on IPv4-only subnets (%s)', (_kind, newStack) => {
      // GIVEN
      const stack = newStack();
      const vpc = isolatedVpc(stack);

      // WHEN / THEN
      expect(errorMessageOf(() => newEndpoint(stack, vpc, { ipAddressType: ec2.VpcEndpointIpAddressType.DUALSTACK })))
        .toMatch(/ipAddressType is 'dualstack'/);
    });

    test.each(STACK_KINDS)('fails with private DNS on a VPC with DNS hostnames disabled (%s)', (_kind, newStack) => {
      // GIVEN
      const stack = newStack();
      const vpc = isolatedVpc(stack, { cidrMask: 24, enableDnsHostnames: false });

      // WHEN / THEN
      expect(errorMessageOf(() => newEndpoint(stack, vpc)))
        .toMatch(/privateDnsEnabled is true \(the default\) but the VPC has DNS hostnames disabled/);
    });

    test('renders VERIFIED_DOMAINS_AND_SPECIFIED_DOMAINS with its domains', () => {
      // GIVEN
      const stack = envStack();
      const vpc = isolatedVpc(stack);

      // WHEN
      newEndpoint(stack, vpc, {
        privateDnsPreference: PrivateDnsPreference.VERIFIED_DOMAINS_AND_SPECIFIED_DOMAINS,
        privateDnsSpecifiedDomains: ['*.example.com'],
      });

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
        DnsOptions: { PrivateDnsPreference: 'VERIFIED_DOMAINS_AND_SPECIFIED_DOMAINS', PrivateDnsSpecifiedDomains: ['*.example.com'] },
      });
    });
  });

  describe('fromServiceNetworkEndpointAttributes', () => {
    test('gives the endpoint id and connections through the given security groups', () => {
      // GIVEN
      const stack = envStack();
      const sg = ec2.SecurityGroup.fromSecurityGroupId(stack, 'EndpointSg', 'sg-0123456789abcdef0');

      // WHEN
      const imported = ServiceNetworkEndpoint.fromServiceNetworkEndpointAttributes(stack, 'Imported', {
        vpcEndpointId: 'vpce-0123456789abcdef0',
        securityGroups: [sg],
      });

      // THEN
      expect(imported.vpcEndpointId).toBe('vpce-0123456789abcdef0');
      expect(imported.connections.securityGroups).toEqual([sg]);
    });
  });

  describe('quota', () => {
    /** Endpoints sharing one given security group and subnet, so the loop stays fast. */
    function addEndpoints(stack: Stack, vpc: ec2.IVpc, count: number): void {
      const sg = ec2.SecurityGroup.fromSecurityGroupId(stack, 'SharedSg', 'sg-0123456789abcdef0');
      for (let i = 0; i < count; i++) {
        newEndpoint(stack, vpc, {
          serviceNetworkArn: `arn:aws:vpc-lattice:us-east-1:111111111111:servicenetwork/sn-${i.toString(16).padStart(17, '0')}`,
          securityGroups: [sg],
          subnets: { availabilityZones: ['us-east-1a'] },
        }, `Network${i}`);
      }
    }

    test('warns at service-network endpoint number 51 in a VPC', () => {
      // GIVEN
      const stack = envStack();
      const vpc = isolatedVpc(stack);

      // WHEN
      addEndpoints(stack, vpc, 51);

      // THEN
      const annotations = Annotations.fromStack(stack);
      annotations.hasWarning('/Stack/Network50', Match.stringLikeRegexp('cdk-privatelink:ServiceNetworkEndpoint.quotaExceeded'));
      annotations.hasWarning('*', Match.stringLikeRegexp('The VPC now has 51 service-network endpoints, more than the default quota of 50 per VPC'));
      expect(annotations.findWarning('*', Match.stringLikeRegexp('quotaExceeded'))).toHaveLength(1);
    });

    test('does not warn at 50 service-network endpoints in a VPC', () => {
      // GIVEN
      const stack = envStack();
      const vpc = isolatedVpc(stack);

      // WHEN
      addEndpoints(stack, vpc, 50);

      // THEN
      Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('quotaExceeded'));
    });

    test('counts service-network endpoints apart from resource endpoints', () => {
      // GIVEN
      const stack = envStack();
      const vpc = isolatedVpc(stack);
      const sg = ec2.SecurityGroup.fromSecurityGroupId(stack, 'ResourceSg', 'sg-0fedcba9876543210');
      for (let i = 0; i < 10; i++) {
        new ResourceEndpoint(stack, `Resource${i}`, {
          vpc,
          resourceConfigurationArn: `${RCFG_ARN}${i}`,
          securityGroups: [sg],
          subnets: { availabilityZones: ['us-east-1a'] },
        });
      }

      // WHEN
      addEndpoints(stack, vpc, 50);

      // THEN
      Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('quotaExceeded'));
    });
  });
});
