import { Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { isolatedVpcWithFlowLogs } from './shared';
import { PrivateKmsAccess } from '../src';

/**
 * An application VPC whose KMS traffic never leaves the AWS network: a KMS interface endpoint,
 * a customer managed key usable only through that endpoint (AWS services acting for the caller
 * stay exempt), and an application role granted encrypt/decrypt on it.
 */
export class PrivateKmsAccessStack extends Stack {
  public readonly vpc: ec2.Vpc;
  public readonly kmsAccess: PrivateKmsAccess;
  public readonly appRole: iam.Role;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);

    this.vpc = isolatedVpcWithFlowLogs(this, '10.40.0.0/16');

    this.kmsAccess = new PrivateKmsAccess(this, 'Kms', {
      vpc: this.vpc,
      createKey: true,
      keyAlias: 'alias/example-app-data',
    });

    this.appRole = new iam.Role(this, 'AppRole', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      description: 'Application role that encrypts and decrypts with the endpoint-bound key',
    });
    this.kmsAccess.grantEncryptDecrypt(this.appRole);
    const grantPolicy = this.appRole.node.findChild('DefaultPolicy');
    for (const pack of ['NIST.800.53.R5', 'HIPAA.Security']) {
      Validations.of(grantPolicy).acknowledge({
        id: `${pack}::${pack}-IAMNoInlinePolicy`,
        reason: 'grantEncryptDecrypt writes the role\'s only policy: named encrypt/decrypt actions on the one endpoint-bound key',
      });
    }
  }
}
