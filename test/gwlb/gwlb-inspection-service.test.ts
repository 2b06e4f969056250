import { CfnResource, Duration, Fn, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import {
  ApplianceHealthCheck,
  ApplianceHealthCheckProtocol,
  ApplianceTargetFailover,
  ApplianceTargetType,
  GwlbInspectionService,
  GwlbInspectionServiceProps,
} from '../../src/gwlb/gwlb-inspection-service';
import { envStack, errorMessageOf, isolatedVpc, STACK_KINDS, TEST_ACCOUNT, TEST_AZS } from '../fixtures';

const SERVICE_ID = 'vpce-svc-0123456789abcdef0';
const SERVICE_NAME = `com.amazonaws.vpce.us-east-1.${SERVICE_ID}`;
const INSTANCE_A = 'i-0123456789abcdef0';
const INSTANCE_B = 'i-0fedcba9876543210';

/** The finding ids `acknowledgeGatewayLoadBalancerFindings()` acknowledges on the load balancer (no access logs). */
const ACCESS_LOG_FINDINGS = [
  'AwsSolutions::AwsSolutions-ELB2',
  'NIST.800.53.R5::NIST.800.53.R5-ELBLoggingEnabled',
  'HIPAA.Security::HIPAA.Security-ELBLoggingEnabled',
  'cdk-validator-cfnguard::elbv2_access_logs_enabled_check',
];

/** The finding ids `acknowledgeGatewayLoadBalancerFindings()` acknowledges on the listener (no certificate). */
const CERTIFICATE_FINDINGS = [
  'NIST.800.53.R5::NIST.800.53.R5-ELBv2ACMCertificateRequired',
  'HIPAA.Security::HIPAA.Security-ELBv2ACMCertificateRequired',
];

/**
 * The one VPC of a test stack: public subnets (never picked by default), then two isolated groups in every
 * Availability Zone, `gwlb` for the load balancer (first, so `onePerAz` picks it) and `appliances`.
 */
function newVpc(stack: Stack, props: Partial<ec2.VpcProps> = {}): ec2.Vpc {
  return isolatedVpc(stack, {
    subnetConfiguration: [
      { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
      { name: 'gwlb', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 28 },
      { name: 'appliances', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
    ],
    ...props,
  });
}

/** A dual-stack variant of `newVpc`. */
function newDualStackVpc(stack: Stack): ec2.Vpc {
  return newVpc(stack, { ipProtocol: ec2.IpProtocol.DUAL_STACK });
}

/** A service in `vpc` with the given props. */
function newService(stack: Stack, vpc: ec2.IVpc, props: Partial<GwlbInspectionServiceProps> = {}): GwlbInspectionService {
  return new GwlbInspectionService(stack, 'Inspection', { vpc, ...props });
}

/** The subnet refs of a subnet group, resolved, as the template writes them. */
function subnetRefs(stack: Stack, vpc: ec2.IVpc, subnetGroupName: string): unknown[] {
  return vpc.selectSubnets({ subnetGroupName }).subnetIds.map(id => stack.resolve(id));
}

/** `{ Ref: <logical id> }` of a resource. */
function refOf(resource: CfnResource): unknown {
  return Stack.of(resource).resolve(resource.ref);
}

/** A gateway-type load balancer made outside the service, in the `gwlb` subnets. */
function existingGatewayLoadBalancer(stack: Stack, vpc: ec2.IVpc, id = 'Gwlb'): elbv2.CfnLoadBalancer {
  return new elbv2.CfnLoadBalancer(stack, id, { type: 'gateway', subnets: vpc.selectSubnets({ subnetGroupName: 'gwlb' }).subnetIds });
}

/** An Auto Scaling group of appliances in the `appliances` subnets. */
function applianceGroup(stack: Stack, vpc: ec2.IVpc): autoscaling.AutoScalingGroup {
  return new autoscaling.AutoScalingGroup(stack, 'Appliances', {
    vpc,
    vpcSubnets: { subnetGroupName: 'appliances' },
    instanceType: new ec2.InstanceType('t3.micro'),
    machineImage: ec2.MachineImage.latestAmazonLinux2023(),
  });
}

/** Places every subnet of a group by AZ id instead of AZ name, the ids in subnet order. */
function placeByAzId(vpc: ec2.IVpc, subnetGroupName: string, azIds: string[]): void {
  vpc.selectSubnets({ subnetGroupName }).subnets.forEach((subnet, i) => {
    const cfn = subnet.node.defaultChild as ec2.CfnSubnet;
    cfn.availabilityZone = undefined;
    cfn.availabilityZoneId = azIds[i];
  });
}

/** The acknowledged findings recorded on a construct's own metadata, as `{ id: reason }`. */
function acknowledgedOn(construct: IConstruct): Record<string, string> {
  return Object.assign({}, ...construct.node.metadata
    .filter(m => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .map(m => m.data as Record<string, string>));
}

function resourceProperties(stack: Stack, type: string): any[] {
  return Object.values(Template.fromStack(stack).findResources(type)).map((r: any) => r.Properties);
}

describe('GwlbInspectionService', () => {
  describe.each(STACK_KINDS)('load balancer (%s)', (_kind, newStack) => {
    test('renders a gateway load balancer in one private subnet per AZ, IPv4, without cross-zone, without deletion protection', () => {
      // GIVEN
      const stack = newStack();
      const vpc = newVpc(stack);

      // WHEN
      const service = newService(stack, vpc);

      // THEN: onePerAz over the private subnets picks the first group (gwlb), never the public one
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 1);
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
        Type: 'gateway',
        Subnets: subnetRefs(stack, vpc, 'gwlb'),
        IpAddressType: 'ipv4',
        LoadBalancerAttributes: [
          { Key: 'load_balancing.cross_zone.enabled', Value: 'false' },
          { Key: 'deletion_protection.enabled', Value: 'false' },
        ],
        Scheme: Match.absent(),
        SecurityGroups: Match.absent(),
      });
      expect(service.loadBalancerSubnets).toEqual(vpc.selectSubnets({ subnetGroupName: 'gwlb' }).subnets);
      expect(service.loadBalancerSubnets).toHaveLength(vpc.availabilityZones.length);
    });

    test('exposes the load balancer and its ARN', () => {
      // GIVEN
      const stack = newStack();
      const vpc = newVpc(stack);

      // WHEN
      const service = newService(stack, vpc);

      // THEN
      expect(service.loadBalancer).toBeInstanceOf(elbv2.CfnLoadBalancer);
      expect(service.loadBalancer.node.path).toBe('Stack/Inspection/LoadBalancer');
      expect(stack.resolve(service.loadBalancerArn)).toEqual(refOf(service.loadBalancer));
    });

    test.each([ApplianceTargetFailover.REBALANCE, ApplianceTargetFailover.NO_REBALANCE])('targetFailover %s sets both failover attributes', failover => {
      // GIVEN
      const stack = newStack();
      const vpc = newVpc(stack);

      // WHEN
      newService(stack, vpc, { targetFailover: failover });

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
        TargetGroupAttributes: [
          { Key: 'deregistration_delay.timeout_seconds', Value: '300' },
          { Key: 'target_failover.on_deregistration', Value: failover },
          { Key: 'target_failover.on_unhealthy', Value: failover },
        ],
      });
    });

    test('crossZoneEnabled: true and deletionProtection: false render their attributes', () => {
      // GIVEN
      const stack = newStack();
      const vpc = newVpc(stack);

      // WHEN
      newService(stack, vpc, { crossZoneEnabled: true, deletionProtection: false });

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
        LoadBalancerAttributes: [
          { Key: 'load_balancing.cross_zone.enabled', Value: 'true' },
          { Key: 'deletion_protection.enabled', Value: 'false' },
        ],
      });
    });

    test('crossZoneEnabled: false and deletionProtection: true given explicitly render them', () => {
      // GIVEN
      const stack = newStack();
      const vpc = newVpc(stack);

      // WHEN
      newService(stack, vpc, { crossZoneEnabled: false, deletionProtection: true });

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
        LoadBalancerAttributes: [
          { Key: 'load_balancing.cross_zone.enabled', Value: 'false' },
          { Key: 'deletion_protection.enabled', Value: 'true' },
        ],
      });
    });

    test('loadBalancerSubnets places the load balancer in the selected subnets', () => {
      // GIVEN
      const stack = newStack();
      const vpc = newVpc(stack);

      // WHEN
      const service = newService(stack, vpc, { loadBalancerSubnets: { subnetGroupName: 'appliances' } });

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
        Subnets: subnetRefs(stack, vpc, 'appliances'),
      });
      expect(service.loadBalancerSubnets).toEqual(vpc.selectSubnets({ subnetGroupName: 'appliances' }).subnets);
    });

    test('loadBalancerSubnets may select fewer Availability Zones than the VPC has', () => {
      // GIVEN
      const stack = newStack();
      const vpc = newVpc(stack);
      const first = vpc.selectSubnets({ subnetGroupName: 'gwlb' }).subnets[0];

      // WHEN
      newService(stack, vpc, { loadBalancerSubnets: { subnets: [first] } });

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
        Subnets: [stack.resolve(first.subnetId)],
      });
    });

    test('ipAddressType IPV4 given explicitly renders ipv4', () => {
      // GIVEN
      const stack = newStack();
      const vpc = newVpc(stack);

      // WHEN
      newService(stack, vpc, { ipAddressType: elbv2.IpAddressType.IPV4 });

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { IpAddressType: 'ipv4' });
    });

    test('ipAddressType DUAL_STACK in a dual-stack VPC renders dualstack and keeps the service on ipv4', () => {
      // GIVEN
      const stack = newStack();
      const vpc = newDualStackVpc(stack);

      // WHEN
      const service = newService(stack, vpc, { ipAddressType: elbv2.IpAddressType.DUAL_STACK });

      // THEN: the appliances may stay IPv4-only, and the endpoint service only accepts what it is told to
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Type: 'gateway', IpAddressType: 'dualstack' });
      template.hasResourceProperties('AWS::EC2::VPCEndpointService', { SupportedIpAddressTypes: ['ipv4'] });
      expect(service.supportedIpAddressTypes).toEqual(['ipv4']);
    });
  });

  describe('target group', () => {
    test('renders a GENEVE target group on 6081 for instances with a TCP health check on port 80 every 10 s', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);

      // WHEN
      newService(stack, vpc);

      // THEN
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::ElasticLoadBalancingV2::TargetGroup', 1);
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
        Protocol: 'GENEVE',
        Port: 6081,
        VpcId: stack.resolve(vpc.vpcId),
        TargetType: 'instance',
        HealthCheckEnabled: true,
        HealthCheckProtocol: 'TCP',
        HealthCheckPort: '80',
        HealthCheckPath: Match.absent(),
        HealthCheckIntervalSeconds: 10,
        HealthCheckTimeoutSeconds: 5,
        HealthyThresholdCount: 3,
        UnhealthyThresholdCount: 3,
        TargetGroupAttributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '300' }],
        Targets: Match.absent(),
      });
    });

    test('exposes the target group and its ARN', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);

      // WHEN
      const service = newService(stack, vpc);

      // THEN
      expect(service.targetGroup).toBeInstanceOf(elbv2.CfnTargetGroup);
      expect(stack.resolve(service.targetGroupArn)).toEqual(refOf(service.targetGroup));
    });

    test('targetType INSTANCE given explicitly renders instance', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);

      // WHEN
      newService(stack, vpc, { targetType: ApplianceTargetType.INSTANCE });

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { TargetType: 'instance' });
    });

    test('targetType IP renders ip', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);

      // WHEN
      newService(stack, vpc, { targetType: ApplianceTargetType.IP });

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
        Protocol: 'GENEVE', Port: 6081, TargetType: 'ip',
      });
    });

    test('an explicit TCP health check renders no path', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);

      // WHEN
      newService(stack, vpc, { healthCheck: { protocol: ApplianceHealthCheckProtocol.TCP, port: 22 } });

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
        HealthCheckProtocol: 'TCP', HealthCheckPort: '22', HealthCheckPath: Match.absent(),
      });
    });

    test.each([ApplianceHealthCheckProtocol.HTTP, ApplianceHealthCheckProtocol.HTTPS])('a %s health check defaults to path / on port 80', (protocol) => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);

      // WHEN
      newService(stack, vpc, { healthCheck: { protocol } });

      // THEN: the other settings keep their defaults
      Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
        HealthCheckEnabled: true,
        HealthCheckProtocol: protocol,
        HealthCheckPort: '80',
        HealthCheckPath: '/',
        HealthCheckIntervalSeconds: 10,
        HealthCheckTimeoutSeconds: 5,
        HealthyThresholdCount: 3,
        UnhealthyThresholdCount: 3,
      });
    });

    test('renders a custom HTTPS health check: path, port, interval, timeout and thresholds', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);

      // WHEN
      newService(stack, vpc, {
        healthCheck: {
          protocol: ApplianceHealthCheckProtocol.HTTPS,
          port: 8443,
          path: '/healthz',
          interval: Duration.seconds(30),
          timeout: Duration.seconds(10),
          healthyThresholdCount: 2,
          unhealthyThresholdCount: 10,
        },
      });

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
        HealthCheckProtocol: 'HTTPS',
        HealthCheckPort: '8443',
        HealthCheckPath: '/healthz',
        HealthCheckIntervalSeconds: 30,
        HealthCheckTimeoutSeconds: 10,
        HealthyThresholdCount: 2,
        UnhealthyThresholdCount: 10,
      });
    });

    test('renders an HTTP health check with a custom path and a Duration in minutes', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);

      // WHEN
      newService(stack, vpc, { healthCheck: { protocol: ApplianceHealthCheckProtocol.HTTP, path: '/status', interval: Duration.minutes(1) } });

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
        HealthCheckProtocol: 'HTTP', HealthCheckPath: '/status', HealthCheckIntervalSeconds: 60, HealthCheckTimeoutSeconds: 5,
      });
    });

    test.each([
      ['the lowest', { port: 1, interval: Duration.seconds(5), timeout: Duration.seconds(2) }, '1', 5, 2],
      ['the highest', { port: 65535, interval: Duration.seconds(300), timeout: Duration.seconds(120) }, '65535', 300, 120],
    ] as const)('accepts %s port, interval and timeout', (_case, healthCheck, port, interval, timeout) => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);

      // WHEN
      newService(stack, vpc, { healthCheck });

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
        HealthCheckPort: port, HealthCheckIntervalSeconds: interval, HealthCheckTimeoutSeconds: timeout,
      });
    });

    test.each([
      [Duration.seconds(60), '60'],
      [Duration.minutes(2), '120'],
      [Duration.seconds(0), '0'],
    ])('deregistrationDelay %s renders its seconds', (deregistrationDelay, seconds) => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);

      // WHEN
      newService(stack, vpc, { deregistrationDelay });

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
        TargetGroupAttributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: seconds }],
      });
    });
  });

  describe('listener', () => {
    test('forwards everything to the target group, without port or protocol', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);

      // WHEN
      const service = newService(stack, vpc);

      // THEN
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 1);
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
        LoadBalancerArn: refOf(service.loadBalancer),
        DefaultActions: [{ Type: 'forward', TargetGroupArn: refOf(service.targetGroup) }],
        Port: Match.absent(),
        Protocol: Match.absent(),
        Certificates: Match.absent(),
      });
      expect(service.listener).toBeInstanceOf(elbv2.CfnListener);
    });
  });

  describe.each(STACK_KINDS)('an existing loadBalancer (%s)', (_kind, newStack) => {
    test('is used as it is: no load balancer and no listener of the construct', () => {
      // GIVEN
      const stack = newStack();
      const vpc = newVpc(stack);
      const gwlb = existingGatewayLoadBalancer(stack, vpc);

      // WHEN
      const service = newService(stack, vpc, { loadBalancer: gwlb });

      // THEN
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 1);
      template.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 0);
      expect(service.node.tryFindChild('LoadBalancer')).toBeUndefined();
      expect(service.node.tryFindChild('Listener')).toBeUndefined();
      expect(service.loadBalancer).toBe(gwlb);
      expect(service.listener).toBeUndefined();
      expect(stack.resolve(service.loadBalancerArn)).toEqual(refOf(gwlb));
    });

    test('is the load balancer of the endpoint service, with the target group still rendered', () => {
      // GIVEN
      const stack = newStack();
      const vpc = newVpc(stack);
      const gwlb = existingGatewayLoadBalancer(stack, vpc);

      // WHEN
      newService(stack, vpc, { loadBalancer: gwlb });

      // THEN
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::EC2::VPCEndpointService', { GatewayLoadBalancerArns: [refOf(gwlb)] });
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { Protocol: 'GENEVE', Port: 6081 });
    });

    test('leaves the load balancer subnets and Availability Zones empty unless availabilityZoneIds is given', () => {
      // GIVEN
      const stack = newStack();
      const vpc = newVpc(stack);

      // WHEN
      const plain = newService(stack, vpc, { loadBalancer: existingGatewayLoadBalancer(stack, vpc) });
      const withIds = new GwlbInspectionService(stack, 'WithIds', {
        vpc, loadBalancer: existingGatewayLoadBalancer(stack, vpc, 'Gwlb2'), availabilityZoneIds: ['use1-az1', 'use1-az2'],
      });

      // THEN
      expect(plain.loadBalancerSubnets).toEqual([]);
      expect(plain.availabilityZones).toEqual([]);
      expect(plain.availabilityZoneIds).toEqual([]);
      expect(withIds.availabilityZones).toEqual([]);
      expect(withIds.availabilityZoneIds).toEqual(['use1-az1', 'use1-az2']);
    });
  });

  describe.each(STACK_KINDS)('endpoint service (%s)', (_kind, newStack) => {
    test('renders a Gateway Load Balancer endpoint service that requires acceptance and accepts ipv4', () => {
      // GIVEN
      const stack = newStack();
      const vpc = newVpc(stack);

      // WHEN
      const service = newService(stack, vpc);

      // THEN
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::EC2::VPCEndpointService', 1);
      template.hasResourceProperties('AWS::EC2::VPCEndpointService', {
        GatewayLoadBalancerArns: [refOf(service.loadBalancer)],
        NetworkLoadBalancerArns: Match.absent(),
        AcceptanceRequired: true,
        SupportedIpAddressTypes: ['ipv4'],
      });
      expect(service.acceptanceRequired).toBe(true);
      expect(service.supportedIpAddressTypes).toEqual(['ipv4']);
    });

    test('acceptanceRequired: false renders false', () => {
      // GIVEN
      const stack = newStack();
      const vpc = newVpc(stack);

      // WHEN
      const service = newService(stack, vpc, { acceptanceRequired: false });

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpointService', { AcceptanceRequired: false });
      expect(service.acceptanceRequired).toBe(false);
    });

    test('supports ipv4 and ipv6 with a dual-stack load balancer in a dual-stack VPC', () => {
      // GIVEN
      const stack = newStack();
      const vpc = newDualStackVpc(stack);

      // WHEN
      const service = newService(stack, vpc, {
        ipAddressType: elbv2.IpAddressType.DUAL_STACK,
        supportedIpAddressTypes: [ec2.IpAddressType.IPV4, ec2.IpAddressType.IPV6],
      });

      // THEN
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::EC2::VPCEndpointService', { SupportedIpAddressTypes: ['ipv4', 'ipv6'] });
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { IpAddressType: 'dualstack' });
      expect(service.supportedIpAddressTypes).toEqual(['ipv4', 'ipv6']);
    });

    test('supports ipv6 only with a dual-stack load balancer', () => {
      // GIVEN
      const stack = newStack();
      const vpc = newDualStackVpc(stack);

      // WHEN
      newService(stack, vpc, { ipAddressType: elbv2.IpAddressType.DUAL_STACK, supportedIpAddressTypes: [ec2.IpAddressType.IPV6] });

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpointService', { SupportedIpAddressTypes: ['ipv6'] });
    });

    test('copies supportedIpAddressTypes, so changing the given array later changes nothing', () => {
      // GIVEN
      const stack = newStack();
      const vpc = newVpc(stack);
      const supportedIpAddressTypes = [ec2.IpAddressType.IPV4];

      // WHEN
      const service = newService(stack, vpc, { supportedIpAddressTypes });
      supportedIpAddressTypes.push(ec2.IpAddressType.IPV6);

      // THEN
      expect(service.supportedIpAddressTypes).toEqual(['ipv4']);
      Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpointService', { SupportedIpAddressTypes: ['ipv4'] });
    });

    test('node.defaultChild is the CfnVPCEndpointService', () => {
      // GIVEN
      const stack = newStack();
      const vpc = newVpc(stack);

      // WHEN
      const service = newService(stack, vpc);

      // THEN
      expect(service.node.defaultChild).toBe(service.endpointService);
      expect(service.endpointService).toBeInstanceOf(ec2.CfnVPCEndpointService);
    });

    test('serviceId is the Ref of the endpoint service and serviceName com.amazonaws.vpce.<region>.<id>', () => {
      // GIVEN
      const stack = newStack();
      const vpc = newVpc(stack);

      // WHEN
      const service = newService(stack, vpc);

      // THEN
      const ref = refOf(service.endpointService);
      expect(stack.resolve(service.serviceId)).toEqual(ref);
      expect(stack.resolve(service.serviceName)).toEqual({
        'Fn::Join': ['', ['com.amazonaws.vpce.', { Ref: 'AWS::Region' }, '.', ref]],
      });
    });

    test('account is the stack account', () => {
      // GIVEN
      const stack = newStack();
      const vpc = newVpc(stack);

      // WHEN
      const service = newService(stack, vpc);

      // THEN
      expect(stack.resolve(service.account)).toEqual(stack.resolve(stack.account));
    });
  });

  describe('account of an env stack', () => {
    test('is the literal account', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);

      // WHEN
      const service = newService(stack, vpc);

      // THEN
      expect(service.account).toBe(TEST_ACCOUNT);
    });
  });

  describe('permissions', () => {
    const rootOf = (account: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${account}:root`]] });

    test('renders no AllowedPrincipals while nobody is allowed', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);

      // WHEN
      const service = newService(stack, vpc);

      // THEN
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::EC2::VPCEndpointServicePermissions', 1);
      template.hasResourceProperties('AWS::EC2::VPCEndpointServicePermissions', {
        ServiceId: refOf(service.endpointService),
        AllowedPrincipals: Match.absent(),
      });
      expect(service.permissions).toBeInstanceOf(ec2.CfnVPCEndpointServicePermissions);
    });

    test('renders the allowedPrincipals prop', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);

      // WHEN
      newService(stack, vpc, {
        allowedPrincipals: [
          new iam.ArnPrincipal('arn:aws:iam::222222222222:role/Consumer'),
          new iam.ArnPrincipal('arn:aws:iam::333333333333:root'),
        ],
      });

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpointServicePermissions', {
        AllowedPrincipals: ['arn:aws:iam::222222222222:role/Consumer', 'arn:aws:iam::333333333333:root'],
      });
    });

    test('allowPrincipals() adds roots, roles and users after the prop principals', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);
      const service = newService(stack, vpc, { allowedPrincipals: [new iam.ArnPrincipal('arn:aws:iam::222222222222:root')] });

      // WHEN
      service.allowPrincipals(
        new iam.ArnPrincipal('arn:aws:iam::333333333333:user/ops'),
        new iam.ArnPrincipal('arn:aws-us-gov:iam::444444444444:role/path/Inspector'),
      );

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpointServicePermissions', {
        AllowedPrincipals: [
          'arn:aws:iam::222222222222:root',
          'arn:aws:iam::333333333333:user/ops',
          'arn:aws-us-gov:iam::444444444444:role/path/Inspector',
        ],
      });
    });

    test('allowAccount() allows the account root in the stack partition and returns true', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);
      const service = newService(stack, vpc);

      // WHEN
      const result = service.allowAccount('222222222222');

      // THEN
      expect(result).toBe(true);
      Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpointServicePermissions', {
        AllowedPrincipals: [rootOf('222222222222')],
      });
    });

    test('allowAccount() accepts a token account', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);
      const service = newService(stack, vpc);

      // WHEN
      service.allowAccount(Fn.importValue('ConsumerAccount'));

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpointServicePermissions', {
        AllowedPrincipals: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { 'Fn::ImportValue': 'ConsumerAccount' }, ':root']] }],
      });
    });

    test('de-duplicates principals given twice, literal or token, by prop, allowPrincipals() or allowAccount()', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);
      const role = 'arn:aws:iam::222222222222:role/Consumer';
      const service = newService(stack, vpc, { allowedPrincipals: [new iam.ArnPrincipal(role), new iam.ArnPrincipal(role)] });

      // WHEN
      service.allowPrincipals(new iam.ArnPrincipal(role));
      service.allowAccount('333333333333');
      service.allowAccount('333333333333');
      service.allowPrincipals(new iam.AccountPrincipal('333333333333'));

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpointServicePermissions', {
        AllowedPrincipals: [role, rootOf('333333333333')],
      });
    });

    test('allowAllPrincipals: true adds *', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);

      // WHEN
      newService(stack, vpc, { allowAllPrincipals: true });

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpointServicePermissions', { AllowedPrincipals: ['*'] });
    });

    test('allowAllPrincipals: true accepts an explicit * once, next to other principals', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);
      const service = newService(stack, vpc, { allowAllPrincipals: true, allowedPrincipals: [new iam.ArnPrincipal('*')] });

      // WHEN
      service.allowPrincipals(new iam.ArnPrincipal('*'));
      service.allowAccount('222222222222');

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpointServicePermissions', {
        AllowedPrincipals: ['*', rootOf('222222222222')],
      });
    });
  });

  describe('targets', () => {
    test('addInstanceTargets renders the instances on port 6081', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);
      const service = newService(stack, vpc);

      // WHEN
      service.addInstanceTargets(INSTANCE_A);
      service.addInstanceTargets(INSTANCE_B, 'i-01234567');

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
        TargetType: 'instance',
        Targets: [{ Id: INSTANCE_A, Port: 6081 }, { Id: INSTANCE_B, Port: 6081 }, { Id: 'i-01234567', Port: 6081 }],
      });
    });

    test('addInstanceTargets accepts a token instance id', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);
      const service = newService(stack, vpc);

      // WHEN
      service.addInstanceTargets(Fn.importValue('ApplianceId'));

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
        Targets: [{ Id: { 'Fn::ImportValue': 'ApplianceId' }, Port: 6081 }],
      });
    });

    test('addIpTargets renders the addresses on port 6081', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);
      const service = newService(stack, vpc, { targetType: ApplianceTargetType.IP });

      // WHEN
      service.addIpTargets('10.0.1.10', '10.0.2.10');

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
        TargetType: 'ip',
        Targets: [{ Id: '10.0.1.10', Port: 6081 }, { Id: '10.0.2.10', Port: 6081 }],
      });
    });

    test('addAutoScalingGroup puts the target group ARN in the group\'s TargetGroupARNs', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);
      const service = newService(stack, vpc);
      const group = applianceGroup(stack, vpc);

      // WHEN
      service.addAutoScalingGroup(group);

      // THEN: the group registers its instances itself; the target group lists none
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', { TargetGroupARNs: [refOf(service.targetGroup)] });
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { Targets: Match.absent() });
    });
  });

  describe('availability zones', () => {
    test('names the zones of the load balancer subnets, without ids, for subnets placed by name', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);

      // WHEN
      const service = newService(stack, vpc);

      // THEN
      expect(service.availabilityZones).toEqual([...TEST_AZS]);
      expect(service.availabilityZoneIds).toEqual([]);
    });

    test('takes the AZ ids of subnets placed by AZ id, and no names for them', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);
      placeByAzId(vpc, 'gwlb', ['use1-az1', 'use1-az2', 'use1-az4']);

      // WHEN
      const service = newService(stack, vpc);

      // THEN
      expect(service.availabilityZoneIds).toEqual(['use1-az1', 'use1-az2', 'use1-az4']);
      expect(service.availabilityZones).toEqual([]);
      const subnets = resourceProperties(stack, 'AWS::EC2::Subnet').filter(p => p.AvailabilityZoneId !== undefined);
      expect(subnets.map(p => p.AvailabilityZoneId)).toEqual(['use1-az1', 'use1-az2', 'use1-az4']);
      expect(subnets.every(p => p.AvailabilityZone === undefined)).toBe(true);
    });

    test('keeps the names of subnets placed by name next to the ids of subnets placed by id', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);
      const [first, second] = vpc.selectSubnets({ subnetGroupName: 'gwlb' }).subnets;
      const cfn = first.node.defaultChild as ec2.CfnSubnet;
      cfn.availabilityZone = undefined;
      cfn.availabilityZoneId = 'use1-az1';

      // WHEN
      const service = newService(stack, vpc, { loadBalancerSubnets: { subnets: [first, second] } });

      // THEN
      expect(service.availabilityZoneIds).toEqual(['use1-az1']);
      expect(service.availabilityZones).toEqual(['us-east-1b']);
    });

    test('availabilityZoneIds publishes the given ids, over ids taken from the subnets', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);
      placeByAzId(vpc, 'gwlb', ['use1-az1', 'use1-az2', 'use1-az4']);

      // WHEN
      const service = newService(stack, vpc, { availabilityZoneIds: ['use1-az6', 'use1-az5'] });

      // THEN
      expect(service.availabilityZoneIds).toEqual(['use1-az6', 'use1-az5']);
      expect(service.availabilityZones).toEqual([]);
    });

    test('availabilityZoneIds is kept next to the zone names of subnets placed by name', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);

      // WHEN
      const service = newService(stack, vpc, { availabilityZoneIds: ['use1-az1', 'use1-az2', 'use1-az4'] });

      // THEN
      expect(service.availabilityZoneIds).toEqual(['use1-az1', 'use1-az2', 'use1-az4']);
      expect(service.availabilityZones).toEqual([...TEST_AZS]);
    });

    test('availabilityZoneIds accepts ids of other partitions and a token', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);
      const token = Fn.importValue('AzId');

      // WHEN
      const service = newService(stack, vpc, { availabilityZoneIds: ['usgw1-az1', 'apne1-az4', 'cnn1-az1', token] });

      // THEN
      expect(service.availabilityZoneIds).toEqual(['usgw1-az1', 'apne1-az4', 'cnn1-az1', token]);
    });
  });

  describe('metrics', () => {
    function metricsService(): [Stack, GwlbInspectionService] {
      const stack = envStack();
      return [stack, newService(stack, newVpc(stack))];
    }

    test('metric() is any AWS/PrivateLinkServices metric for the Service Id, Average over one minute', () => {
      // GIVEN
      const [stack, service] = metricsService();

      // WHEN
      const metric = service.metric('Custom');

      // THEN
      expect(metric.namespace).toBe('AWS/PrivateLinkServices');
      expect(metric.metricName).toBe('Custom');
      expect(metric.statistic).toBe('Average');
      expect(metric.period.toMinutes()).toBe(1);
      expect(stack.resolve(metric.dimensions)).toEqual({ 'Service Id': refOf(service.endpointService) });
    });

    test.each([
      ['metricActiveConnections', 'ActiveConnections', 'Maximum', 1],
      ['metricBytesProcessed', 'BytesProcessed', 'Sum', 1],
      ['metricEndpointsCount', 'EndpointsCount', 'Maximum', 5],
      ['metricNewConnections', 'NewConnections', 'Sum', 1],
      ['metricRstPacketsSent', 'RstPacketsSent', 'Sum', 1],
    ] as const)('%s is %s, %s over %s minute(s), for the Service Id', (method, metricName, statistic, minutes) => {
      // GIVEN
      const [stack, service] = metricsService();

      // WHEN
      const metric = service[method]();

      // THEN
      expect(metric.namespace).toBe('AWS/PrivateLinkServices');
      expect(metric.metricName).toBe(metricName);
      expect(metric.statistic).toBe(statistic);
      expect(metric.period.toMinutes()).toBe(minutes);
      expect(stack.resolve(metric.dimensions)).toEqual({ 'Service Id': refOf(service.endpointService) });
    });

    test.each([
      ['metricHealthyHostCount', 'HealthyHostCount', 'Minimum'],
      ['metricUnHealthyHostCount', 'UnHealthyHostCount', 'Maximum'],
    ] as const)('%s is %s in AWS/GatewayELB, %s over a minute, for the load balancer and target group', (method, metricName, statistic) => {
      // GIVEN
      const [stack, service] = metricsService();

      // WHEN
      const metric = service[method]({ dimensionsMap: { AvailabilityZone: 'us-east-1a' } });

      // THEN
      expect(metric.namespace).toBe('AWS/GatewayELB');
      expect(metric.metricName).toBe(metricName);
      expect(metric.statistic).toBe(statistic);
      expect(metric.period.toMinutes()).toBe(1);
      expect(stack.resolve(metric.dimensions)).toEqual({
        LoadBalancer: { 'Fn::GetAtt': [stack.resolve(service.loadBalancer.logicalId), 'LoadBalancerFullName'] },
        TargetGroup: { 'Fn::GetAtt': [stack.resolve(service.targetGroup.logicalId), 'TargetGroupFullName'] },
        AvailabilityZone: 'us-east-1a',
      });
    });

    test('dimensionsMap adds dimensions and keeps the Service Id', () => {
      // GIVEN
      const [stack, service] = metricsService();

      // WHEN
      const metric = service.metricBytesProcessed({ dimensionsMap: { 'Az': 'us-east-1a', 'Load Balancer Arn': 'gwy/inspection/0123456789abcdef' } });

      // THEN
      expect(stack.resolve(metric.dimensions)).toEqual({
        'Service Id': refOf(service.endpointService),
        'Az': 'us-east-1a',
        'Load Balancer Arn': 'gwy/inspection/0123456789abcdef',
      });
      expect(metric.statistic).toBe('Sum');
    });

    test('options override the statistic and period', () => {
      // GIVEN
      const [, service] = metricsService();

      // WHEN
      const endpoints = service.metricEndpointsCount({ statistic: 'Minimum', period: Duration.minutes(1) });
      const active = service.metricActiveConnections({ period: Duration.minutes(15) });

      // THEN
      expect(endpoints.statistic).toBe('Minimum');
      expect(endpoints.period.toMinutes()).toBe(1);
      expect(active.statistic).toBe('Maximum');
      expect(active.period.toMinutes()).toBe(15);
    });
  });

  describe('acknowledgeGatewayLoadBalancerFindings', () => {
    test('is never applied implicitly', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);

      // WHEN
      const service = newService(stack, vpc);

      // THEN
      expect(acknowledgedOn(service.loadBalancer)).toEqual({});
      expect(acknowledgedOn(service.listener!)).toEqual({});
    });

    test('acknowledges the access-log findings on the load balancer and the certificate findings on the listener only', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);
      const service = newService(stack, vpc);

      // WHEN
      service.acknowledgeGatewayLoadBalancerFindings();

      // THEN
      const onLoadBalancer = acknowledgedOn(service.loadBalancer);
      expect(Object.keys(onLoadBalancer).sort()).toEqual([...ACCESS_LOG_FINDINGS].sort());
      for (const reason of Object.values(onLoadBalancer)) expect(reason).toMatch(/^Gateway Load Balancers write no access logs/);
      const onListener = acknowledgedOn(service.listener!);
      expect(Object.keys(onListener).sort()).toEqual([...CERTIFICATE_FINDINGS].sort());
      for (const reason of Object.values(onListener)) expect(reason).toMatch(/takes no certificate/);
      for (const other of [stack, service, service.endpointService, service.targetGroup, service.permissions, vpc]) {
        expect(acknowledgedOn(other)).toEqual({});
      }
    });

    test('acknowledges the access-log findings on a given load balancer, with no listener to acknowledge', () => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack);
      const gwlb = existingGatewayLoadBalancer(stack, vpc);
      const service = newService(stack, vpc, { loadBalancer: gwlb });

      // WHEN
      service.acknowledgeGatewayLoadBalancerFindings();

      // THEN
      expect(Object.keys(acknowledgedOn(gwlb)).sort()).toEqual([...ACCESS_LOG_FINDINGS].sort());
      expect(acknowledgedOn(service.endpointService)).toEqual({});
      expect(acknowledgedOn(stack)).toEqual({});
    });
  });

  describe('fromServiceAttributes', () => {
    test('parses the service id from the name and defaults the rest', () => {
      // GIVEN
      const stack = envStack();

      // WHEN
      const imported = GwlbInspectionService.fromServiceAttributes(stack, 'Imported', { serviceName: SERVICE_NAME });

      // THEN
      expect(imported.serviceName).toBe(SERVICE_NAME);
      expect(imported.serviceId).toBe(SERVICE_ID);
      expect(imported.acceptanceRequired).toBe(true);
      expect(imported.supportedIpAddressTypes).toEqual(['ipv4']);
      expect(imported.availabilityZones).toEqual([]);
      expect(imported.availabilityZoneIds).toEqual([]);
      expect(imported.account).toBe('');
      expect(imported.node.path).toBe('Stack/Imported');
    });

    test('keeps the given attributes', () => {
      // GIVEN
      const stack = envStack();

      // WHEN
      const imported = GwlbInspectionService.fromServiceAttributes(stack, 'Imported', {
        serviceName: SERVICE_NAME,
        availabilityZoneIds: ['use1-az1', 'use1-az2'],
        supportedIpAddressTypes: [ec2.IpAddressType.IPV4, ec2.IpAddressType.IPV6],
        acceptanceRequired: false,
        account: '222222222222',
      });

      // THEN
      expect(imported.availabilityZoneIds).toEqual(['use1-az1', 'use1-az2']);
      expect(imported.supportedIpAddressTypes).toEqual(['ipv4', 'ipv6']);
      expect(imported.acceptanceRequired).toBe(false);
      expect(imported.account).toBe('222222222222');
      expect(imported.availabilityZones).toEqual([]);
    });

    test('uses a token service name as the service id too', () => {
      // GIVEN
      const stack = envStack();
      const serviceName = Fn.importValue('InspectionServiceName');

      // WHEN
      const imported = GwlbInspectionService.fromServiceAttributes(stack, 'Imported', { serviceName });

      // THEN
      expect(imported.serviceName).toBe(serviceName);
      // com.amazonaws.vpce.<region>.<id>: the fifth part of the name, also for a token
      expect(stack.resolve(imported.serviceId)).toEqual({ 'Fn::Select': [4, { 'Fn::Split': ['.', { 'Fn::ImportValue': 'InspectionServiceName' }] }] });
    });

    test('allowAccount returns false and adds no resource', () => {
      // GIVEN
      const stack = envStack();
      const imported = GwlbInspectionService.fromServiceAttributes(stack, 'Imported', { serviceName: SERVICE_NAME });

      // WHEN
      const result = imported.allowAccount('222222222222');

      // THEN
      expect(result).toBe(false);
      Template.fromStack(stack).resourceCountIs('AWS::EC2::VPCEndpointServicePermissions', 0);
    });
  });

  describe.each(STACK_KINDS)('fails (%s)', (kind, newStack) => {
    /** The message of the error a service in a fresh stack and VPC throws. */
    function failure(props: Partial<GwlbInspectionServiceProps> = {}, then?: (service: GwlbInspectionService, stack: Stack) => void): string {
      const stack = newStack();
      const vpc = newVpc(stack);
      return errorMessageOf(() => {
        const service = newService(stack, vpc, props);
        then?.(service, stack);
      });
    }

    test('fails with a loadBalancer of type network', () => {
      // GIVEN
      const stack = newStack();
      const vpc = newVpc(stack);
      const nlb = new elbv2.CfnLoadBalancer(stack, 'Nlb', { type: 'network', subnets: vpc.selectSubnets({ subnetGroupName: 'gwlb' }).subnetIds });

      // WHEN / THEN
      expect(errorMessageOf(() => newService(stack, vpc, { loadBalancer: nlb })))
        .toMatch(/^loadBalancer names Stack\/Nlb, a Network Load Balancer \(type 'network'\); an inspection service needs a Gateway Load Balancer/);
    });

    test('fails with a loadBalancer of the default type (application)', () => {
      // GIVEN
      const stack = newStack();
      const vpc = newVpc(stack);
      const alb = new elbv2.CfnLoadBalancer(stack, 'Alb', { subnets: vpc.selectSubnets({ subnetGroupName: 'gwlb' }).subnetIds });

      // WHEN / THEN
      expect(errorMessageOf(() => newService(stack, vpc, { loadBalancer: alb })))
        .toMatch(/^loadBalancer names Stack\/Alb, an Application Load Balancer \(type 'application'\)/);
    });

    test.each([
      ['loadBalancerSubnets', { loadBalancerSubnets: { subnetGroupName: 'gwlb' } }],
      ['ipAddressType', { ipAddressType: elbv2.IpAddressType.IPV4 }],
      ['crossZoneEnabled', { crossZoneEnabled: false }],
      ['deletionProtection', { deletionProtection: true }],
    ] as const)('fails with loadBalancer together with %s', (prop, props) => {
      // GIVEN
      const stack = newStack();
      const vpc = newVpc(stack);
      const gwlb = existingGatewayLoadBalancer(stack, vpc);

      // WHEN / THEN: the message names the prop that was given (with its value, where it has a plain one)
      const message = errorMessageOf(() => newService(stack, vpc, { loadBalancer: gwlb, ...props }));
      expect(message).toMatch(new RegExp(`^loadBalancer is given, so ${prop}( \\(.+\\))? cannot be: these belong to the given load balancer`));
      if (prop !== 'loadBalancerSubnets') expect(message).toContain(`${prop} (${JSON.stringify(Object.values(props)[0])})`);
    });

    test('fails with supportedIpAddressTypes including IPV6 on an IPv4 load balancer', () => {
      expect(failure({ supportedIpAddressTypes: [ec2.IpAddressType.IPV4, ec2.IpAddressType.IPV6] }))
        .toMatch(/^supportedIpAddressTypes includes 'ipv6' but the load balancer's IP address type is 'ipv4'; .*needs a dualstack load balancer/);
    });

    test('fails with supportedIpAddressTypes including IPV6 on IPv4-only subnets, even with a DUAL_STACK load balancer', () => {
      expect(failure({ ipAddressType: elbv2.IpAddressType.DUAL_STACK, supportedIpAddressTypes: [ec2.IpAddressType.IPV6] }))
        .toMatch(/^supportedIpAddressTypes includes 'ipv6' but load balancer subnet Stack\/Vpc\/gwlbSubnet1 has no IPv6 range/);
    });

    test('fails with ipAddressType DUAL_STACK on IPv4-only subnets', () => {
      expect(failure({ ipAddressType: elbv2.IpAddressType.DUAL_STACK }))
        .toMatch(/^ipAddressType 'dualstack' needs subnets with IPv6 ranges, but load balancer subnet Stack\/Vpc\/gwlbSubnet1 has none/);
    });

    test('fails with supportedIpAddressTypes empty', () => {
      expect(failure({ supportedIpAddressTypes: [] }))
        .toMatch(/^supportedIpAddressTypes is empty; give at least one of ec2.IpAddressType.IPV4 and ec2.IpAddressType.IPV6/);
    });

    test('fails with ipAddressType DUAL_STACK_WITHOUT_PUBLIC_IPV4', () => {
      expect(failure({ ipAddressType: elbv2.IpAddressType.DUAL_STACK_WITHOUT_PUBLIC_IPV4 }))
        .toMatch(/^ipAddressType 'dualstack-without-public-ipv4' is not available for Gateway Load Balancers; use IPV4 or DUAL_STACK/);
    });

    test('fails with loadBalancerSubnets selecting two subnets in one Availability Zone', () => {
      // GIVEN: both isolated groups
      const az = kind === 'with env' ? 'us-east-1a' : 'AZ\\[0\\]';

      // WHEN / THEN
      expect(failure({ loadBalancerSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } })).toMatch(new RegExp(
        `^loadBalancerSubnets selects two subnets in Availability Zone '${az}' \\(Stack/Vpc/gwlbSubnet1 and Stack/Vpc/appliancesSubnet1\\)`));
    });

    test('fails with loadBalancerSubnets selecting no subnet', () => {
      expect(failure({ loadBalancerSubnets: { subnets: [] } })).toMatch(/^loadBalancerSubnets selects no subnet/);
    });

    test('fails with loadBalancerSubnets selecting a subnet group that names no zone of the VPC', () => {
      expect(failure({ loadBalancerSubnets: { subnetGroupName: 'gwlb', availabilityZones: ['eu-west-1a'] } }))
        .toMatch(/^loadBalancerSubnets selects no subnet/);
    });

    test('fails with the principal * without allowAllPrincipals, by prop or allowPrincipals()', () => {
      expect(failure({ allowedPrincipals: [new iam.ArnPrincipal('*')] })).toMatch(/^allowedPrincipals contains '\*', which lets every AWS account/);
      expect(failure({}, s => s.allowPrincipals(new iam.ArnPrincipal('*')))).toMatch(/^allowedPrincipals contains '\*'.*allowAllPrincipals: true/);
    });

    test.each([
      'arn:aws:iam::222222222222:group/Admins',
      'arn:aws:sts::222222222222:assumed-role/Consumer/session',
      '222222222222',
      'arn:aws:iam::2222:root',
    ])('fails with the principal %s, not a root, role or user', (arn) => {
      const escaped = arn.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      expect(failure({ allowedPrincipals: [new iam.ArnPrincipal(arn)] }))
        .toMatch(new RegExp(`^allowedPrincipals contains '${escaped}', which is not the ARN of an account root, role or user`));
    });

    test('fails with allowAccount(\'12345\')', () => {
      expect(failure({}, s => s.allowAccount('12345'))).toMatch(/^account '12345' is not a 12-digit AWS account id/);
    });

    test('fails with addIpTargets on an instance target group', () => {
      expect(failure({}, s => s.addIpTargets('10.0.1.10')))
        .toMatch(/^addIpTargets needs targetType IP, but this service's targetType is 'instance'/);
    });

    test('fails with addInstanceTargets on an ip target group', () => {
      expect(failure({ targetType: ApplianceTargetType.IP }, s => s.addInstanceTargets(INSTANCE_A)))
        .toMatch(/^addInstanceTargets needs targetType INSTANCE, but this service's targetType is 'ip'/);
    });

    test('fails with addAutoScalingGroup on an ip target group', () => {
      // GIVEN
      const stack = newStack();
      const vpc = newVpc(stack);
      const service = newService(stack, vpc, { targetType: ApplianceTargetType.IP });
      const group = applianceGroup(stack, vpc);

      // WHEN / THEN
      expect(errorMessageOf(() => service.addAutoScalingGroup(group)))
        .toMatch(/^addAutoScalingGroup needs targetType INSTANCE, but this service's targetType is 'ip'/);
      Template.fromStack(stack).hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', { TargetGroupARNs: Match.absent() });
    });

    test.each(['i-123', 'instance-1', 'i-0123456789ABCDEF0', 'i-0123456789abcdef01'])('fails with the instance id %s', (id) => {
      expect(failure({}, s => s.addInstanceTargets(id)))
        .toMatch(new RegExp(`^addInstanceTargets got '${id}', which is not an EC2 instance id`));
    });

    test.each(['not-an-ip', '10.0.1', '10.0.1.10/32', '999.999.999.999', 'cafe', ':::', '2001:db8::10'])('fails with the IP address %s', (ip) => {
      expect(failure({ targetType: ApplianceTargetType.IP }, s => s.addIpTargets(ip)))
        .toMatch(new RegExp(`^addIpTargets got '${ip.replace(/\./g, '\\.')}', which is not an IPv4 address`));
    });

    test('fails with a bad instance id among good ones, adding none after it', () => {
      // GIVEN
      const stack = newStack();
      const vpc = newVpc(stack);
      const service = newService(stack, vpc);

      // WHEN / THEN
      expect(errorMessageOf(() => service.addInstanceTargets(INSTANCE_A, 'bad', INSTANCE_B))).toMatch(/^addInstanceTargets got 'bad'/);
      Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { Targets: [{ Id: INSTANCE_A, Port: 6081 }] });
    });

    describe('health check', () => {
      const hcFailure = (healthCheck: ApplianceHealthCheck) => failure({ healthCheck });

      test('fails with a path on a TCP health check, default or explicit', () => {
        expect(hcFailure({ path: '/healthz' })).toMatch(/^healthCheck.path '\/healthz' needs protocol HTTP or HTTPS; TCP health checks have no path/);
        expect(hcFailure({ protocol: ApplianceHealthCheckProtocol.TCP, path: '/' })).toMatch(/^healthCheck.path '\/' needs protocol HTTP or HTTPS/);
      });

      test.each([0, 65536, 80.5, -1])('fails with port %s', (port) => {
        expect(hcFailure({ port })).toMatch(new RegExp(`^healthCheck.port '${port}' is not a port; use 1 to 65535`));
      });

      test.each([4, 301])('fails with interval %s s', (seconds) => {
        expect(hcFailure({ interval: Duration.seconds(seconds), timeout: Duration.seconds(2) }))
          .toMatch(new RegExp(`^healthCheck.interval '${seconds} seconds' is out of range; use 5 to 300 seconds`));
      });

      test.each([
        [10, 10],
        [10, 11],
        [300, 1],
        [300, 121],
      ])('fails with interval %s s and timeout %s s', (interval, timeout) => {
        expect(hcFailure({ interval: Duration.seconds(interval), timeout: Duration.seconds(timeout) })).toMatch(new RegExp(
          `^healthCheck.timeout '${timeout} seconds' must be 2 to 120 seconds and shorter than the interval \\(${interval} seconds\\)`));
      });

      test('fails with the default timeout (5 s) and an interval of 5 s', () => {
        expect(hcFailure({ interval: Duration.seconds(5) })).toMatch(/^healthCheck.timeout '5 seconds' must be .* shorter than the interval \(5 seconds\)/);
      });

      test.each([
        ['healthyThresholdCount', 1],
        ['healthyThresholdCount', 11],
        ['unhealthyThresholdCount', 1],
        ['unhealthyThresholdCount', 11],
        ['unhealthyThresholdCount', 2.5],
      ] as const)('fails with %s %s', (name, value) => {
        expect(hcFailure({ [name]: value })).toMatch(new RegExp(`^healthCheck.${name} '${value}' is out of range; use a whole number from 2 to 10`));
      });
    });

    test('fails with availabilityZoneIds containing an AZ name', () => {
      expect(failure({ availabilityZoneIds: ['use1-az1', 'us-east-1a'] }))
        .toMatch(/^availabilityZoneIds contains 'us-east-1a', which is not an AZ id; AZ ids look like 'use1-az1'/);
    });

    test('fails with availabilityZoneIds containing an AZ name, even without subnets of the construct', () => {
      // GIVEN
      const stack = newStack();
      const vpc = newVpc(stack);
      const gwlb = existingGatewayLoadBalancer(stack, vpc);

      // WHEN / THEN
      expect(errorMessageOf(() => newService(stack, vpc, { loadBalancer: gwlb, availabilityZoneIds: ['use1a'] })))
        .toMatch(/^availabilityZoneIds contains 'use1a', which is not an AZ id/);
    });

    test('fails with a gateway loadBalancer of IP address type ipv4 and IPv6 among supportedIpAddressTypes', () => {
      // GIVEN
      const stack = newStack();
      const vpc = newVpc(stack);
      const gwlb = existingGatewayLoadBalancer(stack, vpc);

      // WHEN / THEN
      expect(errorMessageOf(() => newService(stack, vpc, { loadBalancer: gwlb, supportedIpAddressTypes: [ec2.IpAddressType.IPV6] })))
        .toMatch(/^supportedIpAddressTypes includes 'ipv6' but the load balancer's IP address type is 'ipv4'/);
    });

    test('fails with durations that are not whole seconds, naming the prop', () => {
      expect(failure({ healthCheck: { interval: Duration.millis(7500) } }))
        .toMatch(/^healthCheck.interval '7 seconds 500 millis' is not a whole number of seconds/);
      expect(failure({ healthCheck: { timeout: Duration.millis(2500) } }))
        .toMatch(/^healthCheck.timeout '2 seconds 500 millis' is not a whole number of seconds/);
      expect(failure({ deregistrationDelay: Duration.millis(1500) })).toMatch(/^deregistrationDelay '1 second 500 millis' is not a whole number of seconds/);
    });

    test('fails with a deregistrationDelay above an hour', () => {
      expect(failure({ deregistrationDelay: Duration.hours(2) })).toMatch(/^deregistrationDelay '7200 seconds' is out of range; use 0 to 3600 seconds/);
    });

    test('fails with an HTTP health check path that does not start with /', () => {
      expect(failure({ healthCheck: { protocol: ApplianceHealthCheckProtocol.HTTP, path: 'health' } }))
        .toMatch(/^healthCheck.path 'health' must start with '\/'/);
    });

    test('fails with availabilityZoneIds mixing a token and an AZ name, quoting the name', () => {
      const message = failure({ availabilityZoneIds: [Fn.importValue('ZoneId'), 'us-east-1a'] });
      expect(message).toMatch(/^availabilityZoneIds contains 'us-east-1a', which is not an AZ id/);
      expect(message).not.toMatch(/\$\{Token\[/);
    });

    test('renders supportedIpAddressTypes once each', () => {
      // GIVEN
      const stack = newStack();
      const vpc = newVpc(stack);

      // WHEN
      newService(stack, vpc, { supportedIpAddressTypes: [ec2.IpAddressType.IPV4, ec2.IpAddressType.IPV4] });

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpointService', { SupportedIpAddressTypes: ['ipv4'] });
      expect(kind).toBeDefined();
    });
  });
});
