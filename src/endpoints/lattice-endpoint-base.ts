import { Annotations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct, IConstruct } from 'constructs';
import {
  checkIpAddressTypeFitsSubnets, checkLatticeArn, checkOneSubnetPerAz, checkPeersNotOpen, checkPrivateDnsFitsVpc, checkTcpOnly, countEndpoint,
  describeSubnet,
  EndpointKind,
} from '../private/endpoint-rules';
import { SubnetFacts, subnetFacts, vpcDefaultPeers } from '../private/network-facts';
import { smallSubnet } from '../private/rules/rules';

/**
 * For which domains VPC Lattice creates private hosted zones when private DNS is on.
 */
export enum PrivateDnsPreference {
  /** Only custom domain names the resource provider has verified (recommended). */
  VERIFIED_DOMAINS_ONLY = 'VERIFIED_DOMAINS_ONLY',
  /** Every custom domain name, verified or not. */
  ALL_DOMAINS = 'ALL_DOMAINS',
  /** Verified domain names plus the ones in `privateDnsSpecifiedDomains`. */
  VERIFIED_DOMAINS_AND_SPECIFIED_DOMAINS = 'VERIFIED_DOMAINS_AND_SPECIFIED_DOMAINS',
  /** Only the domain names in `privateDnsSpecifiedDomains`, verified or not. */
  SPECIFIED_DOMAINS_ONLY = 'SPECIFIED_DOMAINS_ONLY',
}

/**
 * A resource or service-network endpoint, created here or imported.
 */
export interface ILatticeEndpoint extends ec2.IConnectable, IConstruct {
  /**
   * The endpoint id.
   *
   * @attribute
   */
  readonly vpcEndpointId: string;
}

/**
 * Attributes of a resource or service-network endpoint created elsewhere.
 */
export interface LatticeEndpointAttributes {
  /** The endpoint id. */
  readonly vpcEndpointId: string;

  /** The endpoint's security groups. */
  readonly securityGroups: ec2.ISecurityGroup[];
}

/**
 * Options shared by resource endpoints and service-network endpoints.
 */
export interface LatticeEndpointOptions {
  /** The VPC to place the endpoint in. */
  readonly vpc: ec2.IVpc;

  /**
   * Subnets for the endpoint network interfaces, at most one per Availability Zone. At least one
   * Availability Zone must overlap with the resource gateway's.
   *
   * @default - one subnet per Availability Zone from the VPC's private subnets (isolated, then public, when there are none)
   */
  readonly subnets?: ec2.SubnetSelection;

  /**
   * Security groups for the endpoint. When given, `allowedPeers` and `ports` are not used.
   *
   * @default - a dedicated security group allowing `ports` from `allowedPeers`
   */
  readonly securityGroups?: ec2.ISecurityGroup[];

  /**
   * Who may connect through the endpoint. Never `0.0.0.0/0` or `::/0`.
   *
   * @default - the VPC's IPv4 CIDR, plus its IPv6 CIDR when the VPC is dual-stack
   */
  readonly allowedPeers?: ec2.IPeer[];

  /**
   * Ports the dedicated security group opens to `allowedPeers`. TCP only: these endpoints do not carry UDP.
   *
   * @default - all TCP ports; the resource configurations decide which ports answer
   */
  readonly ports?: ec2.Port[];

  /**
   * IP address type of the endpoint network interfaces.
   *
   * @default - IPv4 (the service-side default)
   */
  readonly ipAddressType?: ec2.VpcEndpointIpAddressType;

  /**
   * Create private hosted zones for the resources' custom domain names. Needs DNS support and DNS
   * hostnames on the VPC.
   *
   * On by default for service-network endpoints too. An older passage of the PrivateLink guide
   * allows private DNS there only for ARN-type resource configurations of Amazon RDS; since custom
   * domain names, consumers set private DNS with a private DNS preference on resource endpoints,
   * service-network endpoints and service network VPC associations alike. With the default
   * preference, `VERIFIED_DOMAINS_ONLY`, hosted zones are only created for names the provider
   * verified (AWS-owned names such as RDS ones included), so turning it on cannot capture other
   * traffic of the VPC.
   *
   * @default true
   */
  readonly privateDnsEnabled?: boolean;

