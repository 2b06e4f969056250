import { Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { acknowledgeFlowLogPolicy, encryptedFlowLogGroup, isolatedVpcWithFlowLogs } from './shared';
import { ApplianceTargetType, GwlbInspectionService, GwlbInspectionVpc } from '../src';

/**
 * Bump-in-the-wire inspection in one stack: the inspection service (a Gateway Load Balancer in
 * front of two appliances at fixed addresses, one per zone) in an isolated provider VPC, and an
 * internet-facing VPC whose traffic passes the appliances in both directions. Provider and
 * consumer share the account, so the consumer is allowed and its connections are accepted
 * during the deployment.
 */
export class GwlbInspectionStack extends Stack {
  public readonly providerVpc: ec2.Vpc;
  public readonly service: GwlbInspectionService;
  public readonly inspected: GwlbInspectionVpc;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);

    this.providerVpc = isolatedVpcWithFlowLogs(this, '10.70.0.0/16');
    this.service = new GwlbInspectionService(this, 'Inspection', {
      vpc: this.providerVpc,
      targetType: ApplianceTargetType.IP,
      // Off by default: the example stack is deployed and destroyed again by its integration test.
    });
    this.service.addIpTargets('10.70.0.10', '10.70.1.10');
    this.service.acknowledgeGatewayLoadBalancerFindings();
    for (const pack of ['NIST.800.53.R5', 'HIPAA.Security']) {
      Validations.of(this.service.loadBalancer).acknowledge({
        id: `${pack}::${pack}-ELBDeletionProtectionEnabled`, reason: 'example stack, deployed and destroyed by its integration test',
      });
    }
    Validations.of(this.service.loadBalancer).acknowledge({
      id: 'cdk-validator-cfnguard::elbv2_deletion_protection_enabled_check', reason: 'example stack, deployed and destroyed by its integration test',
    });

    const consumerLogs = new Construct(this, 'ConsumerLogs');
    this.inspected = new GwlbInspectionVpc(this, 'Inspected', {
      service: this.service,
      ipv4Cidr: '10.80.0.0/16',
      flowLogDestination: ec2.FlowLogDestination.toCloudWatchLogs(encryptedFlowLogGroup(consumerLogs)),
    });
    acknowledgeFlowLogPolicy(this.inspected.flowLog!);
    // The internet routes of the endpoint subnets and the waiter's provider (see the README); this
    // app has no other internet routes, functions or state machines whose findings it could hide.
    this.inspected.acknowledgeFindings();
  }
}
