import { Annotations, CustomResource, Fn, Stack, Token, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IDependable } from 'constructs';
import { EndpointConnectionProvider } from './endpoint-connection-provider';
import { GwlbInspectionService, IGwlbInspectionService } from './gwlb-inspection-service';
import { GatewayLoadBalancerEndpoint } from '../endpoints/gateway-load-balancer-endpoint';
import { subnetFact, throwFirst } from '../private/endpoint-rules';
import { firstNonAzId, safe, subnetFacts, SubnetFacts } from '../private/network-facts';
import { walkTemplate } from '../private/rules/route-walk';
import { gwlbEgressOnly, gwlbInspectionRouting, gwlbServedZone, gwlbServiceIpTypes, gwlbSharedSubnet } from '../private/rules/rules';
import { stackTemplate } from '../private/stack-template';
import { cfnResourcesOf, describeValue, resolvedKey } from '../private/tokens';

/** Properties of a `GwlbInspectionVpc`. */
export interface GwlbInspectionVpcProps {
  /**
   * The inspection service: a `GwlbInspectionService` of this app, or one described with
   * `GwlbInspectionService.fromServiceAttributes` (another account).
   */
  readonly service: IGwlbInspectionService;

  /**
   * An existing VPC to adopt instead of creating one. Give `internetGatewayId`,
   * `applicationSubnets` and `endpointSubnets` with it; the construct adds the inspection routes
   * to their route tables and an edge route table to the gateway.
   *
   * @default - a VPC is created
   */
  readonly vpc?: ec2.IVpc;

  /**
   * The internet gateway attached to the adopted `vpc` (`igw-...`). Not an egress-only internet
   * gateway: its IPv6 traffic would be dropped.
   *
   * @default - required with `vpc`; a created VPC gets its own
   */
  readonly internetGatewayId?: string;

  /**
   * The application subnets of the adopted `vpc`, one per Availability Zone. Their route tables
   * must have no route of their own to the internet.
   *
   * @default - required with `vpc`
   */
  readonly applicationSubnets?: ec2.ISubnet[];

  /**
   * The subnets of the adopted `vpc` for the Gateway Load Balancer endpoints, one in each zone of
   * `applicationSubnets` and none of them an application subnet.
   *
   * @default - required with `vpc`
   */
  readonly endpointSubnets?: ec2.ISubnet[];

  /**
   * IPv4 range of the created VPC. Changing it replaces the VPC.
   *
   * @default '10.0.0.0/16'
   */
  readonly ipv4Cidr?: string;

  /**
   * Availability Zones of the created VPC, by name. Construct ids and subnet ranges follow the
   * order of the list: add zones at its end, and never remove or reorder one (that would replace
   * subnets and endpoints, and a new endpoint cannot join a zone whose old one still exists).
   *
   * @default - the stack's first two zones (or the zones of `availabilityZoneIds`)
   */
  readonly availabilityZones?: string[];

  /**
   * Availability Zones of the created VPC, by AZ id (`use1-az1`), which name the same zone in
   * every account: use them to meet a service in another account. Not with `availabilityZones`.
   *
   * @default - placed by name
   */
  readonly availabilityZoneIds?: string[];

  /**
   * Whether the created VPC also has an Amazon-provided IPv6 range, inspected as IPv4 is (`::/0`
   * routes, dual-stack endpoints). Needs a service that supports IPv6. For an adopted VPC, whether
   * its subnets' IPv6 ranges are inspected.
   *
   * @default false
   */
  readonly dualStack?: boolean;

  /**
   * Prefix length of each created application subnet.
   *
   * @default 24
   */
  readonly applicationSubnetCidrMask?: number;

  /**
   * Prefix length of each created endpoint subnet (the endpoint takes one address).
   *
   * @default 28
   */
  readonly endpointSubnetCidrMask?: number;

  /**
   * Whether instances launched in the created application subnets get public IPv4 addresses. The
   * VPC has no NAT gateway: application servers reach the internet (through the appliances) with
   * public or Elastic IP addresses.
   *
   * @default false
   */
  readonly mapPublicIpOnLaunch?: boolean;

  /**
   * Whether the created VPC logs its flows (all traffic) to a CloudWatch Logs group kept for a year.
   *
   * @default true
   */
  readonly flowLogs?: boolean;

