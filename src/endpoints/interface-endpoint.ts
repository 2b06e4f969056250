import { Annotations, Aspects, IAspect, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { MonitoredEndpointBase } from './endpoint-base';
import { EndpointPolicy, EndpointPolicyTarget } from './endpoint-policy';
import {
  checkInterfaceDnsRecordIpType, checkIpAddressTypeFitsSubnets, checkOneSubnetPerAz, checkPeersNotOpen, checkPolicyProp,
  checkNamedS3Gateway, checkPrivateDnsFitsVpc, checkStatementsHavePrincipal, countEndpoint, defaultInterfaceDnsRecordIpType, EndpointKind, serviceKey,
  throwFirst, validateFinalEndpointPolicy,
} from '../private/endpoint-rules';
import { isKnown, subnetFacts, vpcDefaultPeers } from '../private/network-facts';
import { crossRegion, inboundResolverGateway, inboundResolverOptions, policyNotEnforced, S3_GATEWAY_METADATA } from '../private/rules/rules';
import { describeValue, resolvedKey } from '../private/tokens';

/** AWS services whose endpoint service name has no Region part. */
const GLOBAL_SERVICE_NAMES: Record<string, string> = { iam: 'com.amazonaws.iam', route53: 'com.amazonaws.route53' };


/**
 * Properties of an `InterfaceEndpoint`.
 */
export interface InterfaceEndpointProps {
  /** The VPC to place the endpoint in. */
  readonly vpc: ec2.IVpc;

  /**
   * The service to connect to: an AWS service (`ec2.InterfaceVpcEndpointAwsService.KMS`) or an
   * endpoint service (`new ec2.InterfaceVpcEndpointService('com.amazonaws.vpce.<region>.vpce-svc-…', 443)`).
   */
  readonly service: ec2.IInterfaceVpcEndpointService;

  /**
   * Subnets for the endpoint network interfaces, at most one per Availability Zone.
   *
   * @default - one subnet per Availability Zone from the VPC's private subnets (isolated, then public, when there are none)
   */
  readonly subnets?: ec2.SubnetSelection;

  /**
   * Who may connect to the endpoint on the service port. Never `0.0.0.0/0` or `::/0`.
   *
   * @default - the VPC's IPv4 CIDR, plus its IPv6 CIDR when the VPC is dual-stack
   */
  readonly allowedPeers?: ec2.IPeer[];

  /**
   * Associate a private hosted zone so the service's default DNS name resolves to the endpoint.
   * Needs DNS support and DNS hostnames on the VPC.
   *
   * @default - true for AWS services; the service's own default for endpoint services
   */
  readonly privateDnsEnabled?: boolean;

  /**
   * The IP addresses the endpoint network interfaces get. IPv4 needs IPv4 ranges on every
   * subnet, IPv6 needs IPv6-only subnets and dual-stack needs both ranges.
   *
   * @default - IPv4 (the service-side default)
   */
  readonly ipAddressType?: ec2.VpcEndpointIpAddressType;

  /**
   * Which DNS records the endpoint returns. IPv4 endpoints return IPv4 records, IPv6 endpoints
   * IPv6 records; dual-stack endpoints may choose any type.
   *
   * @default - the same as `ipAddressType`
   */
  readonly dnsRecordIpType?: ec2.VpcEndpointDnsRecordIpType;

  /**
   * S3 only: private DNS answers only queries that arrive through an inbound Resolver endpoint
   * (on-premises clients), while clients in the VPC keep using the S3 gateway endpoint.
   * Needs an S3 gateway endpoint in the same VPC whose DNS record IP type matches this
   * endpoint's or is service-defined.
   *
   * @default false
   */
  readonly privateDnsOnlyForInboundResolverEndpoint?: boolean;

  /**
   * The S3 gateway endpoint that serves the VPC when `privateDnsOnlyForInboundResolverEndpoint` is on.
   *
   * @default - found at synth among the gateway endpoints of the same VPC in this stack
   */
  readonly s3GatewayEndpoint?: ec2.IGatewayVpcEndpoint;

  /**
   * Region of the service, for a cross-Region endpoint. Only the AWS services that support
   * cross-Region connectivity, and endpoint services, accept it.
   *
   * @default - the service is in the endpoint's own Region
   */
  readonly serviceRegion?: string;

  /**
   * Endpoint policy.
   *
   * @default - no policy: the service's default policy, which allows full access through the endpoint
   */
  readonly policy?: EndpointPolicy;
}

/**
 * An interface VPC endpoint (AWS PrivateLink) with its own security group and the PrivateLink
 * guide's placement, IP type, DNS and policy rules checked at synth.
 *
 * It composes `ec2.InterfaceVpcEndpoint`; `node.defaultChild` is the `AWS::EC2::VPCEndpoint`.
 *
 * @example
 * const kms = new privatelink.InterfaceEndpoint(this, 'Kms', {
 *   vpc,
 *   service: ec2.InterfaceVpcEndpointAwsService.KMS,
 * });
 * kms.connections.allowDefaultPortFrom(ec2.Peer.ipv4('10.50.0.0/16'), 'on-premises clients');
 */
export class InterfaceEndpoint extends MonitoredEndpointBase implements ec2.IConnectable {
  /**
   * Imports an interface endpoint created elsewhere.
   */
  public static fromInterfaceEndpointAttributes(
    scope: Construct, id: string, attrs: ec2.InterfaceVpcEndpointAttributes,
  ): ec2.IInterfaceVpcEndpoint {
    return ec2.InterfaceVpcEndpoint.fromInterfaceVpcEndpointAttributes(scope, id, attrs);
  }

  /** The underlying aws-cdk-lib endpoint. */
  public readonly endpoint: ec2.InterfaceVpcEndpoint;

  /** The endpoint's dedicated security group. */
  public readonly securityGroup: ec2.SecurityGroup;

  /** Network connections of the endpoint, on the service port. */
  public readonly connections: ec2.Connections;

  /** @attribute */
  public readonly vpcEndpointId: string;

  /**
   * The DNS entries of the endpoint, each `<hosted zone id>:<dns name>`.
   *
   * @attribute
   */
  public readonly dnsEntries: string[];

  /**
   * The ids of the endpoint network interfaces.
   *
   * @attribute
   */
  public readonly networkInterfaceIds: string[];

  public readonly serviceName: string;

  public readonly vpcId: string;

  /** Whether private DNS is enabled. */
  public readonly privateDnsEnabled: boolean;

  private readonly isEndpointService: boolean;

  protected readonly metricEndpointType = 'Interface';

  constructor(scope: Construct, id: string, props: InterfaceEndpointProps) {
    super(scope, id);

    const ipAddressType = props.ipAddressType ?? ec2.VpcEndpointIpAddressType.IPV4;
    const shortName = awsServiceShortName(props.service);
    const privateDnsEnabled = props.privateDnsEnabled ?? props.service.privateDnsDefault ?? true;

    // Placement: one subnet per AZ, and address ranges that fit the IP address type.
    const selection = props.vpc.selectSubnets(props.subnets ?? { onePerAz: true });
    const facts = selection.subnets.map(subnetFacts);
    checkOneSubnetPerAz(facts, 'subnets');
    checkIpAddressTypeFitsSubnets(facts, ipAddressType, 'ipAddressType');
    checkInterfaceDnsRecordIpType(ipAddressType, props.dnsRecordIpType);

    checkPrivateDnsFitsVpc(props.vpc, privateDnsEnabled, props.privateDnsEnabled !== undefined);

    if (props.privateDnsOnlyForInboundResolverEndpoint) {
      throwFirst(inboundResolverOptions(shortName ?? '', describeValue(this, props.service.name), privateDnsEnabled,
        'privateDnsOnlyForInboundResolverEndpoint', 'privateDnsEnabled'));
    }

    // An endpoint service (not an AWS service) keeps its name whatever serviceRegion says.
    this.isEndpointService = isKnown(props.service.name) && props.service.name.startsWith('com.amazonaws.vpce.');
    const service = this.resolveService(props, shortName, facts.map(f => f.availabilityZoneId));

    const peers = props.allowedPeers ?? vpcDefaultPeers(props.vpc);
    checkPeersNotOpen(peers, 'allowedPeers');

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `Interface endpoint ${this.node.path}: ingress on the service port from named peers only`,
      allowAllOutbound: false,
    });

    this.endpoint = new ec2.InterfaceVpcEndpoint(this, 'Resource', {
      vpc: props.vpc,
      service,
      subnets: { subnets: selection.subnets },
      securityGroups: [this.securityGroup],
      open: false,
      privateDnsEnabled,
      ipAddressType: props.ipAddressType,
      dnsRecordIpType: props.dnsRecordIpType,
      privateDnsOnlyForInboundResolverEndpoint: props.privateDnsOnlyForInboundResolverEndpoint
        ? ec2.VpcEndpointPrivateDnsOnlyForInboundResolverEndpoint.ONLY_INBOUND_RESOLVER : undefined,
      serviceRegion: props.serviceRegion,
    });
    const cfn = this.endpoint.node.defaultChild as ec2.CfnVPCEndpoint;
    this.node.defaultChild = cfn;

    this.connections = this.endpoint.connections;
    for (const peer of peers) {
      this.connections.allowDefaultPortFrom(peer, 'Service port from an allowed peer');
    }

    checkStatementsHavePrincipal(props.policy?.statements ?? [], 'policy');
    checkPolicyProp(this, props.policy, EndpointPolicyTarget.INTERFACE, 'policy');
    if (props.policy !== undefined) this.warnPolicyNotEnforced('policy', service.name);
    for (const statement of props.policy?.statements ?? []) {
      this.endpoint.addToPolicy(statement);
    }
    // The final policy (including statements added later) must satisfy the endpoint-policy rules.
    validateFinalEndpointPolicy(this, cfn, false);

    if (props.privateDnsOnlyForInboundResolverEndpoint) {
      const dnsRecordIpType = props.dnsRecordIpType ?? defaultInterfaceDnsRecordIpType(ipAddressType);
      this.node.addValidation({ validate: () => this.inboundResolverProblems(props, dnsRecordIpType) });
      this.dependOnS3Gateway(props, cfn);
    }

    countEndpoint(this, 'InterfaceEndpoint', props.vpc, EndpointKind.INTERFACE);

    this.vpcEndpointId = this.endpoint.vpcEndpointId;
    this.dnsEntries = this.endpoint.vpcEndpointDnsEntries;
    this.networkInterfaceIds = this.endpoint.vpcEndpointNetworkInterfaceIds;
    this.serviceName = service.name;
    this.vpcId = props.vpc.vpcId;
    this.privateDnsEnabled = privateDnsEnabled;
  }

  /**
   * Adds a statement to the endpoint policy. Endpoint policies need a principal in every
   * statement; the whole policy is checked at synth.
   */
  public addToPolicy(statement: iam.PolicyStatement): void {
    checkStatementsHavePrincipal([statement], 'addToPolicy');
    this.warnPolicyNotEnforced('addToPolicy', this.serviceName);
    this.endpoint.addToPolicy(statement);
  }

  /** Endpoints to endpoint services (not AWS services) always allow full access: a policy is not enforced. */
  private warnPolicyNotEnforced(prop: string, serviceName: string): void {
    for (const message of policyNotEnforced(this.isEndpointService, true, serviceName, prop)) {
      Annotations.of(this).addWarningV2('cdk-privatelink:InterfaceEndpoint.policyNotEnforced', message);
    }
  }

  /** Checks the cross-Region rules and returns the service to connect to. */
  private resolveService(props: InterfaceEndpointProps, shortName: string | undefined, azIds: (string | undefined)[]) {
    const region = props.serviceRegion;
    if (region === undefined || Token.isUnresolved(region)) return props.service;
    // The endpoint's own Region is not cross-Region: every service takes it, with no extra rules.
    if (region === Stack.of(this).region) return props.service;

    const isEndpointService = this.isEndpointService;
    throwFirst(crossRegion(region, shortName, isEndpointService, isKnown(props.service.name) ? props.service.name : shortName ?? '',
      azIds, 'serviceRegion'));
    Annotations.of(this).addWarningV2('cdk-privatelink:InterfaceEndpoint.crossRegion',
      `endpoint to '${region}': use the Regional DNS name (zonal DNS names do not work across Regions), and the `
      + 'deploying role (and any SCP) must allow the vpce:AllowMultiRegion permission');

    if (isEndpointService || shortName === undefined) return props.service;
    // AWS services are named after the Region that serves them.
    const name = GLOBAL_SERVICE_NAMES[shortName] ?? `com.amazonaws.${region}.${shortName}`;
    return new ec2.InterfaceVpcEndpointService(name, props.service.port);
  }

  /**
   * The interface endpoint must be created after the S3 gateway endpoint and deleted before it
   * (CloudFormation would otherwise do both in parallel, and either step can fail). A named
   * gateway endpoint gets a dependency at once (across stacks too); one found in the stack is
   * depended on once the stack is complete.
   */
  private dependOnS3Gateway(props: InterfaceEndpointProps, cfn: ec2.CfnVPCEndpoint): void {
    const named = props.s3GatewayEndpoint;
    if (named) {
      checkNamedS3Gateway(this, named, props.vpc, 's3GatewayEndpoint');
      cfn.node.addDependency(named);
      // An imported gateway endpoint has no resource in any template: the template says which one serves
      // the VPC, so that PrivateLinkChecks does not report it missing.
      if (!(named.node.defaultChild instanceof ec2.CfnVPCEndpoint)) cfn.addMetadata(S3_GATEWAY_METADATA, named.vpcEndpointId);
      return;
    }
    const self = this;
    const aspect: IAspect = {
      visit(node: IConstruct) {
        if (node !== self) return;
        for (const gateway of self.s3GatewaysInStack(props)) cfn.addDependency(gateway);
      },
    };
    Aspects.of(this).add(aspect);
  }

  /** The S3 gateway endpoints of this endpoint's VPC defined in its stack (or just the named one). */
  private s3GatewaysInStack(props: InterfaceEndpointProps): ec2.CfnVPCEndpoint[] {
    const vpcKey = resolvedKey(this, props.vpc.vpcId);
    const wantedId = props.s3GatewayEndpoint ? resolvedKey(this, props.s3GatewayEndpoint.vpcEndpointId) : undefined;
    return Stack.of(this).node.findAll()
      .filter((c): c is ec2.CfnVPCEndpoint => c instanceof ec2.CfnVPCEndpoint && c.vpcEndpointType === 'Gateway')
      .filter(c => resolvedKey(this, c.vpcId) === vpcKey && c.serviceName !== undefined && serviceKey(this, c.serviceName) === 's3')
      .filter(c => wantedId === undefined || resolvedKey(this, c.ref) === wantedId);
  }

  /** Rule: inbound-Resolver-only private DNS needs a matching S3 gateway endpoint in the VPC. */
  private inboundResolverProblems(props: InterfaceEndpointProps, dnsRecordIpType: ec2.VpcEndpointDnsRecordIpType): string[] {
    const wantedId = props.s3GatewayEndpoint ? resolvedKey(this, props.s3GatewayEndpoint.vpcEndpointId) : undefined;
    const gateways = this.s3GatewaysInStack(props);
    // An imported gateway endpoint that was named: its settings cannot be read here.
    const types = gateways.length === 0 && wantedId !== undefined ? undefined : gateways.map(g => {
      const type = Stack.of(this).resolve((g.dnsOptions as ec2.CfnVPCEndpoint.DnsOptionsSpecificationProperty | undefined)?.dnsRecordIpType);
      return typeof type === 'string' ? type : undefined;
    });
    return inboundResolverGateway(types, dnsRecordIpType, 'privateDnsOnlyForInboundResolverEndpoint');
  }
}

/** Short name of an AWS service (`kms`, `s3`), or undefined for endpoint services and unknown names. */
function awsServiceShortName(service: ec2.IInterfaceVpcEndpointService): string | undefined {
  if (service instanceof ec2.InterfaceVpcEndpointAwsService) return service.shortName;
  if (!isKnown(service.name)) return undefined;
  const global = Object.entries(GLOBAL_SERVICE_NAMES).find(([, name]) => name === service.name);
  if (global) return global[0];
  const match = /^com\.amazonaws\.([a-z0-9-]+)\.(.+)$/.exec(service.name);
  return match && match[1] !== 'vpce' ? match[2] : undefined;
}
