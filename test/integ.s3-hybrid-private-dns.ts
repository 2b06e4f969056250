/**
 * Integration test for the S3HybridPrivateDns example.
 * `npm test` compares its synthesized assembly with integ.s3-hybrid-private-dns.ts.snapshot/;
 * `npx projen integ:update` rewrites the snapshot. Deployed (needs an account), it checks that
 * the S3 interface endpoint is available with private DNS only for the inbound Resolver endpoint,
 * that the gateway endpoint is available, and that the Resolver endpoint is operational with its
 * addresses read back into the stack output.
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App } from 'aws-cdk-lib';
import { S3HybridPrivateDnsStack } from '../examples/s3-hybrid-private-dns';

const app = new App();
const stack = new S3HybridPrivateDnsStack(app, 'S3HybridPrivateDns');
const integ = new IntegTest(app, 'S3HybridPrivateDnsTest', { testCases: [stack] });

const interfaceEndpoint = integ.assertions.awsApiCall('EC2', 'describeVpcEndpoints', {
  VpcEndpointIds: [stack.s3Dns.interfaceEndpoint.vpcEndpointId],
});
interfaceEndpoint.assertAtPath('VpcEndpoints.0.State', ExpectedResult.stringLikeRegexp('^available$'));
interfaceEndpoint.assertAtPath('VpcEndpoints.0.DnsOptions.PrivateDnsOnlyForInboundResolverEndpoint', ExpectedResult.exact(true));

integ.assertions
  .awsApiCall('EC2', 'describeVpcEndpoints', { VpcEndpointIds: [stack.s3Dns.gatewayEndpoint.vpcEndpointId] })
  .assertAtPath('VpcEndpoints.0.State', ExpectedResult.stringLikeRegexp('^available$'));

integ.assertions
  .awsApiCall('Route53Resolver', 'getResolverEndpoint', { ResolverEndpointId: stack.s3Dns.resolverEndpointId })
  .assertAtPath('ResolverEndpoint.Status', ExpectedResult.stringLikeRegexp('^OPERATIONAL$'));

app.synth();