  /**
   * Where the created VPC's flow logs go, for example an encrypted log group of yours.
   *
   * @default - a new CloudWatch Logs group, kept for one year
   */
  readonly flowLogDestination?: ec2.FlowLogDestination;

  /**
   * Whether a custom resource holds the routes until every endpoint is `available` (routes to a
   * pending endpoint fail). For a service of this account that requires acceptance, it also
   * accepts the endpoints' connection requests. It waits 30 minutes at most.
   *
   * @default - true when the service requires acceptance or is in another account
   */
  readonly waitForConnection?: boolean;
}

/** One Availability Zone of the inspection VPC: its subnets, endpoint and routes. */
export interface InspectionZone {
  /** The zone as a user reads it (`us-east-1a`, `AZ[0]` or an AZ id). */
  readonly availabilityZone: string;
  /** The zone's application subnet: its traffic to and from the internet passes the zone's endpoint. */
  readonly applicationSubnet: ec2.ISubnet;
  /** The zone's subnet for the Gateway Load Balancer endpoint, with its route to the internet gateway. */
  readonly endpointSubnet: ec2.ISubnet;
  /** The zone's Gateway Load Balancer endpoint. */
  readonly endpoint: GatewayLoadBalancerEndpoint;
}

interface Zone {
  readonly label: string;
  readonly application: ec2.ISubnet;
  readonly applicationFacts: SubnetFacts;
  readonly endpointSubnet: ec2.ISubnet;
  readonly endpointFacts: SubnetFacts;
  readonly ipv4?: string;
  readonly ipv6?: string;
}

/**
 * A VPC whose internet traffic passes security appliances in both directions ("bump in the wire"):
 * per Availability Zone an application subnet and a separate subnet with a Gateway Load Balancer
 * endpoint, and three kinds of route tables.
 *
 * - The internet gateway's edge route table sends each application subnet's range to the endpoint
 *   in its zone.
 * - Each application subnet sends `0.0.0.0/0` (and `::/0`) to the endpoint in its zone.
 * - Each endpoint subnet sends `0.0.0.0/0` (and `::/0`) to the internet gateway.
 *
 * Every route depends on its endpoint; when the service needs acceptance or is in another account,
 * a waiter custom resource holds the routes until the endpoints are available (accepting them when
 * the service is in this account). At synth, the routes of the VPC are walked like the VPC router
 * would, and any path that skips the appliances fails the synthesis.
 *
 * @example
 * declare const service: privatelink.GwlbInspectionService;
 * const inspected = new privatelink.GwlbInspectionVpc(this, 'Inspected', { service });
 */
export class GwlbInspectionVpc extends Construct {
  /**
   * The VPC, created or adopted. For a created VPC, the application subnets are its public
   * subnets (what `selectSubnets()` and other constructs pick by default).
   */
  public readonly vpc: ec2.IVpc;
  /** The `AWS::EC2::VPC`, when created here. */
  public readonly cfnVpc?: ec2.CfnVPC;
  /** The internet gateway id. */
  public readonly internetGatewayId: string;
  /** The internet gateway, when created here. */
  public readonly internetGateway?: ec2.CfnInternetGateway;
  /** The edge route table of the internet gateway. */
  public readonly edgeRouteTable: ec2.CfnRouteTable;
  /** The association of the edge route table with the internet gateway. */
  public readonly edgeAssociation: ec2.CfnGatewayRouteTableAssociation;
  /** Per zone: subnets and endpoint. */
  public readonly zones: InspectionZone[];
  /** The application subnets, one per zone. */
  public readonly applicationSubnets: ec2.ISubnet[];
  /** The endpoint subnets, one per zone. */
  public readonly endpointSubnets: ec2.ISubnet[];
  /** The Gateway Load Balancer endpoints, one per zone. */
  public readonly endpoints: GatewayLoadBalancerEndpoint[];
  /** Every route this construct adds. */
  public readonly routes: ec2.CfnRoute[] = [];
  /** The waiter that holds the routes until the endpoints are available, if one is used. */
  public readonly connectionWaiter?: CustomResource;
  /** The flow log of a created VPC, if on. */
  public readonly flowLog?: ec2.FlowLog;

  /** The routes from the endpoint subnets to the internet gateway. */
  private readonly internetRoutes: ec2.CfnRoute[] = [];
  /** The IPv6 range of a created dual-stack VPC. */
  private ipv6Block?: ec2.CfnVPCCidrBlock;

