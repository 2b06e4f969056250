import { Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { isolatedVpcWithFlowLogs } from './shared';
import {
  EndpointPolicy, GatewayEndpoint, GatewayLoadBalancerEndpoint, InterfaceEndpoint, ResourceEndpoint, ServiceNetworkEndpoint,
} from '../src';

/**
 * All five endpoint kinds in one isolated VPC, each with the library's defaults:
 * - KMS and S3 interface endpoints (S3 with private DNS only for the inbound Resolver endpoint);
 * - S3 and DynamoDB gateway endpoints limited to this account's principals;
 * - a Gateway Load Balancer endpoint with a route that sends the other subnet's traffic through it;
 * - a resource endpoint and a service-network endpoint (VPC Lattice), TCP only, verified domains only.
 *
 * The endpoint service, resource configuration and service network are placeholders for what a
 * provider shares with this account.
 */
export class EndpointBuildingBlocksStack extends Stack {
  public readonly vpc: ec2.Vpc;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);

    this.vpc = isolatedVpcWithFlowLogs(this, '10.30.0.0/16');
    const thisAccountOnly = () => EndpointPolicy.allowAccounts([this.account]);

    new InterfaceEndpoint(this, 'Kms', {
      vpc: this.vpc,
      service: ec2.InterfaceVpcEndpointAwsService.KMS,
      policy: thisAccountOnly(),
    });

    const s3Gateway = new GatewayEndpoint(this, 'S3Gateway', {
      vpc: this.vpc,
      service: ec2.GatewayVpcEndpointAwsService.S3,
      policy: thisAccountOnly(),
    });

    new InterfaceEndpoint(this, 'S3Interface', {
      vpc: this.vpc,
      service: ec2.InterfaceVpcEndpointAwsService.S3,
      privateDnsOnlyForInboundResolverEndpoint: true,
      s3GatewayEndpoint: s3Gateway.endpoint,
      policy: thisAccountOnly(),
    });

    new GatewayEndpoint(this, 'DynamoDbGateway', {
      vpc: this.vpc,
      service: ec2.GatewayVpcEndpointAwsService.DYNAMODB,
      policy: thisAccountOnly(),
    });

    const [inspectionSubnet, appSubnet] = this.vpc.isolatedSubnets;
    const inspection = new GatewayLoadBalancerEndpoint(this, 'Inspection', {
      vpc: this.vpc,
      serviceName: `com.amazonaws.vpce.${this.region}.vpce-svc-0123456789abcdef0`,
      subnets: { subnets: [inspectionSubnet] },
    });
    inspection.addRoute('AppSubnetDefaultRoute', {
      routeTableId: appSubnet.routeTable.routeTableId,
      destinationCidrBlock: '0.0.0.0/0',
    });

    new ResourceEndpoint(this, 'Database', {
      vpc: this.vpc,
      resourceConfigurationArn: `arn:${this.partition}:vpc-lattice:${this.region}:${this.account}:resourceconfiguration/rcfg-0123456789abcdef0`,
      ports: [ec2.Port.tcp(5432)],
    });

    new ServiceNetworkEndpoint(this, 'ServiceNetwork', {
      vpc: this.vpc,
      serviceNetworkArn: `arn:${this.partition}:vpc-lattice:${this.region}:${this.account}:servicenetwork/sn-0123456789abcdef0`,
      ports: [ec2.Port.tcp(443)],
    });
  }
}
