/**
 * Integration test for the GwlbInspection example (provider and consumer in one stack).
 * `npm test` compares its synthesized assembly with integ.gwlb-inspection.ts.snapshot/;
 * `npx projen integ:update` rewrites the snapshot. Deployed (needs an account), it checks that
 * the endpoint service is available and that both Gateway Load Balancer endpoints were accepted
 * and are available, so that every inspection route could be created.
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App } from 'aws-cdk-lib';
import { GwlbInspectionStack } from '../examples/gwlb-inspection';

const app = new App();
const stack = new GwlbInspectionStack(app, 'GwlbInspection');
const integ = new IntegTest(app, 'GwlbInspectionTest', { testCases: [stack] });

integ.assertions
  .awsApiCall('EC2', 'describeVpcEndpointServiceConfigurations', { ServiceIds: [stack.service.serviceId] })
  .assertAtPath('ServiceConfigurations.0.ServiceState', ExpectedResult.stringLikeRegexp('^Available$'));

for (const endpoint of stack.inspected.endpoints) {
  integ.assertions
    .awsApiCall('EC2', 'describeVpcEndpoints', { VpcEndpointIds: [endpoint.vpcEndpointId] })
    .assertAtPath('VpcEndpoints.0.State', ExpectedResult.stringLikeRegexp('^available$'));
}

app.synth();