  constructor(scope: Construct, id: string, props: GwlbInspectionVpcProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const service = props.service;
    const dualStack = props.dualStack ?? false;

    throwFirst(gwlbServiceIpTypes(dualStack ? 'dualstack' : 'ipv4', service.supportedIpAddressTypes, describeValue(this, service.serviceName),
      'dualStack (true) makes the endpoint IP address type, which'));

    let zones: Zone[];
    let attachment: IDependable | undefined;
    if (props.vpc) {
      const adopted = this.adopt(props, dualStack);
      this.vpc = props.vpc;
      this.internetGatewayId = adopted.internetGatewayId;
      zones = adopted.zones;
      // An ec2.Vpc of this app: its gateway attachment comes first (its internetConnectivityEstablished
      // holds the gateway, not always the attachment).
      const vpcAttachment = props.vpc.node.tryFindChild('VPCGW');
      attachment = vpcAttachment instanceof ec2.CfnVPCGatewayAttachment ? vpcAttachment : props.vpc.internetConnectivityEstablished;
    } else {
      for (const prop of ['internetGatewayId', 'applicationSubnets', 'endpointSubnets'] as const) {
        if (props[prop] !== undefined) throw new Error(`${prop} is only for an adopted VPC; give vpc too, or leave ${prop} unset`);
      }
      const created = this.create(props, dualStack);
      this.vpc = created.vpc;
      this.cfnVpc = created.cfnVpc;
      this.internetGateway = created.internetGateway;
      this.internetGatewayId = created.internetGateway.ref;
      attachment = created.attachment;
      this.flowLog = created.flowLog;
      zones = created.zones;
    }

    // Rule PrivateLink-Gwlb4: each endpoint in a zone the load balancer serves.
    const sameAccount = service.account !== '' && resolvedKey(this, service.account) === resolvedKey(this, stack.account);
    const servedKeys = service.availabilityZones.map(z => resolvedKey(service, z));
    for (const zone of zones) {
      // A subnet placed by AZ id has no zone name to compare with the service's names.
      const azId = zone.endpointFacts.availabilityZoneId;
      throwFirst(gwlbServedZone(
        { azKey: azId === undefined ? zone.endpointFacts.availabilityZoneKey : undefined, azLabel: zone.label, azId },
        {
          azKeys: servedKeys,
          azLabels: service.availabilityZones.map(z => describeValue(service, z)),
          azIds: service.availabilityZoneIds.length > 0 ? service.availabilityZoneIds : undefined,
        },
        sameAccount, props.vpc ? 'endpointSubnets' : (props.availabilityZoneIds ? 'availabilityZoneIds' : 'availabilityZones')));
    }
    if (!sameAccount && service.availabilityZoneIds.length > 0 && zones.some(z => z.endpointFacts.availabilityZoneId === undefined)) {
      Annotations.of(this).addWarningV2('cdk-privatelink:GwlbInspectionVpc.zonesByName',
        'The service is in another account and publishes AZ ids, but the endpoints are placed by zone name, which can mean another '
        + 'zone in each account; place them with availabilityZoneIds so that they meet the load balancer');
    }

    // The edge route table of the internet gateway.
    this.edgeRouteTable = new ec2.CfnRouteTable(this, 'EdgeRouteTable', { vpcId: this.vpc.vpcId });
    this.edgeAssociation = new ec2.CfnGatewayRouteTableAssociation(this, 'EdgeAssociation', {
      gatewayId: this.internetGatewayId,
      routeTableId: this.edgeRouteTable.ref,
    });
    if (attachment) this.edgeAssociation.node.addDependency(attachment);

    // One endpoint per zone, in its own subnet.
    const endpoints = zones.map((zone, i) => new GatewayLoadBalancerEndpoint(this, `Endpoint${i + 1}`, {
      vpc: this.vpc,
      serviceName: service.serviceName,
      subnets: { subnets: [zone.endpointSubnet] },
      ipAddressType: dualStack ? ec2.VpcEndpointIpAddressType.DUALSTACK : ec2.VpcEndpointIpAddressType.IPV4,
    }));
    // A service of this app: allow this account before the endpoints ask to connect.
    if (service.allowAccount(stack.account) && service instanceof GwlbInspectionService) {
      for (const endpoint of endpoints) endpoint.endpoint.node.addDependency(service.permissions);
    }

    const wait = props.waitForConnection ?? (service.acceptanceRequired || !sameAccount);
    if (!wait && service.acceptanceRequired) {
      Annotations.of(this).addWarningV2('cdk-privatelink:GwlbInspectionVpc.noWait',
        'waitForConnection is false but the service requires acceptance: the routes to the endpoints fail while their connections '
        + 'are pending; accept them before this stack creates the routes, or leave waitForConnection unset');
    }
    if (wait) {
      const acceptOn = sameAccount && service.acceptanceRequired ? service.serviceId : undefined;
      this.connectionWaiter = EndpointConnectionProvider.of(this).waitFor(this, 'ConnectionWaiter', endpoints.map(e => e.vpcEndpointId), acceptOn);
      if (!sameAccount && service.acceptanceRequired) {
        Annotations.of(this).addInfo('The endpoints wait for the provider of the service to accept their connections; the deployment '
          + 'fails if that takes more than 30 minutes');
      }
    }

    const internetRoutes = new Construct(this, 'Routes');
    zones.forEach((zone, i) => {
      const endpoint = endpoints[i];
      const toEndpoint = (routeId: string, routeTableId: string, destination: { v4?: string; v6?: string }) => {
        const route = endpoint.addRoute(routeId, {
          routeTableId,
          destinationCidrBlock: destination.v4,
          destinationIpv6CidrBlock: destination.v6,
        });
        if (this.connectionWaiter) route.node.addDependency(this.connectionWaiter);
        if (destination.v6 && this.ipv6Block) route.node.addDependency(this.ipv6Block);
        this.routes.push(route);
      };
      if (zone.ipv4 !== undefined) toEndpoint('EdgeIpv4', this.edgeRouteTable.ref, { v4: zone.ipv4 });
      if (dualStack && zone.ipv6 !== undefined) toEndpoint('EdgeIpv6', this.edgeRouteTable.ref, { v6: zone.ipv6 });
      toEndpoint('ApplicationIpv4', zone.application.routeTable.routeTableId, { v4: '0.0.0.0/0' });
      if (dualStack) toEndpoint('ApplicationIpv6', zone.application.routeTable.routeTableId, { v6: '::/0' });

      const internet = (routeId: string, destination: { v4?: string; v6?: string }) => {
        // An adopted public subnet of this app may have its default route to the gateway already.
        const existing = zone.endpointSubnet.node.tryFindChild(destination.v6 ? 'DefaultRoute6' : 'DefaultRoute');
        if (existing instanceof ec2.CfnRoute && resolvedKey(this, existing.gatewayId) === resolvedKey(this, this.internetGatewayId)) return;
        const route = new ec2.CfnRoute(internetRoutes, `Zone${i + 1}${routeId}`, {
          routeTableId: zone.endpointSubnet.routeTable.routeTableId,
          destinationCidrBlock: destination.v4,
          destinationIpv6CidrBlock: destination.v6,
          gatewayId: this.internetGatewayId,
        });
        if (attachment) route.node.addDependency(attachment);
        if (destination.v6 && this.ipv6Block) route.node.addDependency(this.ipv6Block);
        this.routes.push(route);
        this.internetRoutes.push(route);
      };
      internet('InternetIpv4', { v4: '0.0.0.0/0' });
      if (dualStack) internet('InternetIpv6', { v6: '::/0' });
    });

    this.endpoints = endpoints;
    this.applicationSubnets = zones.map(z => z.application);
    this.endpointSubnets = zones.map(z => z.endpointSubnet);
    this.zones = zones.map((z, i) => ({
      availabilityZone: z.label, applicationSubnet: z.application, endpointSubnet: z.endpointSubnet, endpoint: endpoints[i],
    }));

    // Rule PrivateLink-Gwlb5, on the finished stack: walk the routes of this VPC.
    this.node.addValidation({
      validate: () => {
        const vpcKey = resolvedKey(this, this.vpc.vpcId);
        const { template, namer } = stackTemplate(stack);
        return gwlbInspectionRouting(walkTemplate(template, namer).filter(p => p.vpcKey === vpcKey).flatMap(p => p.problems), 'routes');
      },
    });
  }

