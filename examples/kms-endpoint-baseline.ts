import { Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { isolatedVpcWithFlowLogs } from './shared';

const VPC_CIDR = '10.20.0.0/16';

/**
 * Baseline for the demo path, built from plain aws-cdk-lib only: an isolated two-AZ VPC with flow
 * logs and a KMS interface endpoint reachable on 443 from the VPC only.
 */
export class KmsEndpointBaselineStack extends Stack {
  public readonly vpc: ec2.Vpc;
  public readonly kmsEndpoint: ec2.InterfaceVpcEndpoint;
  public readonly endpointSecurityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);

    this.vpc = isolatedVpcWithFlowLogs(this, VPC_CIDR);

    // A dedicated security group: HTTPS from inside the VPC only.
    this.endpointSecurityGroup = new ec2.SecurityGroup(this, 'KmsEndpointSg', {
      vpc: this.vpc,
      description: 'KMS interface endpoint: HTTPS from the VPC only',
      allowAllOutbound: false,
    });
    this.endpointSecurityGroup.addIngressRule(ec2.Peer.ipv4(VPC_CIDR), ec2.Port.tcp(443), 'HTTPS from the VPC');

    this.kmsEndpoint = this.vpc.addInterfaceEndpoint('Kms', {
      service: ec2.InterfaceVpcEndpointAwsService.KMS,
      privateDnsEnabled: true,
      open: false,
      securityGroups: [this.endpointSecurityGroup],
      subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED, onePerAz: true },
    });
  }
}
