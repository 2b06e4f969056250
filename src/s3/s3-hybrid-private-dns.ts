import { Annotations, CfnOutput, CustomResource, CustomResourceProviderBase, Fn, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53resolver from 'aws-cdk-lib/aws-route53resolver';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import { ResolverAddressesProvider } from './resolver-addresses-provider';
import { EndpointPolicy } from '../endpoints/endpoint-policy';
import { GatewayEndpoint } from '../endpoints/gateway-endpoint';
import { InterfaceEndpoint } from '../endpoints/interface-endpoint';
import { checkNamedS3Gateway, defaultInterfaceDnsRecordIpType, subnetFact, throwFirst, vpcLedger } from '../private/endpoint-rules';
import { isKnown, missingVpcDns, subnetFacts, vpcDefaultPeers } from '../private/network-facts';
import {
  inboundResolverGateway, ipv4Range, ipv4ToNumber, openIngress, ResolverAddressFact, resolverAddress, resolverDuplicateAddress, resolverPlacement,
} from '../private/rules/rules';
import { cloudFormationExecutionRoleArn, describeValue, isArnLike, resolvedKey } from '../private/tokens';

/** An IP address of the inbound Resolver endpoint, fixed before the deployment. */
export interface PinnedResolverAddress {
  /** The subnet that holds the address. */
  readonly subnet: ec2.ISubnet;

  /** An IPv4 address of the subnet, from its fifth to its second-to-last address. */
  readonly ip: string;
}

/** An inbound Route 53 Resolver endpoint that exists already (created elsewhere). */
export interface ExistingInboundResolverEndpoint {
  /** The endpoint id, `rslvr-in-…`. */
  readonly resolverEndpointId: string;

  /**
   * The endpoint's IP addresses, for the stack output that on-premises DNS is configured from.
   *
   * @default - read back at deploy time with `route53resolver:ListResolverEndpointIpAddresses`
   */
  readonly ipAddresses?: string[];
}

/**
 * Properties of an `S3HybridPrivateDns`.
 */
export interface S3HybridPrivateDnsProps {
  /** The VPC of both endpoints and of the inbound Resolver endpoint. Needs DNS support and DNS hostnames. */
  readonly vpc: ec2.IVpc;

  /**
   * The on-premises address ranges (over VPN or Direct Connect) that may query the Resolver
   * endpoint (TCP and UDP 53) and reach the S3 interface endpoint (TCP 443). At least one;
   * never `0.0.0.0/0` or `::/0`.
   */
  readonly onPremisesCidrs: string[];

  /**
   * An existing S3 gateway endpoint of the VPC to use instead of creating one.
   *
   * @default - a new S3 gateway endpoint on the route tables of `gatewaySubnets`
   */
  readonly gatewayEndpoint?: ec2.IGatewayVpcEndpoint;

  /**
   * Subnets whose route tables get the route to the new S3 gateway endpoint.
   *
   * @default - every private and isolated subnet of the VPC
   */
  readonly gatewaySubnets?: ec2.SubnetSelection[];

  /**
   * DNS record IP type of the new S3 gateway endpoint; it must match the interface endpoint's or
   * be service-defined.
   *
   * @default - service-defined
   */
  readonly gatewayDnsRecordIpType?: ec2.VpcEndpointDnsRecordIpType;

  /**
   * Names of the only buckets reachable through the two endpoints: both get an endpoint policy
   * allowing every S3 action on these buckets and their objects, for any principal (identity and
   * bucket policies still apply).
   *
   * @default - no endpoint policy: every bucket is reachable through the endpoints
   */
  readonly allowedBuckets?: string[];

  /**
   * Buckets that AWS services read from on your behalf (package repositories, agent and driver
   * downloads, log buckets of a service): `s3:GetObject` on their objects is allowed too.
   * Only with `allowedBuckets`.
   *
   * @default - none
   */
  readonly awsServiceBuckets?: string[];

  /**
   * Subnets of the S3 interface endpoint's network interfaces, one per Availability Zone.
   *
   * @default - one private subnet per Availability Zone
   */
  readonly interfaceSubnets?: ec2.SubnetSelection;

  /**
   * Let clients in the VPC reach the interface endpoint too (for example for S3 access points
   * that need it). VPC traffic normally takes the free gateway endpoint.
   *
   * @default false - only `onPremisesCidrs` reach the interface endpoint
   */
  readonly allowVpcClients?: boolean;

  /**
   * IP address type of the interface endpoint, and of the new gateway endpoint.
   *
   * @default - IPv4
   */
  readonly ipAddressType?: ec2.VpcEndpointIpAddressType;

  /**
   * DNS record IP type of the interface endpoint.
   *
   * @default - the same as `ipAddressType`
   */
  readonly dnsRecordIpType?: ec2.VpcEndpointDnsRecordIpType;

  /**
   * Subnets of the new inbound Resolver endpoint: at least two, in two Availability Zones, one
   * IP address each (assigned by AWS). Not with `resolverAddresses`.
   *
   * @default - one private subnet per Availability Zone
   */
  readonly resolverSubnets?: ec2.SubnetSelection;

  /**
   * Fixed IP addresses of the new inbound Resolver endpoint, so that on-premises forwarders can
   * be configured before the deployment. At least two subnets in two Availability Zones.
   *
   * @default - one address per subnet of `resolverSubnets`, assigned by AWS and read back after deployment
   */
  readonly resolverAddresses?: PinnedResolverAddress[];

  /**
   * An inbound Resolver endpoint of the VPC to use instead of creating one.
   *
   * @default - a new inbound Resolver endpoint
   */
  readonly existingResolverEndpoint?: ExistingInboundResolverEndpoint;

  /**
   * Name of the new inbound Resolver endpoint.
   *
   * @default - no name
   */
  readonly resolverEndpointName?: string;
}

/** Options of `S3HybridPrivateDns.restrictBucket()`. */
export interface BucketRestrictionOptions {
  /**
   * ARNs of the principals still allowed to reach the bucket from anywhere (administrators and
   * break-glass roles): the policy blocks console access for everyone else. Wildcards are allowed
   * (`ArnNotLike`). An empty list locks every principal out of the console, with a warning.
   */
  readonly exemptPrincipalArns: string[];

  /**
   * Exempt the role CloudFormation deploys the bucket's stack with. CloudFormation calls S3 from
   * outside the endpoints, so without it later updates of the bucket or its policy, and deleting
   * the stack, are denied.
   *
   * @default true - the stack's CloudFormation execution role when the stack uses the DefaultStackSynthesizer (otherwise a warning)
   */
  readonly exemptDeploymentRole?: boolean;

  /**
   * The actions denied outside the endpoints.
   *
   * @default ['s3:*']
   */
  readonly actions?: string[];

  /**
   * Also deny requests through the endpoints whose source address in the VPC (`aws:VpcSourceIp`) is
   * outside these ranges. `aws:SourceIp` never matches requests through a VPC endpoint.
   *
   * @default - no address condition
   */
  readonly vpcSourceIps?: string[];

  /**
   * Keep AWS service principals (for example S3 server access logging or CloudTrail) out of the deny.
   *
   * @default true
   */
  readonly exemptAwsServicePrincipals?: boolean;

  /**
   * Keep requests that an AWS service makes with the caller's credentials (`aws:ViaAWSService`,
   * for example Athena or AWS Glue reading the bucket) out of the deny. They do not arrive through
   * the endpoints, so without this they are denied unless the caller is exempt.
   *
   * @default false
   */
  readonly exemptRequestsViaAwsServices?: boolean;
}

/** The deny each restricted bucket carries, shared by every restrictBucket() call on it. */
const bucketRestrictions = new WeakMap<s3.IBucket, { owner: string; signature: string; endpoints: Array<{ id: string; key: string }> }>();


/**
 * Amazon S3 for a VPC and its on-premises network, each over its cheapest private path: clients in
 * the VPC use a (free) S3 gateway endpoint, on-premises clients an S3 interface endpoint whose
 * private DNS answers only queries that arrive through an inbound Route 53 Resolver endpoint.
 *
 * It creates (or takes) the S3 gateway endpoint, the S3 interface endpoint with
 * `PrivateDnsOnlyForInboundResolverEndpoint` and a `DependsOn` on the gateway endpoint, and (or
 * takes) the inbound Resolver endpoint, with security groups open only to `onPremisesCidrs`.
 * Stack outputs name the domain on-premises DNS forwards and the Resolver addresses it forwards to.
 *
 * `node.defaultChild` is the interface endpoint's `AWS::EC2::VPCEndpoint`.
 *
 * @example
 * const s3Dns = new privatelink.S3HybridPrivateDns(this, 'S3', {
 *   vpc,
 *   onPremisesCidrs: ['10.100.0.0/16'],
 * });
 * s3Dns.restrictBucket(new s3.Bucket(this, 'Data', { enforceSSL: true }), {
 *   exemptPrincipalArns: ['arn:aws:iam::111111111111:role/Admin'],
 * });
 */
export class S3HybridPrivateDns extends Construct implements ec2.IConnectable {
  /** The S3 gateway endpoint that serves the VPC (created or given). */
  public readonly gatewayEndpoint: ec2.IGatewayVpcEndpoint;

  /** The S3 gateway endpoint this construct created, if it created one. */
  public readonly gateway?: GatewayEndpoint;

  /** The S3 interface endpoint that serves on-premises clients. */
  public readonly interfaceEndpoint: InterfaceEndpoint;

  /** The inbound Resolver endpoint this construct created, if it created one. */
  public readonly resolverEndpoint?: route53resolver.CfnResolverEndpoint;

  /** The security group of the new inbound Resolver endpoint (DNS from `onPremisesCidrs` only). */
  public readonly resolverSecurityGroup?: ec2.SecurityGroup;

  /** The custom resource that reads the Resolver addresses back, when they are not known before deployment. */
  public readonly resolverAddressReader?: CustomResource;

  /** The id of the inbound Resolver endpoint (created or given). */
  public readonly resolverEndpointId: string;

  /** The Resolver endpoint's IPv4 addresses, comma-separated: where on-premises DNS forwards to. */
  public readonly resolverIpAddresses: string;

  /** The domain on-premises DNS forwards to the Resolver addresses: `s3.<region>.amazonaws.com`. */
  public readonly forwardDomain: string;

  /** Output with `forwardDomain`. */
  public readonly forwardDomainOutput: CfnOutput;

  /** Output with `resolverIpAddresses`. */
  public readonly resolverAddressesOutput: CfnOutput;

  /** Connections of the interface endpoint (HTTPS). */
  public readonly connections: ec2.Connections;

  /** Connections of the new Resolver endpoint (DNS), if one was created. */
  public readonly resolverConnections?: ec2.Connections;

  private readonly onPremisesPeers: ec2.IPeer[];

  constructor(scope: Construct, id: string, props: S3HybridPrivateDnsProps) {
    super(scope, id);

    this.onPremisesPeers = onPremisesPeers(props.onPremisesCidrs);
    const dnsProblem = missingVpcDns(props.vpc);
    if (dnsProblem !== undefined) {
      throw new Error(`vpc: private DNS for the S3 interface endpoint needs DNS support and DNS hostnames, but ${dnsProblem}; `
        + 'enable both on the VPC');
    }
    checkExclusive(props);
    checkResolverEndpointName(props.resolverEndpointName);
    this.claimVpc(props.vpc);

    // The endpoint policy (bucket allow-list) both endpoints share.
    const policy = bucketAllowList(this, props.allowedBuckets, props.awsServiceBuckets);

    // 1. The gateway endpoint: the VPC's own (free) path to S3.
    let gatewayDnsRecordIpType: string | undefined;
    if (props.gatewayEndpoint) {
      checkNamedS3Gateway(this, props.gatewayEndpoint, props.vpc, 'gatewayEndpoint');
      this.gatewayEndpoint = props.gatewayEndpoint;
      if (policy !== undefined) addAllowListToGateway(props.gatewayEndpoint, policy);
      const cfn = props.gatewayEndpoint.node.defaultChild;
      const dnsOptions = cfn instanceof ec2.CfnVPCEndpoint ? Stack.of(this).resolve(cfn.dnsOptions) : undefined;
      gatewayDnsRecordIpType = typeof dnsOptions?.dnsRecordIpType === 'string' ? dnsOptions.dnsRecordIpType : undefined;
    } else {
      const subnets = props.gatewaySubnets ?? defaultGatewaySubnets(props.vpc);
      this.gateway = new GatewayEndpoint(this, 'Gateway', {
        vpc: props.vpc,
        service: ec2.GatewayVpcEndpointAwsService.S3,
        subnets,
        // Both endpoints carry the same IP address type, so their DNS record IP types can match.
        ipAddressType: props.ipAddressType,
        dnsRecordIpType: props.gatewayDnsRecordIpType,
        policy,
      });
      this.gatewayEndpoint = this.gateway.endpoint;
      gatewayDnsRecordIpType = props.gatewayDnsRecordIpType;
    }

    // 2. The interface endpoint, for on-premises clients only; private DNS answers only the Resolver.
    const ipAddressType = props.ipAddressType ?? ec2.VpcEndpointIpAddressType.IPV4;
    const dnsRecordIpType = props.dnsRecordIpType ?? defaultInterfaceDnsRecordIpType(ipAddressType);
    throwFirst(inboundResolverGateway([gatewayDnsRecordIpType], dnsRecordIpType,
      props.gatewayEndpoint ? 'dnsRecordIpType' : 'gatewayDnsRecordIpType'));
    this.interfaceEndpoint = new InterfaceEndpoint(this, 'Interface', {
      vpc: props.vpc,
      service: ec2.InterfaceVpcEndpointAwsService.S3,
      subnets: props.interfaceSubnets,
      allowedPeers: [...this.onPremisesPeers, ...(props.allowVpcClients ? vpcPeers(props.vpc) : [])],
      privateDnsEnabled: true,
      ipAddressType: props.ipAddressType,
      dnsRecordIpType,
      privateDnsOnlyForInboundResolverEndpoint: true,
      s3GatewayEndpoint: this.gatewayEndpoint,
      policy,
    });
    this.node.defaultChild = this.interfaceEndpoint.node.defaultChild;
    this.connections = this.interfaceEndpoint.connections;

    // 3. The inbound Resolver endpoint on-premises DNS forwards to.
    if (props.existingResolverEndpoint) {
      const existing = props.existingResolverEndpoint;
      checkResolverEndpointId(this, existing.resolverEndpointId);
      this.resolverEndpointId = existing.resolverEndpointId;
      if (existing.ipAddresses !== undefined) {
        checkAddressList(existing.ipAddresses);
        this.resolverIpAddresses = Fn.join(',', existing.ipAddresses);
      } else {
        const arn = Stack.of(this).formatArn({ service: 'route53resolver', resource: 'resolver-endpoint', resourceName: existing.resolverEndpointId });
        this.resolverAddressReader = this.readAddresses(existing.resolverEndpointId, arn, undefined, existing.resolverEndpointId);
        this.resolverIpAddresses = this.resolverAddressReader.getAttString('Addresses');
      }
    } else {
      const { facts, config, subject } = resolverPlacementOf(props);
      throwFirst(resolverPlacement(facts, subject));
      throwFirst(resolverAddress(facts, subject));
      throwFirst(resolverDuplicateAddress(facts, subject));

      this.resolverSecurityGroup = new ec2.SecurityGroup(this, 'ResolverSecurityGroup', {
        vpc: props.vpc,
        description: `Inbound Resolver endpoint ${this.node.path}: DNS (TCP and UDP 53) from on-premises ranges only`,
        allowAllOutbound: false,
      });
      for (const peer of this.onPremisesPeers) {
        this.resolverSecurityGroup.addIngressRule(peer, ec2.Port.tcp(53), 'DNS over TCP from on-premises');
        this.resolverSecurityGroup.addIngressRule(peer, ec2.Port.udp(53), 'DNS over UDP from on-premises');
      }
      this.resolverConnections = new ec2.Connections({ securityGroups: [this.resolverSecurityGroup], defaultPort: ec2.Port.udp(53) });

      this.resolverEndpoint = new route53resolver.CfnResolverEndpoint(this, 'ResolverEndpoint', {
        direction: 'INBOUND',
        ipAddresses: config,
        securityGroupIds: [this.resolverSecurityGroup.securityGroupId],
        name: props.resolverEndpointName,
      });
      this.resolverEndpointId = this.resolverEndpoint.attrResolverEndpointId;
      const pinned = config.map(c => c.ip);
      if (pinned.every((ip): ip is string => ip !== undefined)) {
        this.resolverIpAddresses = Fn.join(',', pinned);
      } else {
        this.resolverAddressReader = this.readAddresses(this.resolverEndpointId, this.resolverEndpoint.attrArn, config.length,
          config.map(c => c.subnetId));
        this.resolverIpAddresses = this.resolverAddressReader.getAttString('Addresses');
      }
    }

    // 4. What on-premises DNS needs.
    const stack = Stack.of(this);
    this.forwardDomain = `s3.${stack.region}.${stack.urlSuffix}`;
    this.forwardDomainOutput = new CfnOutput(this, 'ForwardDomain', {
      description: 'Domain that on-premises DNS forwards to the inbound Resolver endpoint (conditional forwarder)',
      value: this.forwardDomain,
    });
    this.resolverAddressesOutput = new CfnOutput(this, 'ResolverAddresses', {
      description: 'IP addresses of the inbound Resolver endpoint: the targets of the conditional forwarder',
      value: this.resolverIpAddresses,
    });
  }

  /**
   * Adds to a bucket's policy a deny of every request that does not arrive through this
   * construct's gateway or interface endpoint (`aws:SourceVpce`), except for the exempt principals
   * (and, by default, AWS service principals). The bucket must be in this stack's Region: S3
   * endpoints only reach buckets of their own Region.
   */
  public restrictBucket(bucket: s3.IBucket, options: BucketRestrictionOptions): void {
    const stack = Stack.of(this);
    const bucketRegion = bucket.env.region;
    if (isKnown(bucketRegion) && isKnown(stack.region) && bucketRegion !== stack.region) {
      throw new Error(`restrictBucket: bucket ${bucketLabel(bucket)} is in '${bucketRegion}' but the endpoints are in `
        + `'${stack.region}'; S3 endpoints only reach buckets in their own Region, restrict buckets of '${stack.region}'`);
    }
    if (isKnown(bucketRegion) && !isKnown(stack.region)) {
      Annotations.of(this).addWarningV2('cdk-privatelink:S3HybridPrivateDns.bucketRegion',
        `restrictBucket: bucket ${bucketLabel(bucket)} is in '${bucketRegion}', and the endpoints are in this stack's Region, which is `
        + `not known at synth; S3 endpoints only reach buckets in their own Region, deploy the stack to '${bucketRegion}'`);
    }
    for (const arn of options.exemptPrincipalArns) {
      if (!isArnLike(arn)) {
        throw new Error(`restrictBucket exemptPrincipalArns must be ARNs, got '${arn}'; pass ARNs such as 'arn:aws:iam::111111111111:role/Admin'`);
      }
    }
    if (options.exemptPrincipalArns.length === 0) {
      Annotations.of(this).addWarningV2('cdk-privatelink:S3HybridPrivateDns.noExemptPrincipal',
        `restrictBucket(${bucketLabel(bucket)}): no exempt principal, so no person can reach the bucket outside the `
        + 'endpoints, console included; name an administrator or break-glass role in exemptPrincipalArns');
    }
    const actions = options.actions ?? ['s3:*'];
    if (actions.length === 0) throw new Error('restrictBucket actions is empty; leave it unset to deny every S3 action outside the endpoints');

    const exempt = [...options.exemptPrincipalArns, ...this.deploymentRoles(bucket, options.exemptDeploymentRole ?? true)];
    // autoDeleteObjects empties the bucket from a Lambda function outside the endpoints when the stack is deleted.
    const autoDelete = Stack.of(bucket).node.tryFindChild('Custom::S3AutoDeleteObjectsCustomResourceProvider');
    if ((options.exemptDeploymentRole ?? true) && autoDelete instanceof CustomResourceProviderBase) exempt.push(autoDelete.roleArn);
    const exemptions: Record<string, unknown> = {};
    if (exempt.length > 0) exemptions.ArnNotLike = { 'aws:PrincipalArn': exempt };
    const serviceExemptions: Record<string, string> = {};
    if (options.exemptAwsServicePrincipals ?? true) serviceExemptions['aws:PrincipalIsAWSService'] = 'false';
    if (options.exemptRequestsViaAwsServices ?? false) serviceExemptions['aws:ViaAWSService'] = 'false';
    if (Object.keys(serviceExemptions).length > 0) exemptions.BoolIfExists = serviceExemptions;
    const resources = [bucket.bucketArn, bucket.arnForObjects('*')];
    // Endpoint ids compare by stack and resolved value: two stacks' `{ Ref: S3Gateway… }` are different endpoints.
    const ownEndpoints = [this.gatewayEndpoint, this.interfaceEndpoint].map(e => ({
      id: e.vpcEndpointId, key: `${Stack.of(e).artifactId}:${resolvedKey(e, e.vpcEndpointId)}`,
    }));

    // One deny per bucket: a second restriction (another S3HybridPrivateDns, say for another VPC) adds
    // its endpoints to the first one's list; two separate denies would each refuse the other's endpoints.
    const signature = JSON.stringify(stack.resolve({ actions, exemptions, vpcSourceIps: options.vpcSourceIps ?? null }));
    const existing = bucketRestrictions.get(bucket);
    if (existing) {
      if (existing.signature !== signature) {
        throw new Error(`restrictBucket: bucket ${bucketLabel(bucket)} is already restricted by ${existing.owner} with other options; `
          + 'a bucket has one endpoint restriction, so pass the same exemptPrincipalArns, actions, vpcSourceIps and exemptions');
      }
      const listed = new Set(existing.endpoints.map(e => e.key));
      existing.endpoints.push(...ownEndpoints.filter(e => !listed.has(e.key)));
      return;
    }
    const restriction = { owner: this.node.path, signature, endpoints: [...ownEndpoints] };
    const endpointIds = Lazy.list({ produce: () => restriction.endpoints.map(e => e.id) });

    const statements = [new iam.PolicyStatement({
      sid: 'DenyOutsideS3Endpoints',
      effect: iam.Effect.DENY,
      principals: [new iam.StarPrincipal()],
      actions,
      resources,
      conditions: { StringNotEquals: { 'aws:SourceVpce': endpointIds }, ...exemptions },
    })];
    if (options.vpcSourceIps !== undefined) {
      if (options.vpcSourceIps.length === 0) throw new Error('restrictBucket vpcSourceIps is empty; name the VPC and on-premises ranges, or leave it unset');
      for (const cidr of options.vpcSourceIps) checkCidr(cidr, 'restrictBucket vpcSourceIps');
      statements.push(new iam.PolicyStatement({
        sid: 'DenyOutsideVpcSourceIps',
        effect: iam.Effect.DENY,
        principals: [new iam.StarPrincipal()],
        actions,
        resources,
        conditions: { NotIpAddress: { 'aws:VpcSourceIp': options.vpcSourceIps }, ...exemptions },
      }));
    }
    for (const statement of statements) {
      const { statementAdded } = bucket.addToResourcePolicy(statement);
      if (!statementAdded) {
        throw new Error(`restrictBucket: bucket ${bucketLabel(bucket)} was imported, so its policy cannot be changed here; `
          + 'pass a bucket defined in this app (s3.Bucket), or add the statements to its policy where it is defined');
      }
    }
    bucketRestrictions.set(bucket, restriction);
  }

  /** The CloudFormation execution role of the bucket's stack, where the synthesizer names it. */
  private deploymentRoles(bucket: s3.IBucket, exempt: boolean): string[] {
    if (!exempt) return [];
    const role = cloudFormationExecutionRoleArn(bucket);
    if (role !== undefined) return [role];
    Annotations.of(this).addWarningV2('cdk-privatelink:S3HybridPrivateDns.deploymentRole',
      `restrictBucket(${bucketLabel(bucket)}): the CloudFormation execution role of the bucket's stack is not known `
      + '(not the DefaultStackSynthesizer); add it to exemptPrincipalArns, or later updates and deletion of the stack are denied');
    return [];
  }

  /**
   * Acknowledges the template-check findings (cdk-nag, Control Tower rules, cfn-lint) that do not apply to the
   * stack's Resolver address custom resource provider, with the reasons the README lists: its functions run
   * outside the VPC, synchronously, without reserved concurrency, with unencrypted log groups and inline role
   * policies, and its waiter state machine has no X-Ray tracing or execution logging.
   *
   * Acknowledgements are made on the provider only, but aws-cdk-lib matches them by rule id across the whole
   * app: calling this also hides the same findings on your own resources. Call it only where that is acceptable,
   * or acknowledge the findings yourself. Does nothing when the stack has no provider (addresses pinned or given).
   */
  public acknowledgeProviderFindings(): void {
    ResolverAddressesProvider.existing(this)?.acknowledgeFindings();
  }

  /**
   * One S3HybridPrivateDns per VPC: a VPC takes one S3 interface endpoint with private DNS (a second
   * one's private DNS domain would conflict), and one inbound Resolver endpoint made here.
   */
  private claimVpc(vpc: ec2.IVpc): void {
    const ledger = vpcLedger(this, vpc);
    const owner = ledger.s3HybridDns;
    if (owner !== undefined) {
      throw new Error(`vpc ${isKnown(vpc.vpcId) ? vpc.vpcId : vpc.node.path} is already served by ${owner}; a VPC takes one S3 interface endpoint with `
        + 'private DNS and one inbound Resolver endpoint from this construct, so use that S3HybridPrivateDns (restrictBucket works on it)');
    }
    ledger.s3HybridDns = this.node.path;
  }

  private readAddresses(endpointId: string, endpointArn: string, expected: number | undefined, revision: unknown): CustomResource {
    const provider = ResolverAddressesProvider.of(this);
    provider.grantRead(endpointArn);
    const reader = new CustomResource(this, 'ResolverAddressReader', {
      serviceToken: provider.provider.serviceToken,
      resourceType: 'Custom::ResolverEndpointAddresses',
      properties: {
        ResolverEndpointId: endpointId,
        ExpectedAddressCount: expected === undefined ? undefined : String(expected),
        // A change of subnets or addresses reads the addresses again.
        Revision: revision,
      },
    });
    // The read may only start once the reader's policy names this endpoint (a later deployment can add it).
    reader.node.addDependency(provider.readerRole);
    return reader;
  }
}

/** A bucket as a message names it: its literal name, or its construct path. */
function bucketLabel(bucket: s3.IBucket): string {
  return isKnown(bucket.bucketName) ? bucket.bucketName : bucket.node.path;
}

function onPremisesPeers(cidrs: string[]): ec2.IPeer[] {
  if (cidrs.length === 0) {
    throw new Error('onPremisesCidrs is empty; name the on-premises ranges (e.g. [\'10.100.0.0/16\']) that query the Resolver and reach S3');
  }
  throwFirst(openIngress(cidrs, 'onPremisesCidrs'));
  const seen = new Set<string>();
  return cidrs.map(cidr => {
    checkCidr(cidr, 'onPremisesCidrs');
    if (seen.has(cidr)) throw new Error(`onPremisesCidrs lists '${cidr}' twice; name each range once`);
    seen.add(cidr);
    return cidr.includes(':') ? ec2.Peer.ipv6(cidr) : ec2.Peer.ipv4(cidr);
  });
}

/** The VPC's ranges, for `allowVpcClients`. */
function vpcPeers(vpc: ec2.IVpc): ec2.IPeer[] {
  try {
    return vpcDefaultPeers(vpc);
  } catch {
    throw new Error(`allowVpcClients is true but VPC ${vpc.node.path} was imported without vpcCidrBlock, so its range is unknown; `
      + 'import the VPC with vpcCidrBlock, or leave allowVpcClients unset and add the range with connections.allowDefaultPortFrom()');
  }
}

function checkCidr(cidr: string, prop: string): void {
  if (Token.isUnresolved(cidr)) return;
  const validIpv4 = ipv4Range(cidr) !== undefined;
  const validIpv6 = /^[0-9a-fA-F:]+:[0-9a-fA-F:]*\/\d{1,3}$/.test(cidr) && Number(cidr.split('/')[1]) <= 128;
  if (!validIpv4 && !validIpv6) {
    throw new Error(`${prop} contains '${cidr}', which is not a CIDR range; write ranges such as '10.100.0.0/16' or '2001:db8::/56'`);
  }
}

function checkExclusive(props: S3HybridPrivateDnsProps): void {
  const conflicts: Array<[string, unknown, string, unknown]> = [
    ['gatewayEndpoint', props.gatewayEndpoint, 'gatewaySubnets', props.gatewaySubnets],
    ['gatewayEndpoint', props.gatewayEndpoint, 'gatewayDnsRecordIpType', props.gatewayDnsRecordIpType],
    ['resolverAddresses', props.resolverAddresses, 'resolverSubnets', props.resolverSubnets],
    ['existingResolverEndpoint', props.existingResolverEndpoint, 'resolverSubnets', props.resolverSubnets],
    ['existingResolverEndpoint', props.existingResolverEndpoint, 'resolverAddresses', props.resolverAddresses],
    ['existingResolverEndpoint', props.existingResolverEndpoint, 'resolverEndpointName', props.resolverEndpointName],
  ];
  for (const [a, aValue, b, bValue] of conflicts) {
    if (aValue !== undefined && bValue !== undefined) {
      throw new Error(`${b} cannot be combined with ${a}: it configures the resource that ${a} replaces; drop one of them`);
    }
  }
}

/** Every private and isolated subnet of the VPC, for the gateway endpoint's routes. */
function defaultGatewaySubnets(vpc: ec2.IVpc): ec2.SubnetSelection[] {
  const subnets = [...vpc.privateSubnets, ...vpc.isolatedSubnets];
  if (subnets.length === 0) {
    throw new Error(`gatewaySubnets is not set and VPC ${vpc.node.path} has no private or isolated subnets; `
      + 'name the subnets whose route tables should route to S3');
  }
  return [{ subnets }];
}

function bucketAllowList(scope: IConstruct, buckets: string[] | undefined, serviceBuckets: string[] | undefined): EndpointPolicy | undefined {
  if (buckets === undefined) {
    if (serviceBuckets !== undefined) {
      throw new Error('awsServiceBuckets only applies with allowedBuckets: without allowedBuckets every bucket is reachable already; '
        + 'set allowedBuckets or drop awsServiceBuckets');
    }
    return undefined;
  }
  if (buckets.length === 0) {
    throw new Error('allowedBuckets is empty, so no bucket would be reachable through the endpoints; name the buckets, or leave it unset');
  }
  for (const name of [...buckets, ...serviceBuckets ?? []]) {
    if (isKnown(name) && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name)) {
      throw new Error(`allowedBuckets and awsServiceBuckets take bucket names, got '${name}'; `
        + 'pass names such as \'example-data\', not ARNs or s3:// URLs');
    }
  }
  const partition = Stack.of(scope).partition;
  const statements = [new iam.PolicyStatement({
    sid: 'AllowedBuckets',
    principals: [new iam.StarPrincipal()],
    actions: ['s3:*'],
    resources: buckets.flatMap(b => [`arn:${partition}:s3:::${b}`, `arn:${partition}:s3:::${b}/*`]),
  })];
  if (serviceBuckets !== undefined && serviceBuckets.length > 0) {
    statements.push(new iam.PolicyStatement({
      sid: 'AwsServiceBuckets',
      principals: [new iam.StarPrincipal()],
      actions: ['s3:GetObject'],
      resources: serviceBuckets.map(b => `arn:${partition}:s3:::${b}/*`),
    }));
  }
  return EndpointPolicy.fromStatements(statements);
}