  /**
   * Acknowledges the template-check findings that the design itself raises: the endpoint subnets'
   * unrestricted routes to the internet gateway (NIST and HIPAA VPCNoUnrestrictedRouteToIGW; every
   * packet on them has passed the appliances), and those of the connection waiter's provider that
   * do not apply to a deploy-time helper. Never called implicitly: aws-cdk-lib matches
   * acknowledgements by rule id across the whole app, so they also hide these findings on your
   * own route tables, functions and state machines.
   */
  public acknowledgeFindings(): void {
    const reason = 'the endpoint subnet returns inspected traffic to the internet: every packet on this route has passed '
      + 'the appliances behind the Gateway Load Balancer endpoint';
    for (const route of this.internetRoutes) {
      for (const pack of ['NIST.800.53.R5', 'HIPAA.Security']) {
        Validations.of(route).acknowledge({ id: `${pack}::${pack}-VPCNoUnrestrictedRouteToIGW`, reason });
      }
    }
    if (this.connectionWaiter) EndpointConnectionProvider.of(this).acknowledgeFindings();
  }

  private create(props: GwlbInspectionVpcProps, dualStack: boolean) {
    if (props.availabilityZones && props.availabilityZoneIds) {
      throw new Error('availabilityZones and availabilityZoneIds are both given; place the VPC by zone names or by AZ ids, not both');
    }
    const cidr = props.ipv4Cidr ?? '10.0.0.0/16';
    const stack = Stack.of(this);
    const byId = props.availabilityZoneIds !== undefined;
    const zones = props.availabilityZoneIds ?? props.availabilityZones ?? stack.availabilityZones.slice(0, 2);
    if (zones.length === 0) throw new Error(`${byId ? 'availabilityZoneIds' : 'availabilityZones'} is empty; give at least one zone`);
    const unique = new Set(zones.map(z => resolvedKey(this, z)));
    if (unique.size !== zones.length) {
      throw new Error(`${byId ? 'availabilityZoneIds' : 'availabilityZones'} names a zone twice (${zones.map(z => describeValue(this, z)).join(', ')}); `
        + 'one GWLB endpoint per Availability Zone is allowed, list each zone once');
    }
    const bad = byId ? firstNonAzId(zones) : undefined;
    if (bad !== undefined) throw new Error(`availabilityZoneIds contains '${bad}', which is not an AZ id; AZ ids look like 'use1-az1'`);
    const appMask = props.applicationSubnetCidrMask ?? 24;
    const endpointMask = props.endpointSubnetCidrMask ?? 28;
    for (const [name, mask] of [['applicationSubnetCidrMask', appMask], ['endpointSubnetCidrMask', endpointMask]] as const) {
      if (!Number.isInteger(mask) || mask < 16 || mask > 28) throw new Error(`${name} ${mask} is out of range; subnets take prefix lengths from 16 to 28`);
    }

    // An L1 VPC: ec2.Vpc would look up the stack's zones (a context lookup in a stack with env)
    // even with no subnets of its own, and its subnets would bring default routes around the
    // appliances. The construct makes every subnet and route itself.
    const cfnVpc = new ec2.CfnVPC(this, 'Resource', {
      cidrBlock: cidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: [{ key: 'Name', value: this.node.path }],
    });
    const vpcId = cfnVpc.ref;
    // Literal ranges where the VPC range is literal, so that messages and the route walk show them.
    const requested = (kind: string, mask: number) => zones.map((zone, i) => ({
      availabilityZone: zone,
      configuration: { name: `${kind}${i + 1}`, subnetType: ec2.SubnetType.PUBLIC, cidrMask: mask },
      subnetConstructId: `${kind}${i + 1}`,
    }));
    const allocated = ec2.IpAddresses.cidr(cidr).allocateSubnetsCidr({
      vpcCidr: cidr, requestedSubnets: [...requested('Application', appMask), ...requested('Endpoint', endpointMask)],
    }).allocatedSubnets;
    const ipv6Block = dualStack ? new ec2.CfnVPCCidrBlock(this, 'Ipv6Cidr', { vpcId, amazonProvidedIpv6CidrBlock: true }) : undefined;
    this.ipv6Block = ipv6Block;
    const ipv6Of = (n: number) => Fn.select(n, Fn.cidr(Fn.select(0, cfnVpc.attrIpv6CidrBlocks), 256, '64'));

    const internetGateway = new ec2.CfnInternetGateway(this, 'InternetGateway');
    const attachment = new ec2.CfnVPCGatewayAttachment(this, 'GatewayAttachment', { vpcId, internetGatewayId: internetGateway.ref });

    const subnet = (id: string, zone: string, cidrBlock: string, ipv6Index: number, mapPublicIp: boolean) => {
      const s = new ec2.Subnet(this, id, {
        vpcId,
        availabilityZone: zone,
        cidrBlock,
        ipv6CidrBlock: ipv6Block ? ipv6Of(ipv6Index) : undefined,
        assignIpv6AddressOnCreation: ipv6Block ? true : undefined,
        mapPublicIpOnLaunch: mapPublicIp,
      });
      const cfn = s.node.defaultChild as ec2.CfnSubnet;
      if (byId) {
        cfn.availabilityZone = undefined;
        cfn.availabilityZoneId = zone;
      }
      // The subnet, its route table and association wait for the IPv6 range.
      if (ipv6Block) s.node.addDependency(ipv6Block);
      return s;
    };
    const created: Zone[] = zones.map((zone, i) => {
      const application = subnet(`ApplicationSubnet${i + 1}`, zone, allocated[i].cidr, i, props.mapPublicIpOnLaunch ?? false);
      const endpointSubnet = subnet(`EndpointSubnet${i + 1}`, zone, allocated[zones.length + i].cidr, zones.length + i, false);
      return {
        label: describeValue(this, zone),
        application,
        applicationFacts: subnetFacts(application),
        endpointSubnet,
        endpointFacts: subnetFacts(endpointSubnet),
        ipv4: allocated[i].cidr,
        ipv6: ipv6Block ? ipv6Of(i) : undefined,
      };
    });

    // The VPC as other constructs take it: the application subnets are its public subnets (what
    // selectSubnets() and L2s pick by default); the endpoint subnets are for the endpoints only.
    const vpc = ec2.Vpc.fromVpcAttributes(this, 'VpcAttributes', {
      vpcId,
      vpcCidrBlock: cidr,
      availabilityZones: zones,
      publicSubnetIds: created.map(z => z.application.subnetId),
      publicSubnetRouteTableIds: created.map(z => z.application.routeTable.routeTableId),
      publicSubnetNames: ['Application'],
    });

    let flowLog: ec2.FlowLog | undefined;
    if (props.flowLogs === false && props.flowLogDestination) {
      throw new Error('flowLogDestination is given but flowLogs is false; drop one of them');
    }
    if (props.flowLogs ?? true) {
      const destination = props.flowLogDestination
        ?? ec2.FlowLogDestination.toCloudWatchLogs(new logs.LogGroup(this, 'FlowLogs', { retention: logs.RetentionDays.ONE_YEAR }));
      flowLog = new ec2.FlowLog(this, 'FlowLog', {
        resourceType: ec2.FlowLogResourceType.fromVpc(vpc),
        destination,
        trafficType: ec2.FlowLogTrafficType.ALL,
      });
    }
    return { vpc, cfnVpc, internetGateway, attachment, flowLog, zones: created };
  }

