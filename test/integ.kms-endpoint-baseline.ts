/**
 * Integration test for the KmsEndpointBaseline example (plain aws-cdk-lib, the demo's baseline).
 * `npx projen integ` compares its synthesized assembly with integ.kms-endpoint-baseline.ts.snapshot/;
 * `npx projen integ:deploy` deploys it, checks the endpoint is available, and destroys it.
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App } from 'aws-cdk-lib';
import { KmsEndpointBaselineStack } from '../examples/kms-endpoint-baseline';

const app = new App();
const stack = new KmsEndpointBaselineStack(app, 'KmsEndpointBaseline');
const integ = new IntegTest(app, 'KmsEndpointBaselineTest', { testCases: [stack] });

integ.assertions
  .awsApiCall('EC2', 'describeVpcEndpoints', { VpcEndpointIds: [stack.kmsEndpoint.vpcEndpointId] })
  .assertAtPath('VpcEndpoints.0.State', ExpectedResult.stringLikeRegexp('^available$'));

app.synth();
