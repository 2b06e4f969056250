/**
 * Integration test for the EndpointBuildingBlocks example: all five endpoint kinds in one VPC.
 * `npx projen integ` compares its synthesized assembly with
 * integ.endpoint-building-blocks.ts.snapshot/.
 *
 * Snapshot only: the Gateway Load Balancer endpoint service, resource configuration and service
 * network in the example are placeholders for what a provider shares with the account, so the
 * stack cannot deploy as it is and `integ:deploy` leaves it out. To deploy it, replace the
 * placeholders with resources shared to your account.
 */
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App } from 'aws-cdk-lib';
import { EndpointBuildingBlocksStack } from '../examples/endpoint-building-blocks';

const app = new App();
const stack = new EndpointBuildingBlocksStack(app, 'EndpointBuildingBlocks');
new IntegTest(app, 'EndpointBuildingBlocksTest', { testCases: [stack] });

app.synth();