  private adopt(props: GwlbInspectionVpcProps, dualStack: boolean) {
    for (const prop of ['ipv4Cidr', 'availabilityZones', 'availabilityZoneIds', 'applicationSubnetCidrMask', 'endpointSubnetCidrMask',
      'mapPublicIpOnLaunch', 'flowLogs', 'flowLogDestination'] as const) {
      if (props[prop] !== undefined) throw new Error(`${prop} is only for a created VPC; an adopted vpc keeps its own, leave ${prop} unset`);
    }
    const internetGatewayId = props.internetGatewayId;
    if (internetGatewayId === undefined) {
      throw new Error("vpc is given but internetGatewayId is not; pass the id of the VPC's internet gateway (igw-...)");
    }
    // A reference to an egress-only internet gateway of this stack is caught as a literal id is.
    const ref = Stack.of(this).resolve(internetGatewayId);
    const refId = typeof ref?.Ref === 'string' ? ref.Ref : Array.isArray(ref?.['Fn::GetAtt']) ? ref['Fn::GetAtt'][0] : undefined;
    if (refId !== undefined && cfnResourcesOf(this)(refId)?.cfnResourceType === 'AWS::EC2::EgressOnlyInternetGateway') {
      throwFirst(gwlbEgressOnly(cfnResourcesOf(this)(refId)!.node.path.replace(/\/Resource$/, ''), 'internetGatewayId'));
    }
    if (!Token.isUnresolved(internetGatewayId)) {
      throwFirst(gwlbEgressOnly(internetGatewayId.startsWith('eigw-') ? internetGatewayId : undefined, 'internetGatewayId'));
      if (!internetGatewayId.startsWith('igw-')) {
        throw new Error(`internetGatewayId '${internetGatewayId}' is not an internet gateway id; use the VPC's internet gateway (igw-...)`);
      }
    }
    const apps = props.applicationSubnets ?? [];
    const eps = props.endpointSubnets ?? [];
    if (apps.length === 0) throw new Error('vpc is given but applicationSubnets is empty; list the application subnets, one per Availability Zone');
    if (eps.length === 0) throw new Error('vpc is given but endpointSubnets is empty; list one subnet per zone of applicationSubnets for the endpoints');

    if ([...apps, ...eps].some(subnet => !(subnet.node.defaultChild instanceof ec2.CfnSubnet))) {
      Annotations.of(this).addWarningV2('cdk-privatelink:GwlbInspectionVpc.notWalked',
        'Some application or endpoint subnets are imported: their route tables are not in this app, so the synth-time route walk cannot '
        + 'check them; make sure they have no route of their own to the internet, and no default route the construct would add again');
    }
    const appFacts = apps.map(subnetFacts);
    const epFacts = eps.map(subnetFacts);
    const epKeys = new Set(eps.map(s => resolvedKey(this, s.subnetId)));
    for (const [i, app] of apps.entries()) {
      if (epKeys.has(resolvedKey(this, app.subnetId))) throwFirst(gwlbSharedSubnet(subnetFact(appFacts[i]).name, 'applicationSubnets'));
    }
    const byZone = (facts: SubnetFacts[], prop: string) => {
      const map = new Map<string, SubnetFacts>();
      for (const f of facts) {
        const zone = f.availabilityZoneKey;
        if (zone === undefined) throw new Error(`${prop} contains subnet ${subnetFact(f).name}, whose Availability Zone is unknown; import it with its zone`);
        const other = map.get(zone);
        if (other) {
          throw new Error(`${prop} contains two subnets in Availability Zone '${f.availabilityZoneLabel}' (${subnetFact(other).name} and `
            + `${subnetFact(f).name}); give one per zone, a VPC takes one GWLB endpoint per zone per service`);
        }
        map.set(zone, f);
      }
      return map;
    };
    const appByZone = byZone(appFacts, 'applicationSubnets');
    const epByZone = byZone(epFacts, 'endpointSubnets');
    const zones: Zone[] = [];
    for (const [zone, app] of appByZone) {
      const ep = epByZone.get(zone);
      if (!ep) {
        throw new Error(`applicationSubnets has subnet ${subnetFact(app).name} in '${app.availabilityZoneLabel}' but endpointSubnets has none there; `
          + 'give an endpoint subnet in every zone of the application subnets');
      }
      const cfn = app.subnet.node.defaultChild instanceof ec2.CfnSubnet ? app.subnet.node.defaultChild : undefined;
      const ipv4 = cfn?.cidrBlock ?? app.ipv4Cidr ?? safe(() => app.subnet.ipv4CidrBlock);
      if (ipv4 === undefined) throw new Error(`applicationSubnets contains subnet ${subnetFact(app).name} without a known IPv4 range; import it with ipv4CidrBlock`);
      if (dualStack && cfn?.ipv6CidrBlock === undefined) {
        throw new Error(`dualStack is true but application subnet ${subnetFact(app).name} has no IPv6 range defined in this app; `
          + 'inspect IPv6 only for subnets whose IPv6 CIDR block the app defines');
      }
      zones.push({
        label: app.availabilityZoneLabel ?? zone,
        application: app.subnet,
        applicationFacts: app,
        endpointSubnet: ep.subnet,
        endpointFacts: ep,
        ipv4,
        ipv6: dualStack ? cfn?.ipv6CidrBlock : undefined,
      });
    }
    for (const [zone, ep] of epByZone) {
      if (!appByZone.has(zone)) {
        throw new Error(`endpointSubnets has subnet ${subnetFact(ep).name} in '${ep.availabilityZoneLabel}' but applicationSubnets has none there; `
          + 'give endpoint subnets only in the zones of the application subnets');
      }
    }
    return { internetGatewayId, zones };
  }
}
