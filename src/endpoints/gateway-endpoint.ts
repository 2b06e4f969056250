import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { EndpointPolicy, EndpointPolicyTarget } from './endpoint-policy';
import {
  checkGatewayDnsRecordIpType, checkIpAddressTypeFitsSubnets, checkPolicyProp, checkStatementsHavePrincipal, countEndpoint, EndpointKind,
  serviceKey, throwFirst, validateFinalEndpointPolicy, vpcLedger,
} from '../private/endpoint-rules';
import { missingVpcDns, subnetFacts } from '../private/network-facts';
import { dynamoDbGateway, gatewayRouteTables, GatewayRoutingFact } from '../private/rules/rules';
import { describeValue, resolvedKey } from '../private/tokens';

/**
 * Properties of a `GatewayEndpoint`.
 */
export interface GatewayEndpointProps {
  /** The VPC whose route tables get routes to the service. */
  readonly vpc: ec2.IVpc;

  /**
   * The service: `ec2.GatewayVpcEndpointAwsService.S3`, `.S3_EXPRESS` or `.DYNAMODB`.
   */
  readonly service: ec2.IGatewayVpcEndpointService;

  /**
   * Subnets whose route tables get a route to the service.
   *
   * @default - every subnet of the VPC
   */
  readonly subnets?: ec2.SubnetSelection[];

  /**
   * IP address type of the endpoint.
   *
   * @default - IPv4 (the service-side default)
   */
  readonly ipAddressType?: ec2.VpcEndpointIpAddressType;

  /**
   * Which DNS records the endpoint serves. IPv4 endpoints accept IPv4 or service-defined, IPv6
   * endpoints IPv6 or service-defined, dual-stack endpoints any type; DynamoDB only
   * service-defined. Anything but service-defined needs DNS support and DNS hostnames on the VPC.
   *
   * @default - service-defined (the service-side default)
   */
  readonly dnsRecordIpType?: ec2.VpcEndpointDnsRecordIpType;

  /**
   * Endpoint policy. Gateway endpoints only accept the principal `*`: narrow access with
   * conditions such as `aws:PrincipalArn` (see `EndpointPolicy.allowPrincipalArns`).
   *
   * @default - no policy: the service's default policy, which allows full access through the endpoint
   */
  readonly policy?: EndpointPolicy;
}

/**
 * A gateway VPC endpoint for Amazon S3, S3 Express One Zone or DynamoDB, with the guide's IP
 * type, DNS record type, policy and route-table rules checked at synth.
 *
 * It composes `ec2.GatewayVpcEndpoint`; `node.defaultChild` is the `AWS::EC2::VPCEndpoint`.
 *
 * @example
 * new privatelink.GatewayEndpoint(this, 'S3', {
 *   vpc,
 *   service: ec2.GatewayVpcEndpointAwsService.S3,
 *   policy: privatelink.EndpointPolicy.allowAccounts(['111111111111']),
 * });
 */
export class GatewayEndpoint extends Construct {
  /**
   * Imports a gateway endpoint created elsewhere.
   */
  public static fromGatewayEndpointId(scope: Construct, id: string, vpcEndpointId: string): ec2.IGatewayVpcEndpoint {
    return ec2.GatewayVpcEndpoint.fromGatewayVpcEndpointId(scope, id, vpcEndpointId);
  }

  /** The underlying aws-cdk-lib endpoint. */
  public readonly endpoint: ec2.GatewayVpcEndpoint;

  /** @attribute */
  public readonly vpcEndpointId: string;

  /** The service name, e.g. `com.amazonaws.us-east-1.s3`. */
  public readonly serviceName: string;

  /** Ids of the route tables that route to the service through this endpoint. */
  public readonly routeTableIds: string[];

