import { App, Stack } from 'aws-cdk-lib';
import { EndpointBuildingBlocksStack } from './endpoint-building-blocks';
import { gwlbCrossAccountStacks } from './gwlb-cross-account';
import { GwlbInspectionStack } from './gwlb-inspection';
import { KmsEndpointBaselineStack } from './kms-endpoint-baseline';
import { PrivateKmsAccessStack } from './private-kms-access';
import { S3HybridPrivateDnsStack } from './s3-hybrid-private-dns';

/**
 * Every example stack of the project. `npm run demo` synthesizes all of them and the example tests
 * run each one through the template-quality harness, so a new construct adds its stack here.
 */
export function buildExamples(app: App): Stack[] {
  return [
    new KmsEndpointBaselineStack(app, 'KmsEndpointBaseline'),
    new EndpointBuildingBlocksStack(app, 'EndpointBuildingBlocks'),
    new PrivateKmsAccessStack(app, 'PrivateKmsAccess'),
    new S3HybridPrivateDnsStack(app, 'S3HybridPrivateDns'),
    new GwlbInspectionStack(app, 'GwlbInspection'),
    ...gwlbCrossAccountStacks(app),
  ];
}