  /**
   * For which domains private hosted zones are created.
   *
   * @default PrivateDnsPreference.VERIFIED_DOMAINS_ONLY
   */
  readonly privateDnsPreference?: PrivateDnsPreference;

  /**
   * Domains for the `..._SPECIFIED_DOMAINS` preferences, e.g. `db.example.com` or `*.example.com`.
   *
   * @default - none; required by VERIFIED_DOMAINS_AND_SPECIFIED_DOMAINS and SPECIFIED_DOMAINS_ONLY
   */
  readonly privateDnsSpecifiedDomains?: string[];
}

/**
 * The VPC Lattice endpoint kinds.
 */
export enum LatticeEndpointType {
  /** A resource endpoint: one resource configuration. */
  RESOURCE = 'Resource',
  /** A service-network endpoint: every service and resource configuration of a service network. */
  SERVICE_NETWORK = 'ServiceNetwork',
}

/**
 * Shared implementation of the VPC Lattice endpoint kinds: resource endpoints and service-network endpoints.
 */
export abstract class LatticeEndpointBase extends Construct implements ILatticeEndpoint {
  /** Imports an endpoint of either kind from its attributes. */
  protected static importEndpoint(scope: Construct, id: string, attrs: LatticeEndpointAttributes): ILatticeEndpoint {
    class Import extends Construct implements ILatticeEndpoint {
      public readonly vpcEndpointId = attrs.vpcEndpointId;
      public readonly connections = new ec2.Connections({ securityGroups: attrs.securityGroups });
    }
    return new Import(scope, id);
  }

  /** The `AWS::EC2::VPCEndpoint`. */
  public readonly endpoint: ec2.CfnVPCEndpoint;

  /** Network connections of the endpoint. */
  public readonly connections: ec2.Connections;

  /**
   * The dedicated security group, when no `securityGroups` were given.
   */
  public readonly securityGroup?: ec2.SecurityGroup;

  /** @attribute */
  public readonly vpcEndpointId: string;

  /**
   * The DNS entries of the endpoint.
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

  /** The subnets the endpoint is in. */
  public readonly subnets: ec2.ISubnet[];

