import { Resource, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct, IConstruct } from 'constructs';
import { MonitoredEndpointBase } from './endpoint-base';
import { checkIpAddressTypeFitsSubnets, countEndpoint, EndpointKind, subnetFact, throwFirst, vpcLedger } from '../private/endpoint-rules';
import { subnetFacts } from '../private/network-facts';
import { gwlbEndpointOptions, gwlbOnePerAz, gwlbOneSubnet, GwlbPlacementFact, gwlbRouteDestination } from '../private/rules/rules';
import { describeValue, resolvedKey } from '../private/tokens';

/**
 * A Gateway Load Balancer endpoint, created here or imported.
 */
export interface IGatewayLoadBalancerEndpoint extends IConstruct {
  /**
   * The endpoint id.
   *
   * @attribute
   */
  readonly vpcEndpointId: string;

  /**
   * Adds a route that sends traffic for a destination through the endpoint (to the inspection appliances).
   */
  addRoute(id: string, options: GatewayLoadBalancerEndpointRouteOptions): ec2.CfnRoute;
}

/**
 * A route whose target is a Gateway Load Balancer endpoint. Give exactly one destination.
 */
export interface GatewayLoadBalancerEndpointRouteOptions {
  /** The route table to add the route to. */
  readonly routeTableId: string;

  /**
   * IPv4 destination, e.g. `0.0.0.0/0` or a subnet's CIDR.
   *
   * @default - no IPv4 destination
   */
  readonly destinationCidrBlock?: string;

  /**
   * IPv6 destination, e.g. `::/0`.
   *
   * @default - no IPv6 destination
   */
  readonly destinationIpv6CidrBlock?: string;

  /**
   * Not supported: routes that target a Gateway Load Balancer endpoint cannot use a prefix list
   * as destination. Present so the mistake is reported at synth rather than at deploy.
   *
   * @default - no prefix list
   */
  readonly destinationPrefixListId?: string;
}

/**
 * Properties of a `GatewayLoadBalancerEndpoint`.
 */
export interface GatewayLoadBalancerEndpointProps {
  /** The VPC to place the endpoint in. */
  readonly vpc: ec2.IVpc;

  /**
   * Name of the Gateway Load Balancer endpoint service, e.g.
   * `com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0` (`vpcEndpointServiceName` of an endpoint service).
   */
  readonly serviceName: string;

  /**
   * The subnet for the endpoint. It must select exactly one subnet, in an Availability Zone that
   * the Gateway Load Balancer serves.
   */
  readonly subnets: ec2.SubnetSelection;

  /**
   * IP address type of the endpoint. IPv4 needs an IPv4 range on the subnet, IPv6 an IPv6-only
   * subnet, dual-stack both ranges (and a dual-stack Gateway Load Balancer).
   *
   * @default - IPv4 (the service-side default)
   */
  readonly ipAddressType?: ec2.VpcEndpointIpAddressType;

  /**
   * Not supported: a Gateway Load Balancer endpoint has no private DNS. Present so that setting it
   * to true is reported at synth rather than at deploy.
   *
   * @default - no private DNS
   */
  readonly privateDnsEnabled?: boolean;

  /**
   * Not supported: a Gateway Load Balancer endpoint takes no security groups (the appliances
   * filter traffic). Present so that passing some is reported at synth rather than at deploy.
   *
   * @default - no security groups
   */
  readonly securityGroups?: ec2.ISecurityGroup[];
}

/**
 * A Gateway Load Balancer endpoint: the route target that sends traffic through security
 * appliances behind a Gateway Load Balancer. It has no security groups and no private DNS.
 *
 * At most one such endpoint per Availability Zone per service in a VPC is allowed; routes that
 * target it cannot use prefix lists.
 *
 * @example
 * declare const serviceName: string;
 * declare const appRouteTableId: string;
 * const inspection = new privatelink.GatewayLoadBalancerEndpoint(this, 'InspectionA', {
 *   vpc,
 *   serviceName,
 *   subnets: { subnets: [vpc.isolatedSubnets[0]] },
 * });
 * inspection.addRoute('AppDefault', { routeTableId: appRouteTableId, destinationCidrBlock: '0.0.0.0/0' });
 */
export class GatewayLoadBalancerEndpoint extends MonitoredEndpointBase implements IGatewayLoadBalancerEndpoint {
  /**
   * Imports a Gateway Load Balancer endpoint created elsewhere, for example to add routes to it.
   */
  public static fromGatewayLoadBalancerEndpointId(scope: Construct, id: string, vpcEndpointId: string): IGatewayLoadBalancerEndpoint {
    class Import extends Resource implements IGatewayLoadBalancerEndpoint {
      public readonly vpcEndpointId = vpcEndpointId;
      public addRoute(routeId: string, options: GatewayLoadBalancerEndpointRouteOptions): ec2.CfnRoute {
        return addRouteTo(routesScope(this), routeId, vpcEndpointId, options);
      }
    }
    return new Import(scope, id);
  }

  /** The `AWS::EC2::VPCEndpoint`. */
  public readonly endpoint: ec2.CfnVPCEndpoint;

  /** @attribute */
  public readonly vpcEndpointId: string;

  public readonly serviceName: string;

  public readonly vpcId: string;

  /** The subnet the endpoint is in. */
  public readonly subnet: ec2.ISubnet;

  /**
   * The id of the endpoint network interface.
   *
   * @attribute
   */
  public readonly networkInterfaceIds: string[];

