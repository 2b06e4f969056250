import { RemovalPolicy, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { isolatedVpcWithFlowLogs } from './shared';
import { S3HybridPrivateDns } from '../src';

/**
 * Amazon S3 for an isolated VPC and the on-premises network behind it (10.100.0.0/16, over VPN
 * or Direct Connect): the VPC uses the free S3 gateway endpoint, on-premises clients the S3
 * interface endpoint, found through the inbound Resolver endpoint whose addresses are read back
 * after deployment. The data bucket answers only requests through one of the two endpoints,
 * except for the administrator role.
 */
export class S3HybridPrivateDnsStack extends Stack {
  public readonly vpc: ec2.Vpc;
  public readonly s3Dns: S3HybridPrivateDns;
  public readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);

    this.vpc = isolatedVpcWithFlowLogs(this, '10.60.0.0/16');

    this.bucket = new s3.Bucket(this, 'Data', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // A stand-in for the application's data bucket: what the example shows is its policy.
    const bucketFindings: Record<string, string> = {
      'AwsSolutions::AwsSolutions-S1': 'example bucket: server access logging belongs to the application\'s logging design',
      'NIST.800.53.R5::NIST.800.53.R5-S3BucketLoggingEnabled': 'example bucket: server access logging belongs to the application\'s logging design',
      'HIPAA.Security::HIPAA.Security-S3BucketLoggingEnabled': 'example bucket: server access logging belongs to the application\'s logging design',
      'cdk-validator-cfnguard::s3_bucket_logging_enabled_check': 'example bucket: server access logging belongs to the application\'s logging design',
      'NIST.800.53.R5::NIST.800.53.R5-S3BucketReplicationEnabled': 'example bucket: replication is the application\'s recovery design',
      'HIPAA.Security::HIPAA.Security-S3BucketReplicationEnabled': 'example bucket: replication is the application\'s recovery design',
      'NIST.800.53.R5::NIST.800.53.R5-S3DefaultEncryptionKMS': 'example bucket: SSE-S3 encryption; a customer managed key is the application\'s choice',
      'HIPAA.Security::HIPAA.Security-S3DefaultEncryptionKMS': 'example bucket: SSE-S3 encryption; a customer managed key is the application\'s choice',
      'cdk-validator-cfnguard::s3_bucket_default_encryption_kms_check': 'example bucket: SSE-S3 encryption; a customer managed key is the application\'s choice',
      'cdk-validator-cfnguard::s3_version_lifecycle_policy_check': 'example bucket: object lifecycle is the application\'s retention design',
      'cdk-validator-cfnguard::s3_lifecycle_policy_check': 'example bucket: object lifecycle is the application\'s retention design',
      'cdk-validator-cfnguard::s3_event_notifications_enabled_check': 'example bucket: no consumer of object events in this example',
      'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check': 'example bucket: object lock is the application\'s retention design',
    };
    for (const [ackId, reason] of Object.entries(bucketFindings)) Validations.of(this.bucket).acknowledge({ id: ackId, reason });

    this.s3Dns = new S3HybridPrivateDns(this, 'S3', {
      vpc: this.vpc,
      onPremisesCidrs: ['10.100.0.0/16'],
      allowedBuckets: [this.bucket.bucketName],
    });
    // The address read-back provider's findings that do not apply to it (see the README); this app
    // has no other Lambda functions or state machines whose findings the acknowledgement could hide.
    this.s3Dns.acknowledgeProviderFindings();
    this.s3Dns.restrictBucket(this.bucket, {
      exemptPrincipalArns: [`arn:${this.partition}:iam::${this.account}:role/Admin`],
    });
  }
}