  protected constructor(scope: Construct, id: string, props: LatticeEndpointOptions, endpointType: LatticeEndpointType, targetArn: string) {
    super(scope, id);

    if (endpointType === LatticeEndpointType.RESOURCE) {
      checkLatticeArn(scope, targetArn, 'resourceConfigurationArn', 'resource');
    } else {
      checkLatticeArn(scope, targetArn, 'serviceNetworkArn', 'serviceNetwork');
    }
    const ipAddressType = props.ipAddressType ?? ec2.VpcEndpointIpAddressType.IPV4;
    this.subnets = props.vpc.selectSubnets(props.subnets ?? { onePerAz: true }).subnets;
    const facts = this.subnets.map(subnetFacts);
    checkOneSubnetPerAz(facts, 'subnets');
    checkIpAddressTypeFitsSubnets(facts, ipAddressType, 'ipAddressType');
    if (endpointType === LatticeEndpointType.SERVICE_NETWORK) warnSmallSubnets(this, facts);

    const privateDnsEnabled = props.privateDnsEnabled ?? true;
    const dnsOptions = this.privateDnsOptions(props, privateDnsEnabled);
    checkPrivateDnsFitsVpc(props.vpc, privateDnsEnabled, props.privateDnsEnabled !== undefined);

    let securityGroups = props.securityGroups;
    if (securityGroups === undefined) {
      const peers = props.allowedPeers ?? vpcDefaultPeers(props.vpc);
      const ports = props.ports ?? [ec2.Port.allTcp()];
      checkPeersNotOpen(peers, 'allowedPeers');
      checkTcpOnly(ports, 'ports');
      this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
        vpc: props.vpc,
        description: `${endpointType} endpoint ${this.node.path}: TCP from named peers only`,
        allowAllOutbound: false,
      });
      for (const peer of peers) {
        for (const port of ports) this.securityGroup.addIngressRule(peer, port, 'TCP from an allowed peer');
      }
      securityGroups = [this.securityGroup];
    } else if (props.allowedPeers !== undefined || props.ports !== undefined) {
      throw new Error('allowedPeers and ports only shape the dedicated security group; with securityGroups given, '
        + 'add the rules to those groups instead');
    }
    this.connections = new ec2.Connections({ securityGroups });

    this.endpoint = new ec2.CfnVPCEndpoint(this, 'Resource', {
      vpcId: props.vpc.vpcId,
      vpcEndpointType: endpointType,
      resourceConfigurationArn: endpointType === LatticeEndpointType.RESOURCE ? targetArn : undefined,
      serviceNetworkArn: endpointType === LatticeEndpointType.SERVICE_NETWORK ? targetArn : undefined,
      subnetIds: this.subnets.map(s => s.subnetId),
      securityGroupIds: securityGroups.map(sg => sg.securityGroupId),
      ipAddressType: props.ipAddressType,
      privateDnsEnabled,
      dnsOptions,
    });

    if (endpointType === LatticeEndpointType.RESOURCE) {
      countEndpoint(this, 'ResourceEndpoint', props.vpc, EndpointKind.RESOURCE);
    } else {
      countEndpoint(this, 'ServiceNetworkEndpoint', props.vpc, EndpointKind.SERVICE_NETWORK);
    }

    this.vpcEndpointId = this.endpoint.ref;
    this.dnsEntries = this.endpoint.attrDnsEntries;
    this.networkInterfaceIds = this.endpoint.attrNetworkInterfaceIds;
  }

  private privateDnsOptions(
    props: LatticeEndpointOptions, privateDnsEnabled: boolean,
  ): ec2.CfnVPCEndpoint.DnsOptionsSpecificationProperty | undefined {
    const preference = props.privateDnsPreference;
    const domains = props.privateDnsSpecifiedDomains;
    if (!privateDnsEnabled) {
      if (preference !== undefined || domains !== undefined) {
        throw new Error('privateDnsPreference and privateDnsSpecifiedDomains need privateDnsEnabled: true; remove them or enable private DNS');
      }
      return undefined;
    }
    const effective = preference ?? PrivateDnsPreference.VERIFIED_DOMAINS_ONLY;
    const wantsDomains = effective === PrivateDnsPreference.VERIFIED_DOMAINS_AND_SPECIFIED_DOMAINS
      || effective === PrivateDnsPreference.SPECIFIED_DOMAINS_ONLY;
    if (wantsDomains && (domains === undefined || domains.length === 0)) {
      throw new Error(`privateDnsPreference '${effective}' needs privateDnsSpecifiedDomains; list the domains, e.g. ['db.example.com']`);
    }
    if (!wantsDomains && domains !== undefined) {
      throw new Error('privateDnsSpecifiedDomains is only used with VERIFIED_DOMAINS_AND_SPECIFIED_DOMAINS or SPECIFIED_DOMAINS_ONLY, '
        + `got privateDnsPreference '${effective}'; pick one of those or drop the domains`);
    }
    return { privateDnsPreference: effective, privateDnsSpecifiedDomains: domains };
  }
}

/**
 * Service-network endpoints take a contiguous /28 per subnet at first and another /28 as resource
 * configurations are added to the service network: warn below /26 (room for four blocks).
 */
function warnSmallSubnets(endpoint: Construct, facts: SubnetFacts[]): void {
  for (const f of facts) {
    for (const message of smallSubnet(describeSubnet(f.subnet), f.ipv4Cidr)) {
      Annotations.of(endpoint).addWarningV2('cdk-privatelink:ServiceNetworkEndpoint.smallSubnet', message);
    }
  }
}
