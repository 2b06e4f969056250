import { RemovalPolicy, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

const VPC_CIDR = '10.20.0.0/16';

/**
 * Baseline for the demo path, built from plain aws-cdk-lib only: an isolated two-AZ VPC with flow
 * logs and a KMS interface endpoint reachable on 443 from the VPC only. The library's own
 * constructs add their example stacks beside it.
 */
export class KmsEndpointBaselineStack extends Stack {
  public readonly vpc: ec2.Vpc;
  public readonly kmsEndpoint: ec2.InterfaceVpcEndpoint;
  public readonly endpointSecurityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);

    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(VPC_CIDR),
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
    });

    // Flow logs to an encrypted, retained log group.
    const logKey = new kms.Key(this, 'FlowLogKey', {
      description: 'Encrypts the VPC flow log group',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    logKey.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal(`logs.${this.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${this.partition}:logs:${this.region}:${this.account}:log-group:*` },
      },
    }));
    // Grants on the key only for AWS services acting on AWS resources (Control Tower CT.KMS.PR.3).
    logKey.addToResourcePolicy(new iam.PolicyStatement({
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
    }));
    const flowLogGroup = new logs.LogGroup(this, 'FlowLogs', {
      encryptionKey: logKey,
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const flowLog = this.vpc.addFlowLog('FlowLog', { destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup) });
    const flowLogPolicy = flowLog.node.findChild('IAMRole').node.findChild('DefaultPolicy');
    for (const pack of ['NIST.800.53.R5', 'HIPAA.Security']) {
      Validations.of(flowLogPolicy).acknowledge({
        id: `${pack}::${pack}-IAMNoInlinePolicy`,
        reason: 'aws-cdk-lib FlowLog writes this policy: write access to this one log group and iam:PassRole on its own role',
      });
    }

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
