import { Fn, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { missingDns } from './rules/rules';
import { describeValue, resolvedKey } from './tokens';

/** True when `value` is a plain value known at synth time (not a token and not undefined). */
export function isKnown<T>(value: T | undefined): value is T {
  return value !== undefined && !Token.isUnresolved(value);
}

/** What can be learnt at synth time about a subnet; `undefined` fields are unknown. */
export interface SubnetFacts {
  readonly subnet: ec2.ISubnet;
  /** Availability Zone name, when concrete. */
  readonly availabilityZone?: string;
  /**
   * The Availability Zone in resolved form (a literal name or an intrinsic such as
   * `Fn::Select [0, Fn::GetAZs]`), for comparing subnets in env-agnostic stacks too; undefined
   * when the subnet does not say.
   */
  readonly availabilityZoneKey?: string;
  /** The Availability Zone as a user reads it: its name, or e.g. `AZ[0]`. */
  readonly availabilityZoneLabel?: string;
  /** Availability Zone id (e.g. use1-az3), when the subnet was defined with one. */
  readonly availabilityZoneId?: string;
  /** Whether the subnet has an IPv4 range. */
  readonly hasIpv4?: boolean;
  /** Whether the subnet has an IPv6 range. */
  readonly hasIpv6?: boolean;
  /** IPv4 CIDR, when concrete. */
  readonly ipv4Cidr?: string;
}

/**
 * Reads what a subnet's definition says about its placement and address ranges. Subnets defined
 * in this app expose their `CfnSubnet`; imported subnets only what their attributes carry.
 */
export function subnetFacts(subnet: ec2.ISubnet): SubnetFacts {
  const cfn = subnet.node.defaultChild;
  const az = safe(() => subnet.availabilityZone);
  if (cfn instanceof ec2.CfnSubnet) {
    const ipv6Native = cfn.ipv6Native;
    // A subnet has an IPv6 range when one is given (CIDR or IPAM pool) or when it is IPv6-only;
    // assignIpv6AddressOnCreation alone says nothing about the range.
    const hasIpv6Range = cfn.ipv6CidrBlock !== undefined || cfn.ipv6IpamPoolId !== undefined || ipv6Native === true;
    const hasIpv4Range = cfn.cidrBlock !== undefined || cfn.ipv4IpamPoolId !== undefined;
    const anyAz = cfn.availabilityZone ?? az;
    return {
      subnet,
      ...azKeys(subnet, anyAz),
      availabilityZone: known(cfn.availabilityZone) ?? known(az),
      availabilityZoneId: known(cfn.availabilityZoneId),
      // IPv6 facts are only certain when the flags involved are concrete.
      hasIpv4: Token.isUnresolved(ipv6Native) ? undefined : hasIpv4Range && ipv6Native !== true,
      hasIpv6: Token.isUnresolved(ipv6Native) ? undefined : hasIpv6Range,
      ipv4Cidr: known(cfn.cidrBlock),
    };
  }
  const ipv4Cidr = known(safe(() => subnet.ipv4CidrBlock));
  return {
    subnet,
    ...azKeys(subnet, az),
    availabilityZone: known(az),
    hasIpv4: ipv4Cidr !== undefined ? true : undefined,
    ipv4Cidr,
  };
}

/** DNS attributes of a VPC; `undefined` where the VPC was imported and they cannot be known. */
export interface VpcDnsFacts {
  readonly dnsSupport?: boolean;
  readonly dnsHostnames?: boolean;
}

/** Reads the VPC's DNS support and DNS hostnames settings where the VPC is defined in this app. */
export function vpcDnsFacts(vpc: ec2.IVpc): VpcDnsFacts {
  if (vpc instanceof ec2.Vpc) {
    return { dnsSupport: vpc.dnsSupportEnabled, dnsHostnames: vpc.dnsHostnamesEnabled };
  }
  const cfn = vpc.node.defaultChild;
  if (cfn instanceof ec2.CfnVPC) {
    // CloudFormation defaults: DNS support on, DNS hostnames off.
    return { dnsSupport: knownBool(cfn.enableDnsSupport) ?? true, dnsHostnames: knownBool(cfn.enableDnsHostnames) ?? false };
  }
  return {};
}

/** Explains which DNS attribute is missing, or undefined when both are on (or unknown). */
export function missingVpcDns(vpc: ec2.IVpc): string | undefined {
  return missingDns(vpcDnsFacts(vpc));
}

/**
 * The VPC's IPv4 CIDR as a literal when the VPC is defined in this app with a literal range, so
 * security group rules name the actual range (and policy checkers can read it); otherwise the
 * VPC's `vpcCidrBlock` attribute.
 */
export function vpcIpv4Cidr(vpc: ec2.IVpc): string {
  const cfn = vpc.node.defaultChild;
  if (cfn instanceof ec2.CfnVPC && isKnown(cfn.cidrBlock)) return cfn.cidrBlock;
  return vpc.vpcCidrBlock;
}

/** Whether the VPC is defined in this app with an Amazon-provided or BYOIP IPv6 block. */
export function vpcHasIpv6(vpc: ec2.IVpc): boolean {
  return vpc.node.children.some(c => c instanceof ec2.CfnVPCCidrBlock
    && (c.amazonProvidedIpv6CidrBlock !== undefined || c.ipv6CidrBlock !== undefined || c.ipv6IpamPoolId !== undefined));
}

/**
 * The VPC's own ranges as peers: its IPv4 CIDR, plus its first IPv6 block when dual-stack.
 * An imported VPC without `vpcCidrBlock` has no range to offer: the caller must name peers.
 */
export function vpcDefaultPeers(vpc: ec2.IVpc, prop = 'allowedPeers'): ec2.IPeer[] {
  const cidr = safe(() => vpcIpv4Cidr(vpc));
  if (cidr === undefined) {
    throw new Error(`${prop} is not set and the VPC ${vpc.node.path} was imported without vpcCidrBlock, so its range is `
      + `unknown; pass ${prop} (e.g. [ec2.Peer.ipv4('10.0.0.0/16')]) or import the VPC with vpcCidrBlock`);
  }
  const peers = [ec2.Peer.ipv4(cidr)];
  if (vpc instanceof ec2.Vpc && vpcHasIpv6(vpc)) {
    peers.push(ec2.Peer.ipv6(Fn.select(0, vpc.vpcIpv6CidrBlocks)));
  }
  return peers;
}

/** A stable key identifying the VPC, for per-VPC bookkeeping. */
export function vpcKey(vpc: ec2.IVpc): string {
  return isKnown(vpc.vpcId) ? vpc.vpcId : vpc.node.path;
}

function azKeys(subnet: ec2.ISubnet, az: string | undefined): Pick<SubnetFacts, 'availabilityZoneKey' | 'availabilityZoneLabel'> {
  if (az === undefined) return {};
  return { availabilityZoneKey: resolvedKey(subnet, az), availabilityZoneLabel: describeValue(subnet, az) };
}

function known(value: string | undefined): string | undefined {
  return isKnown(value) ? value : undefined;
}

function knownBool(value: boolean | unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

/** The value of `fn`, or undefined when it throws (imported subnets throw for attributes they were not given). */
export function safe<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    // Imported subnets throw when an attribute was not supplied: treat it as unknown.
    return undefined;
  }
}

/** The first literal of `zones` that is not an AZ id (`use1-az1`), if any; tokens are not judged. */
export function firstNonAzId(zones: readonly string[]): string | undefined {
  return zones.find(z => !Token.isUnresolved(z) && !/^[a-z]{2,5}\d?-az\d+$/.test(z));
}