  protected readonly metricEndpointType = 'GatewayLoadBalancer';

  constructor(scope: Construct, id: string, props: GatewayLoadBalancerEndpointProps) {
    super(scope, id);

    throwFirst(gwlbEndpointOptions(props.privateDnsEnabled, props.securityGroups?.length ?? 0, 'privateDnsEnabled', 'securityGroups'));
    const subnets = props.vpc.selectSubnets(props.subnets).subnets;
    throwFirst(gwlbOneSubnet(subnets.map(subnetFacts).map(subnetFact), 'subnets'));
    this.subnet = subnets[0];
    const facts = subnetFacts(this.subnet);
    checkIpAddressTypeFitsSubnets([facts], props.ipAddressType ?? ec2.VpcEndpointIpAddressType.IPV4, 'ipAddressType');

    // One endpoint per Availability Zone per service in a VPC. AZs and service names compare by
    // their resolved form, so env-agnostic stacks (token AZs) are checked too.
    const ledger = vpcLedger(this, props.vpc);
    const placement: GwlbPlacementFact = {
      name: this.node.path,
      vpcKey: '',
      serviceKey: resolvedKey(this, props.serviceName),
      serviceLabel: describeValue(this, props.serviceName),
      azKey: facts.availabilityZoneKey,
      azLabel: facts.availabilityZoneLabel,
    };
    const placements = [...ledger.gwlbs, placement];
    throwFirst(gwlbOnePerAz(placements, 'subnets').get(placements.length - 1) ?? []);
    ledger.gwlbs.push(placement);

    this.endpoint = new ec2.CfnVPCEndpoint(this, 'Resource', {
      vpcId: props.vpc.vpcId,
      vpcEndpointType: 'GatewayLoadBalancer',
      serviceName: props.serviceName,
      subnetIds: [this.subnet.subnetId],
      ipAddressType: props.ipAddressType,
    });

    countEndpoint(this, 'GatewayLoadBalancerEndpoint', props.vpc, EndpointKind.GATEWAY_LOAD_BALANCER);

    this.vpcEndpointId = this.endpoint.ref;
    this.serviceName = props.serviceName;
    this.vpcId = props.vpc.vpcId;
    this.networkInterfaceIds = this.endpoint.attrNetworkInterfaceIds;
  }

  /**
   * Adds a route that sends `destinationCidrBlock` (or `destinationIpv6CidrBlock`) from the route
   * table to this endpoint. The route is created under the endpoint's `Routes` child, so any `id`
   * works, `'Default'` and `'Resource'` included.
   */
  public addRoute(id: string, options: GatewayLoadBalancerEndpointRouteOptions): ec2.CfnRoute {
    return addRouteTo(routesScope(this), id, this.vpcEndpointId, options);
  }
}

/**
 * The construct that holds the routes of an endpoint: routes live apart from the endpoint's own
 * children, so a user's route id never collides with them or breaks `node.defaultChild`.
 */
function routesScope(endpoint: Construct): Construct {
  return (endpoint.node.tryFindChild('Routes') as Construct | undefined) ?? new Construct(endpoint, 'Routes');
}

const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

function isIpv4Cidr(cidr: string): boolean {
  const m = IPV4_CIDR.exec(cidr);
  return m !== null && m.slice(1, 5).every(o => Number(o) <= 255) && Number(m[5]) <= 32;
}

function isIpv6Cidr(cidr: string): boolean {
  const [address, prefix, ...rest] = cidr.split('/');
  if (rest.length > 0 || prefix === undefined || !/^\d{1,3}$/.test(prefix) || Number(prefix) > 128) return false;
  if (!/^[0-9a-fA-F:]+$/.test(address) || (address.match(/::/g) ?? []).length > 1) return false;
  const groups = address.split(':').filter(g => g !== '');
  return groups.every(g => g.length <= 4) && (address.includes('::') ? groups.length < 8 : groups.length === 8);
}

function addRouteTo(scope: Construct, id: string, vpcEndpointId: string, options: GatewayLoadBalancerEndpointRouteOptions): ec2.CfnRoute {
  const prefixList = options.destinationPrefixListId;
  throwFirst(gwlbRouteDestination(prefixList === undefined ? undefined : describeValue(scope, prefixList), 'destinationPrefixListId'));
  const given = [options.destinationCidrBlock, options.destinationIpv6CidrBlock].filter(d => d !== undefined);
  if (given.length !== 1) {
    throw new Error(`addRoute needs exactly one of destinationCidrBlock or destinationIpv6CidrBlock, got ${given.length}`);
  }
  const v4 = options.destinationCidrBlock;
  if (v4 !== undefined && !Token.isUnresolved(v4) && !isIpv4Cidr(v4)) {
    throw new Error(`destinationCidrBlock '${v4}' is not an IPv4 CIDR block; use a form like '0.0.0.0/0' or '10.0.1.0/24'`);
  }
  const v6 = options.destinationIpv6CidrBlock;
  if (v6 !== undefined && !Token.isUnresolved(v6) && !isIpv6Cidr(v6)) {
    throw new Error(`destinationIpv6CidrBlock '${v6}' is not an IPv6 CIDR block; use a form like '::/0' or '2001:db8:1234:1a00::/56'`);
  }
  return new ec2.CfnRoute(scope, id, {
    routeTableId: options.routeTableId,
    destinationCidrBlock: options.destinationCidrBlock,
    destinationIpv6CidrBlock: options.destinationIpv6CidrBlock,
    vpcEndpointId,
  });
}
