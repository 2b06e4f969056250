/**
 * Integration test for the PrivateKmsAccess example.
 * `npx projen integ` compares its synthesized assembly with integ.private-kms-access.ts.snapshot/;
 * `npx projen integ:deploy` deploys it, checks the KMS endpoint is available with private DNS on
 * and the key is enabled, and destroys the stack (the key is retained by design: schedule its
 * deletion by hand after a deployed run).
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App } from 'aws-cdk-lib';
import { PrivateKmsAccessStack } from '../examples/private-kms-access';

const app = new App();
const stack = new PrivateKmsAccessStack(app, 'PrivateKmsAccess');
const integ = new IntegTest(app, 'PrivateKmsAccessTest', { testCases: [stack] });

const endpoints = integ.assertions.awsApiCall('EC2', 'describeVpcEndpoints', {
  VpcEndpointIds: [stack.kmsAccess.endpoint.vpcEndpointId],
});
endpoints.assertAtPath('VpcEndpoints.0.State', ExpectedResult.stringLikeRegexp('^available$'));
endpoints.assertAtPath('VpcEndpoints.0.PrivateDnsEnabled', ExpectedResult.exact(true));

integ.assertions
  .awsApiCall('KMS', 'describeKey', { KeyId: stack.kmsAccess.key!.keyId })
  .assertAtPath('KeyMetadata.KeyState', ExpectedResult.stringLikeRegexp('^Enabled$'));

app.synth();