/** The bucket allow-list on a gateway endpoint given to the construct; an imported one cannot take it. */
function addAllowListToGateway(gateway: ec2.IGatewayVpcEndpoint, policy: EndpointPolicy): void {
  if (!(gateway instanceof ec2.GatewayVpcEndpoint)) {
    throw new Error(`allowedBuckets cannot reach gatewayEndpoint ${gateway.node.path}: it was imported, so its endpoint policy cannot be set `
      + 'here; set the allow-list where the gateway endpoint is defined, pass one defined in this app, or drop allowedBuckets');
  }
  for (const statement of policy.statements) gateway.addToPolicy(statement);
}

function checkResolverEndpointId(scope: IConstruct, id: string): void {
  if (isKnown(id) && !/^rslvr-in-[0-9a-z]+$/.test(id)) {
    throw new Error(`existingResolverEndpoint.resolverEndpointId must be an inbound Resolver endpoint id, got '${describeValue(scope, id)}'; `
      + 'pass an id such as \'rslvr-in-0123456789abcdef0\'');
  }
}

function checkAddressList(ips: string[]): void {
  if (ips.length < 2) {
    throw new Error(`existingResolverEndpoint.ipAddresses lists ${ips.length} address(es); an inbound Resolver endpoint has at least two, `
      + 'list them all or leave ipAddresses unset to read them back');
  }
  const seen = new Set<string>();
  for (const ip of ips.filter(a => isKnown(a))) {
    if (ipv4ToNumber(ip) === undefined) {
      throw new Error(`existingResolverEndpoint.ipAddresses contains '${ip}', which is not an IPv4 address; list the endpoint's IPv4 addresses`);
    }
    if (seen.has(ip)) throw new Error(`existingResolverEndpoint.ipAddresses lists '${ip}' twice; list each address of the endpoint once`);
    seen.add(ip);
  }
}

