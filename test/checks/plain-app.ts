/**
 * Helpers for the PrivateLinkChecks tests: plain aws-cdk-lib VPCs and running the pack on an app
 * the way the CDK does during synthesis.
 */
import { App, Aws, Fn, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { PrivateLinkChecks } from '../../src/checks/private-link-checks';

/** A finding of the pack, as a test reads it. */
export interface Finding {
  readonly rule: string;
  readonly path?: string;
  readonly description: string;
  readonly guide?: string;
}

/** Synthesizes the app and runs the pack on its templates, returning the findings. */
export function findingsOf(app: App): Finding[] {
  const assembly = app.synth({ force: true });
  const report = new PrivateLinkChecks().validate({
    templatePaths: assembly.stacks.map(s => s.templateFullPath),
    stackTemplates: assembly.stacks.map(s => ({ stackConstructPath: s.hierarchicalId, templatePath: s.templateFullPath })),
    appConstruct: app,
    accountId: undefined,
    region: undefined,
  });
  return report.violations.map(v => ({
    rule: v.ruleName,
    path: v.violatingResources[0].constructPath,
    description: v.description,
    guide: v.ruleMetadata?.guideSection,
  }));
}

/** A VPC with two isolated subnet groups (`a`, `b`) over two AZs, DNS support on and DNS hostnames as given. */
export function plainVpc(stack: Stack, id: string, dnsHostnames = true): ec2.Vpc {
  return new ec2.Vpc(stack, id, {
    maxAzs: 2,
    natGateways: 0,
    enableDnsSupport: true,
    enableDnsHostnames: dnsHostnames,
    subnetConfiguration: [
      { name: 'a', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      { name: 'b', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
    ],
  });
}

/**
 * The stack's Availability Zone `i`: the context's zone in a stack with env, `Fn::Select` over
 * `Fn::GetAZs` in one without (which lists two zones, so a third must be selected by hand).
 */
export function zoneOf(stack: Stack, i: number): string {
  return Token.isUnresolved(stack.region) ? Fn.select(i, Fn.getAzs()) : stack.availabilityZones[i];
}

/** The service name of a Gateway Load Balancer endpoint service of the app, as a consumer writes it. */
export function gwlbServiceName(service: ec2.CfnVPCEndpointService): string {
  return Fn.join('', ['com.amazonaws.vpce.', Aws.REGION, '.', service.ref]);
}

/**
 * An inspection VPC ("bump in the wire") written with plain aws-cdk-lib: an internet gateway with an
 * edge route table, an application subnet (10.1.0.0/24) and an endpoint subnet in the stack's first
 * Availability Zone, and the three routes of the design. With `bypass`, the application subnet also
 * sends 198.51.100.0/24 straight to the internet gateway, around the endpoint. Returns the
 * application subnet.
 */
export function plainInspectionVpc(scope: Construct, id: string, serviceName: string, bypass: boolean): ec2.Subnet {
  const root = new Construct(scope, id);
  const vpc = new ec2.CfnVPC(root, 'Vpc', { cidrBlock: '10.1.0.0/16' });
  const internetGateway = new ec2.CfnInternetGateway(root, 'InternetGateway');
  new ec2.CfnVPCGatewayAttachment(root, 'Attachment', { vpcId: vpc.ref, internetGatewayId: internetGateway.ref });
  const availabilityZone = zoneOf(Stack.of(scope), 0);
  const application = new ec2.Subnet(root, 'Application', { vpcId: vpc.ref, availabilityZone, cidrBlock: '10.1.0.0/24' });
  const endpointSubnet = new ec2.Subnet(root, 'EndpointSubnet', { vpcId: vpc.ref, availabilityZone, cidrBlock: '10.1.1.0/28' });
  const endpoint = new ec2.CfnVPCEndpoint(root, 'Endpoint', {
    vpcId: vpc.ref, vpcEndpointType: 'GatewayLoadBalancer', serviceName, subnetIds: [endpointSubnet.subnetId],
  });
  const edge = new ec2.CfnRouteTable(root, 'EdgeRouteTable', { vpcId: vpc.ref });
  new ec2.CfnGatewayRouteTableAssociation(root, 'EdgeAssociation', { gatewayId: internetGateway.ref, routeTableId: edge.ref });
  const route = (routeId: string, routeTableId: string, destinationCidrBlock: string, target: { vpcEndpointId: string } | { gatewayId: string }) =>
    new ec2.CfnRoute(root, routeId, { routeTableId, destinationCidrBlock, ...target });
  route('EdgeToEndpoint', edge.ref, '10.1.0.0/24', { vpcEndpointId: endpoint.ref });
  route('ApplicationToEndpoint', application.routeTable.routeTableId, '0.0.0.0/0', { vpcEndpointId: endpoint.ref });
  route('EndpointToInternet', endpointSubnet.routeTable.routeTableId, '0.0.0.0/0', { gatewayId: internetGateway.ref });
  if (bypass) route('Bypass', application.routeTable.routeTableId, '198.51.100.0/24', { gatewayId: internetGateway.ref });
  return application;
}
