import { App, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { acknowledgeFlowLogPolicy, encryptedFlowLogGroup, isolatedVpcWithFlowLogs } from './shared';
import { ApplianceTargetType, GwlbInspectionService, GwlbInspectionVpc } from '../src';

/** The security team's account, which runs the appliances, and the application account. */
export const PROVIDER_ACCOUNT = '111111111111';
export const CONSUMER_ACCOUNT = '222222222222';
/** The zones both sides use, by AZ id: a zone name can mean another zone in each account. */
export const INSPECTION_AZ_IDS = ['use1-az1', 'use1-az2'];
/** The service name the provider hands over (its `serviceName` output, once deployed). */
export const SERVICE_NAME = 'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0';

/**
 * The provider half of a cross-account pair: the inspection service in the security account,
 * open to the application account only. Its subnets are placed by AZ id, so the service knows
 * (and publishes) the ids of the zones its load balancer serves.
 */
export class GwlbProviderStack extends Stack {
  public readonly service: GwlbInspectionService;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, { env: { account: PROVIDER_ACCOUNT, region: 'us-east-1' }, ...props });
    const vpc = isolatedVpcWithFlowLogs(this, '10.90.0.0/16', ['us-east-1a', 'us-east-1b']);
    // ec2.Vpc places subnets by zone name; CloudFormation also takes the AZ id, which means the
    // same zone in every account.
    vpc.isolatedSubnets.forEach((subnet, i) => {
      const cfn = subnet.node.defaultChild as ec2.CfnSubnet;
      cfn.availabilityZone = undefined;
      cfn.availabilityZoneId = INSPECTION_AZ_IDS[i];
    });
    this.service = new GwlbInspectionService(this, 'Inspection', {
      vpc,
      targetType: ApplianceTargetType.IP,
      // A shared security service: deleting its load balancer must take a deliberate step.
      deletionProtection: true,
    });
    this.service.addIpTargets('10.90.0.10', '10.90.1.10');
    this.service.allowAccount(CONSUMER_ACCOUNT);
    this.service.acknowledgeGatewayLoadBalancerFindings();
  }
}

/**
 * The consumer half: an inspected VPC in the application account, placed by AZ id in the zones
 * the service publishes. The service needs acceptance, so the routes wait (30 minutes at most)
 * until the provider accepts the endpoints.
 */
export class GwlbConsumerStack extends Stack {
  public readonly inspected: GwlbInspectionVpc;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, { env: { account: CONSUMER_ACCOUNT, region: 'us-east-1' }, ...props });
    const service = GwlbInspectionService.fromServiceAttributes(this, 'Inspection', {
      serviceName: SERVICE_NAME,
      availabilityZoneIds: INSPECTION_AZ_IDS,
      account: PROVIDER_ACCOUNT,
    });
    const logs = new Construct(this, 'Logs');
    this.inspected = new GwlbInspectionVpc(this, 'Inspected', {
      service,
      ipv4Cidr: '10.91.0.0/16',
      availabilityZoneIds: INSPECTION_AZ_IDS,
      flowLogDestination: ec2.FlowLogDestination.toCloudWatchLogs(encryptedFlowLogGroup(logs)),
    });
    acknowledgeFlowLogPolicy(this.inspected.flowLog!);
    // The internet routes of the endpoint subnets and the waiter's provider (see the README).
    this.inspected.acknowledgeFindings();
  }
}

/** Both halves, as one app would hold them (each deploys with its own account's credentials). */
export function gwlbCrossAccountStacks(app: App): Stack[] {
  return [new GwlbProviderStack(app, 'GwlbProvider'), new GwlbConsumerStack(app, 'GwlbConsumer')];
}