/** Route 53 Resolver's rule for endpoint names: up to 64 letters, digits, spaces, '-' and '_', not digits only. */
function checkResolverEndpointName(name: string | undefined): void {
  if (name === undefined || !isKnown(name)) return;
  if (name.length === 0 || name.length > 64 || !/^[a-zA-Z0-9 _-]+$/.test(name) || /^[0-9]+$/.test(name)) {
    throw new Error(`resolverEndpointName '${name}' is not a valid Resolver endpoint name; use 1 to 64 letters, digits, spaces, `
      + "'-' and '_', not only digits (e.g. 's3-from-on-premises')");
  }
}

/** The Resolver endpoint's IP address configuration and the facts the placement rules read. */
function resolverPlacementOf(props: S3HybridPrivateDnsProps): {
  facts: ResolverAddressFact[];
  config: route53resolver.CfnResolverEndpoint.IpAddressRequestProperty[];
  subject: string;
} {
  if (props.resolverAddresses !== undefined) {
    const facts = props.resolverAddresses.map(a => {
      const subnet = subnetFacts(a.subnet);
      return { subnet: subnetFact(subnet), subnetCidr: subnet.ipv4Cidr, ip: isKnown(a.ip) ? a.ip : undefined };
    });
    return {
      facts,
      config: props.resolverAddresses.map(a => ({ subnetId: a.subnet.subnetId, ip: a.ip })),
      subject: 'resolverAddresses',
    };
  }
  const subnets = props.vpc.selectSubnets(props.resolverSubnets ?? { onePerAz: true }).subnets;
  return {
    facts: subnets.map(s => ({ subnet: subnetFact(subnetFacts(s)) })),
    config: subnets.map(s => ({ subnetId: s.subnetId })),
    subject: 'resolverSubnets',
  };
}
