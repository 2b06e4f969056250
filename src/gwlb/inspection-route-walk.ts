import { Stack } from 'aws-cdk-lib';
import { walkTemplate } from '../private/rules/route-walk';
import { stackTemplate } from '../private/stack-template';

/** One path of a packet through a Gateway Load Balancer inspection VPC, as `InspectionRouteWalk` follows it. */
export interface InspectionPath {
  /** The VPC (construct path, or logical id in a bare template). */
  readonly vpc: string;
  /** The application subnet the path starts or ends at. */
  readonly subnet: string;
  /** Logical id of the application subnet in its template. */
  readonly subnetLogicalId: string;
  /** The subnet's Availability Zone as a user reads it (`us-east-1a`, `AZ[0]`, or an AZ id). */
  readonly availabilityZone: string;
  /** `ipv4` or `ipv6`. */
  readonly addressFamily: string;
  /** `inbound` (internet to the subnet) or `outbound` (the subnet to the internet). */
  readonly direction: string;
  /**
   * Every hop in order: `internet`, the internet gateway, the GWLB endpoint, `appliances`, the
   * endpoint again, the subnet; `dropped` where no route matches.
   */
  readonly hops: string[];
  /**
   * The Gateway Load Balancer endpoint the packet passed.
   *
   * @default - none: the packet was not inspected
   */
  readonly inspectedBy?: string;
  /** Whether the path passes the same-AZ endpoint and nothing bypasses it (no problems). */
  readonly inspected: boolean;
  /** What is wrong with the path (bypass routes, missing or cross-zone routes); empty when inspected. */
  readonly problems: string[];
}

/**
 * Follows packets through the route tables of Gateway Load Balancer inspection VPCs the way the
 * VPC router does (most specific route wins, the VPC's ranges are local), from a synthesized
 * template or a stack: per application subnet, Availability Zone and address family, the inbound
 * path from the internet gateway and the outbound path to `0.0.0.0/0` (`::/0`).
 *
 * A VPC is walked when its internet gateway's edge route table, or one of its subnets' route
 * tables, sends traffic to a Gateway Load Balancer endpoint. Use it to assert on your own
 * inspection topology; `PrivateLinkChecks` reports its problems as rule PrivateLink-Gwlb5.
 *
 * @example
 * declare const stack: Stack;
 * const uninspected: string[] = [];
 * for (const path of privatelink.InspectionRouteWalk.ofStack(stack)) {
 *   if (!path.inspected) {
 *     uninspected.push(`${path.direction} ${path.addressFamily} ${path.subnet}: ${path.problems.join('; ')}`);
 *   }
 * }
 */
export class InspectionRouteWalk {
  /** Walks a synthesized template (the JSON object, e.g. `Template.fromStack(stack).toJSON()`). */
  public static ofTemplate(template: any): InspectionPath[] {
    return walkTemplate(template).map(toPath);
  }

  /** Walks the resources of a stack as its template will show them, without synthesizing; hops are named by construct path. */
  public static ofStack(stack: Stack): InspectionPath[] {
    const { template, namer } = stackTemplate(stack);
    return walkTemplate(template, namer).map(toPath);
  }

  private constructor() {}
}

function toPath(p: ReturnType<typeof walkTemplate>[number]): InspectionPath {
  return {
    vpc: p.vpc,
    subnet: p.subnet,
    subnetLogicalId: p.subnetLogicalId,
    availabilityZone: p.availabilityZone,
    addressFamily: p.addressFamily,
    direction: p.direction,
    hops: p.hops,
    inspectedBy: p.inspectedBy,
    inspected: p.inspectedBy !== undefined && p.problems.length === 0,
    problems: p.problems,
  };
}