  constructor(scope: Construct, id: string, props: GatewayEndpointProps) {
    super(scope, id);

    const ipAddressType = props.ipAddressType ?? ec2.VpcEndpointIpAddressType.IPV4;
    const isDynamoDb = props.service.name.endsWith('.dynamodb') || props.service === ec2.GatewayVpcEndpointAwsService.DYNAMODB;
    const dnsRecordIpType = props.dnsRecordIpType;
    if (isDynamoDb) throwFirst(dynamoDbGateway(ipAddressType, dnsRecordIpType, 'ipAddressType', 'dnsRecordIpType'));
    checkGatewayDnsRecordIpType(ipAddressType, dnsRecordIpType);
    const dnsProblem = missingVpcDns(props.vpc);
    if (dnsRecordIpType !== undefined && dnsRecordIpType !== ec2.VpcEndpointDnsRecordIpType.SERVICE_DEFINED && dnsProblem) {
      throw new Error(`dnsRecordIpType '${dnsRecordIpType}' needs DNS support and DNS hostnames on the VPC but ${dnsProblem}; `
        + "enable both on the VPC or use 'service-defined'");
    }

    const subnets = props.subnets
      ? props.subnets.flatMap(s => props.vpc.selectSubnets(s).subnets)
      : [...props.vpc.privateSubnets, ...props.vpc.publicSubnets, ...props.vpc.isolatedSubnets];
    this.routeTableIds = [...new Set(subnets.map(s => s.routeTable.routeTableId))];
    // IPv6 needs IPv6-only subnets and dual-stack both ranges (IPv4 only adds the IPv4 prefix list).
    if (ipAddressType !== ec2.VpcEndpointIpAddressType.IPV4) {
      checkIpAddressTypeFitsSubnets(subnets.map(subnetFacts), ipAddressType, 'ipAddressType');
    }

    // Two gateway endpoints of one service cannot share a route table.
    const ledger = vpcLedger(this, props.vpc);
    const service = serviceKey(this, props.service.name);
    const routing = this.routingFact(this.node.path, service, props.service.name, this.routeTableIds);
    const gateways = [...ledger.gateways, routing];
    throwFirst(gatewayRouteTables(gateways, 'subnets').get(gateways.length - 1) ?? []);
    ledger.gateways.push(routing);

    this.endpoint = new ec2.GatewayVpcEndpoint(this, 'Resource', {
      vpc: props.vpc,
      service: props.service,
      subnets: props.subnets,
      ipAddressType: props.ipAddressType,
      dnsRecordIpType,
    });
    const cfn = this.endpoint.node.defaultChild as ec2.CfnVPCEndpoint;
    this.node.defaultChild = cfn;

    checkStatementsHavePrincipal(props.policy?.statements ?? [], 'policy');
    checkPolicyProp(this, props.policy, EndpointPolicyTarget.GATEWAY, 'policy');
    for (const statement of props.policy?.statements ?? []) {
      this.endpoint.addToPolicy(statement);
    }
    validateFinalEndpointPolicy(this, cfn, true);

    // Gateway endpoints made with plain aws-cdk-lib count too: checked once the stack is complete.
    this.node.addValidation({ validate: () => this.sharedRouteTableProblems(props.vpc, service, cfn) });

    countEndpoint(this, 'GatewayEndpoint', props.vpc, EndpointKind.GATEWAY);

    this.vpcEndpointId = this.endpoint.vpcEndpointId;
    this.serviceName = props.service.name;
  }

  /**
   * Adds a statement to the endpoint policy. The principal must be `*`; narrow with conditions.
   */
  public addToPolicy(statement: iam.PolicyStatement): void {
    checkStatementsHavePrincipal([statement], 'addToPolicy');
    this.endpoint.addToPolicy(statement);
  }

  /**
   * Rule PrivateLink-Gateway1 against gateway endpoints made with plain aws-cdk-lib: no other gateway
   * endpoint of the same service may use one of this endpoint's route tables.
   */
  private sharedRouteTableProblems(vpc: ec2.IVpc, service: string, own: ec2.CfnVPCEndpoint): string[] {
    const vpcId = resolvedKey(this, vpc.vpcId);
    const others: GatewayRoutingFact[] = [];
    for (const other of Stack.of(this).node.findAll()) {
      if (!(other instanceof ec2.CfnVPCEndpoint) || other === own || other.vpcEndpointType !== 'Gateway') continue;
      if (resolvedKey(this, other.vpcId) !== vpcId || other.serviceName === undefined || serviceKey(this, other.serviceName) !== service) continue;
      others.push(this.routingFact(other.node.path, service, other.serviceName, other.routeTableIds ?? []));
    }
    const all = [...others, this.routingFact(this.node.path, service, this.serviceName, this.routeTableIds)];
    return gatewayRouteTables(all, 'subnets').get(all.length - 1) ?? [];
  }

  private routingFact(name: string, service: string, serviceName: string, routeTableIds: string[]): GatewayRoutingFact {
    return {
      name,
      vpcKey: '',
      serviceKey: service,
      serviceLabel: describeValue(this, serviceName),
      routeTables: routeTableIds.map(id => ({ key: resolvedKey(this, id), label: describeValue(this, id) })),
    };
  }
}
