/**
 * Integration test for the cross-account GwlbProvider/GwlbConsumer example pair.
 * `npm test` compares its synthesized assembly with integ.gwlb-cross-account.ts.snapshot/;
 * `npx projen integ:update` rewrites the snapshot. Deployed, it needs the two accounts of the
 * example: the provider stack first, then the consumer stack, whose routes wait until the
 * provider accepts the endpoints; the assertion then checks that the consumer's endpoints are
 * available.
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import { GwlbConsumerStack, GwlbProviderStack } from '../examples/gwlb-cross-account';

const app = new App();
const provider = new GwlbProviderStack(app, 'GwlbProvider');
const consumer = new GwlbConsumerStack(app, 'GwlbConsumer');
consumer.addStackDependency(provider);
// The assertions read the consumer's endpoints, so they run in the consumer's account and Region.
const assertions = new Stack(app, 'GwlbCrossAccountAssertions', { env: { account: consumer.account, region: consumer.region } });
const integ = new IntegTest(app, 'GwlbCrossAccountTest', { testCases: [provider, consumer], assertionStack: assertions });

for (const endpoint of consumer.inspected.endpoints) {
  integ.assertions
    .awsApiCall('EC2', 'describeVpcEndpoints', { VpcEndpointIds: [endpoint.vpcEndpointId] })
    .assertAtPath('VpcEndpoints.0.State', ExpectedResult.stringLikeRegexp('^available$'));
}

app.synth();
