import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/**
 * An isolated two-AZ VPC (no internet path) with flow logs to an encrypted, retained log group:
 * the network every example stack starts from. Construct ids: Vpc, FlowLogKey, FlowLogs.
 */
export function isolatedVpcWithFlowLogs(scope: Construct, cidr: string, availabilityZones?: string[]): ec2.Vpc {
  const vpc = new ec2.Vpc(scope, 'Vpc', {
    ipAddresses: ec2.IpAddresses.cidr(cidr),
    ...(availabilityZones ? { availabilityZones } : { maxAzs: 2 }),
    natGateways: 0,
    subnetConfiguration: [{ name: 'private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
  });

  const flowLogGroup = encryptedFlowLogGroup(scope);
  const flowLog = vpc.addFlowLog('FlowLog', { destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup) });
  acknowledgeFlowLogPolicy(flowLog);
  return vpc;
}

/**
 * A KMS-encrypted, retained log group for VPC flow logs, with its key. Construct ids: FlowLogKey, FlowLogs.
 */
export function encryptedFlowLogGroup(scope: Construct): logs.LogGroup {
  const stack = Stack.of(scope);
  const logKey = new kms.Key(scope, 'FlowLogKey', {
    description: 'Encrypts the VPC flow log group',
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  logKey.addToResourcePolicy(new iam.PolicyStatement({
    principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'],
    conditions: {
      ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*` },
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
  return new logs.LogGroup(scope, 'FlowLogs', {
    encryptionKey: logKey,
    retention: logs.RetentionDays.ONE_YEAR,
    removalPolicy: RemovalPolicy.RETAIN,
  });
}

/** aws-cdk-lib's FlowLog writes an inline policy on its role; the NIST and HIPAA packs flag it. */
export function acknowledgeFlowLogPolicy(flowLog: ec2.FlowLog): void {
  const flowLogPolicy = flowLog.node.findChild('IAMRole').node.findChild('DefaultPolicy');
  for (const pack of ['NIST.800.53.R5', 'HIPAA.Security']) {
    Validations.of(flowLogPolicy).acknowledge({
      id: `${pack}::${pack}-IAMNoInlinePolicy`,
      reason: 'aws-cdk-lib FlowLog writes this policy: write access to this one log group and iam:PassRole on its own role',
    });
  }
}
