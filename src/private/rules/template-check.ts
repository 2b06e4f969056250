import { endpointPolicyProblems } from '../endpoint-policy-rules';
import { describeResolved } from '../tokens';
import { walkTemplate } from './route-walk';
import {
  ArnFact, arnText, crossRegion, dnsRecordIpType, dynamoDbGateway, GatewayRoutingFact, gatewayRouteTables, gwlbOnePerAz, gwlbOneSubnet,
  GwlbPlacementFact, gwlbRouteDestination, inboundResolverGateway, inboundResolverOptions, ipTypeFitsSubnets, latticeArn, oneSubnetPerAz,
  openIngress, policyNotEnforced, privateDnsNeedsVpcDns, quota, ResolverAddressFact, resolverAddress, resolverDuplicateAddress,
  resolverPlacement, S3_GATEWAY_METADATA, smallSubnet, tcpOnly, QuotaKind, RuleDefinition, RULES, serviceKeyOf, SubnetFact, VpcDnsFact,
  gwlbEgressOnly, gwlbEndpointOptions, gwlbInspectionRouting, gwlbLoadBalancerType, gwlbServedZone, gwlbServiceIpTypes, gwlbServiceIpv6,
} from './rules';

/**
 * The template front end of the rules: reads synthesized CloudFormation templates (every stack of
 * an app), gathers the facts the rules need from `AWS::EC2::VPCEndpoint`, `AWS::EC2::Route`,
 * inbound `AWS::Route53Resolver::ResolverEndpoint` resources and the
 * VPCs, subnets and security groups they reference, and runs the same rule functions the
 * constructs run. References are followed within a template (`Ref`, `Fn::GetAtt`) and across
 * stacks through `Fn::ImportValue` of an export another template of the app declares. Availability
 * Zones stay in their resolved form (`Fn::Select` over `Fn::GetAZs` in a stack without env), so
 * env-agnostic stacks are checked as stacks with env are.
 */

/** One synthesized stack. */
export interface TemplateInput {
  readonly stackName: string;
  readonly templatePath: string;
  readonly template: any;
  /** The stack's Region, where the app says it (a stack with env). */
  readonly region?: string;
  /** The stack's account as resolved (a literal with env, else the `AWS::AccountId` reference), where the app says it. */
  readonly account?: unknown;
}

/** A finding on a resource of a template. */
export interface TemplateFinding {
  readonly rule: RuleDefinition;
  readonly templatePath: string;
  readonly logicalId: string;
  readonly message: string;
}

interface ResourceRef {
  readonly stack: TemplateInput;
  readonly logicalId: string;
  readonly resource: any;
  readonly attribute?: string;
}

const ENDPOINT_KINDS: Record<string, QuotaKind> = {
  Interface: 'interface',
  Gateway: 'gateway',
  GatewayLoadBalancer: 'gatewayLoadBalancer',
  Resource: 'resource',
  ServiceNetwork: 'serviceNetwork',
};

/** The construct path of a resource, by template and logical id, where the caller knows the construct tree. */
export type ResourceNamer = (templatePath: string, logicalId: string) => string | undefined;

class AppTemplates {
  private readonly exports = new Map<string, { stack: TemplateInput; value: unknown }>();

  constructor(readonly stacks: readonly TemplateInput[], private readonly namer: ResourceNamer) {
    for (const stack of stacks) {
      for (const output of Object.values<any>(stack.template.Outputs ?? {})) {
        const name = output?.Export?.Name;
        if (typeof name === 'string') this.exports.set(name, { stack, value: output.Value });
      }
    }
  }

  /** The resource a value refers to (`Ref`, `Fn::GetAtt`, or an import of an export that does), if any. */
  target(stack: TemplateInput, value: any): ResourceRef | undefined {
    if (value === null || typeof value !== 'object') return undefined;
    if (typeof value.Ref === 'string') {
      const resource = stack.template.Resources?.[value.Ref];
      return resource ? { stack, logicalId: value.Ref, resource } : undefined;
    }
    const getAtt = value['Fn::GetAtt'];
    if (getAtt !== undefined) {
      const [logicalId, attribute] = typeof getAtt === 'string' ? getAtt.split('.') : getAtt;
      const resource = stack.template.Resources?.[logicalId];
      return resource ? { stack, logicalId, resource, attribute } : undefined;
    }
    const name = value['Fn::ImportValue'];
    if (typeof name === 'string') {
      const exported = this.exports.get(name);
      return exported ? this.target(exported.stack, exported.value) : undefined;
    }
    return undefined;
  }

  /** A key equal for equal values: the resource a value refers to, or its JSON. */
  key(stack: TemplateInput, value: unknown): string {
    const target = this.target(stack, value);
    return target ? `${target.stack.stackName}/${target.logicalId}${target.attribute ? `.${target.attribute}` : ''}` : JSON.stringify(value);
  }

  /** How a message names a resource: its construct path when the template records it, else stack/logical id. */
  name(ref: ResourceRef): string {
    const known = this.namer(ref.stack.templatePath, ref.logicalId);
    if (known !== undefined) return known;
    const path = ref.resource.Metadata?.['aws:cdk:path'];
    return typeof path === 'string' ? path.replace(/\/Resource$/, '') : `${ref.stack.stackName}/${ref.logicalId}`;
  }

  /** What a template says of a subnet; an id that is not a reference to a subnet is only a name. */
  subnet(stack: TemplateInput, value: unknown): SubnetFact {
    const ref = this.target(stack, value);
    if (!ref || ref.resource.Type !== 'AWS::EC2::Subnet') return { name: describeResolved(value) };
    const p = ref.resource.Properties ?? {};
    const az = p.AvailabilityZone;
    const ipv6Native = bool(p.Ipv6Native);
    const ipv6NativeKnown = p.Ipv6Native === undefined || ipv6Native !== undefined;
    return {
      name: this.name(ref),
      azKey: az === undefined ? undefined : JSON.stringify(az),
      azLabel: az === undefined ? undefined : describeResolved(az),
      hasIpv4: ipv6NativeKnown ? (p.CidrBlock !== undefined || p.Ipv4IpamPoolId !== undefined) && ipv6Native !== true : undefined,
      hasIpv6: ipv6NativeKnown ? p.Ipv6CidrBlock !== undefined || p.Ipv6IpamPoolId !== undefined || ipv6Native === true : undefined,
    };
  }

  /** A subnet's literal IPv4 CIDR, if the template has one. */
  subnetCidr(stack: TemplateInput, value: unknown): string | undefined {
    const ref = this.target(stack, value);
    const cidr = ref?.resource.Type === 'AWS::EC2::Subnet' ? ref.resource.Properties?.CidrBlock : undefined;
    return typeof cidr === 'string' ? cidr : undefined;
  }

  /** The protocols and ports that may reach a security group, labelled as ec2.Port prints them (`UDP 53`). */
  ingressPorts(stack: TemplateInput, value: unknown): Array<{ protocol: string; label: string }> {
    return this.ingressRules(stack, value).filter(r => typeof r?.IpProtocol === 'string').map(r => {
      const protocol = r.IpProtocol === '6' ? 'tcp' : r.IpProtocol === '17' ? 'udp' : String(r.IpProtocol);
      if (protocol === '-1') return { protocol, label: 'ALL TRAFFIC' };
      const ports = r.FromPort === r.ToPort ? `${r.FromPort}` : `${r.FromPort}-${r.ToPort}`;
      return { protocol, label: `${protocol.toUpperCase()} ${ports}` };
    });
  }

  /** The Availability Zone id a subnet of the app was given, if any. */
  subnetAzId(stack: TemplateInput, value: unknown): string | undefined {
    const ref = this.target(stack, value);
    const id = ref?.resource.Type === 'AWS::EC2::Subnet' ? ref.resource.Properties?.AvailabilityZoneId : undefined;
    return typeof id === 'string' ? id : undefined;
  }

  /** What an ARN shows: its literal or joined text, or the type of the resource whose attribute it is. */
  arnFact(stack: TemplateInput, value: unknown): ArnFact {
    const ref = this.target(stack, value);
    if (ref && ref.attribute !== undefined) {
      return { label: describeResolved(value), resourceType: ref.resource.Type, attribute: ref.attribute, resourceName: this.name(ref) };
    }
    return { text: arnText(value), label: describeResolved(value) };
  }

  /** DNS settings of the VPC a value refers to, with CloudFormation's defaults; unknown for other VPCs. */
  vpcDns(stack: TemplateInput, value: unknown): VpcDnsFact {
    const ref = this.target(stack, value);
    if (!ref || ref.resource.Type !== 'AWS::EC2::VPC') return {};
    const p = ref.resource.Properties ?? {};
    return {
      dnsSupport: p.EnableDnsSupport === undefined ? true : bool(p.EnableDnsSupport),
      dnsHostnames: p.EnableDnsHostnames === undefined ? false : bool(p.EnableDnsHostnames),
    };
  }

  /** The CIDR sources that may reach a security group, from its inline rules and AWS::EC2::SecurityGroupIngress resources. */
  ingressSources(stack: TemplateInput, value: unknown): string[] {
    return this.ingressRules(stack, value).flatMap(r => [r?.CidrIp, r?.CidrIpv6]).filter((s): s is string => typeof s === 'string');
  }

  /**
   * The endpoint service a GWLB endpoint's service name is built from
   * (`com.amazonaws.vpce.<region>.` joined with a reference to an `AWS::EC2::VPCEndpointService` of the app).
   */
  endpointService(stack: TemplateInput, serviceName: unknown): ResourceRef | undefined {
    const join = (serviceName as any)?.['Fn::Join'];
    const parts: unknown[] = Array.isArray(join) && Array.isArray(join[1]) ? join[1] : [];
    for (const part of parts) {
      const ref = this.target(stack, part);
      if (ref?.resource.Type === 'AWS::EC2::VPCEndpointService') return ref;
    }
    return undefined;
  }

  /** Whether a gateway id is an egress-only internet gateway: a reference to one of the app, or a literal `eigw-` id. */
  isEgressOnlyGateway(stack: TemplateInput, value: unknown): boolean {
    if (typeof value === 'string') return value.startsWith('eigw-');
    return this.target(stack, value)?.resource.Type === 'AWS::EC2::EgressOnlyInternetGateway';
  }

  /** The subnets of a load balancer of the app (Subnets or SubnetMappings). */
  loadBalancerSubnets(lb: ResourceRef): Array<{ fact: SubnetFact; azId?: string }> {
    const p = lb.resource.Properties ?? {};
    const ids = [...list(p.Subnets), ...list(p.SubnetMappings).map((m: any) => m?.SubnetId)];
    return ids.map((id: unknown) => ({ fact: this.subnet(lb.stack, id), azId: this.subnetAzId(lb.stack, id) }));
  }

  /** A security group's ingress rules: inline ones and AWS::EC2::SecurityGroupIngress resources of the app. */
  private ingressRules(stack: TemplateInput, value: unknown): any[] {
    const ref = this.target(stack, value);
    if (!ref || ref.resource.Type !== 'AWS::EC2::SecurityGroup') return [];
    const rules: any[] = [...list(ref.resource.Properties?.SecurityGroupIngress)];
    for (const other of this.stacks) {
      for (const resource of Object.values<any>(other.template.Resources ?? {})) {
        if (resource.Type !== 'AWS::EC2::SecurityGroupIngress') continue;
        const group = this.target(other, resource.Properties?.GroupId);
        if (group && group.stack === ref.stack && group.logicalId === ref.logicalId) rules.push(resource.Properties);
      }
    }
    return rules;
  }
}

/** The CloudFormation property that holds each kind of VPC Lattice ARN. */
const LATTICE_ARNS: ReadonlyArray<[string, 'resource' | 'serviceNetwork']> = [
  ['ResourceConfigurationArn', 'resource'],
  ['ServiceNetworkArn', 'serviceNetwork'],
];

function bool(value: unknown): boolean | undefined {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return undefined;
}

function list(value: unknown): any[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** The types of the resources of one template, for bounding the size of policies that reference them. */
function typesOf(stack: TemplateInput): (logicalId: string) => string | undefined {
  return (logicalId: string) => stack.template.Resources?.[logicalId]?.Type;
}

/** Runs every rule over the templates of an app and returns the findings. */
export function checkTemplates(stacks: readonly TemplateInput[], namer: ResourceNamer = () => undefined): TemplateFinding[] {
  const app = new AppTemplates(stacks, namer);
  const findings: TemplateFinding[] = [];
  const add = (rule: RuleDefinition, stack: TemplateInput, logicalId: string, messages: string[]) => {
    for (const message of messages) findings.push({ rule, templatePath: stack.templatePath, logicalId, message });
  };

  /** Rule PrivateLink-Network1 on the security groups of an endpoint (VPC or Resolver). */
  const openIngressOf = (stack: TemplateInput, logicalId: string, groups: unknown) => {
    for (const group of list(groups)) {
      add(RULES.openIngress, stack, logicalId, openIngress(app.ingressSources(stack, group), 'SecurityGroupIngress'));
    }
  };

  const gateways: Array<{ fact: GatewayRoutingFact; stack: TemplateInput; logicalId: string; dnsRecordIpType?: string }> = [];
  const inboundResolvers: Array<{ stack: TemplateInput; logicalId: string; vpcKey: string; dnsRecordIpType: string; namedGateway: boolean }> = [];
  const gwlbs: Array<{ fact: GwlbPlacementFact; stack: TemplateInput; logicalId: string }> = [];
  /** VPCs with a Gateway Load Balancer endpoint, by VPC key, for rule PrivateLink-Gwlb6. */
  const gwlbVpcs = new Set<string>();
  const egressOnlyRoutes: Array<{ stack: TemplateInput; logicalId: string; vpcKey: string; gateway: string; subject: string }> = [];
  const counts = new Map<string, Map<QuotaKind, number>>();

  for (const stack of stacks) {
    for (const [logicalId, resource] of Object.entries<any>(stack.template.Resources ?? {})) {
      if (resource.Type !== 'AWS::EC2::VPCEndpoint') continue;
      const p = resource.Properties ?? {};
      const type: string = p.VpcEndpointType ?? 'Gateway';
      const kind = ENDPOINT_KINDS[type];
      const vpcKey = app.key(stack, p.VpcId);
      const name = app.name({ stack, logicalId, resource });
      const subnets = Array.isArray(p.SubnetIds) ? p.SubnetIds.map((s: unknown) => app.subnet(stack, s)) : undefined;
      const ipAddressType: string = typeof p.IpAddressType === 'string' ? p.IpAddressType : 'ipv4';
      const dnsType = p.DnsOptions?.DnsRecordIpType;

      if (subnets && (type === 'Interface' || type === 'Resource' || type === 'ServiceNetwork')) {
        add(RULES.oneSubnetPerAz, stack, logicalId, oneSubnetPerAz(subnets, 'SubnetIds'));
      }
      if (subnets && typeof p.IpAddressType === 'string') {
        add(RULES.ipTypeFitsSubnets, stack, logicalId, ipTypeFitsSubnets(subnets, ipAddressType, 'IpAddressType'));
      }
      if ((type === 'Interface' || type === 'Gateway') && typeof dnsType === 'string') {
        add(RULES.dnsRecordIpType, stack, logicalId, dnsRecordIpType(type === 'Interface' ? 'interface' : 'gateway', ipAddressType, dnsType));
      }
      if (type !== 'Gateway' && type !== 'GatewayLoadBalancer' && bool(p.PrivateDnsEnabled) === true) {
        add(RULES.privateDnsNeedsVpcDns, stack, logicalId, privateDnsNeedsVpcDns(app.vpcDns(stack, p.VpcId), true, true, 'PrivateDnsEnabled'));
      }
      if (type === 'Interface' && p.DnsOptions?.PrivateDnsOnlyForInboundResolverEndpoint === 'OnlyInboundResolver') {
        add(RULES.inboundResolverDns, stack, logicalId, inboundResolverOptions(serviceKeyOf(p.ServiceName), describeResolved(p.ServiceName),
          bool(p.PrivateDnsEnabled) === true, 'PrivateDnsOnlyForInboundResolverEndpoint', 'PrivateDnsEnabled'));
        inboundResolvers.push({
          stack,
          logicalId,
          vpcKey,
          dnsRecordIpType: typeof dnsType === 'string' ? dnsType : ipAddressType,
          namedGateway: resource.Metadata?.[S3_GATEWAY_METADATA] !== undefined,
        });
      }
      if (type === 'Gateway' && serviceKeyOf(p.ServiceName) === 'dynamodb') {
        add(RULES.dynamoDbGateway, stack, logicalId,
          dynamoDbGateway(ipAddressType, typeof dnsType === 'string' ? dnsType : undefined, 'IpAddressType', 'DnsRecordIpType'));
      }
      if (type === 'Interface' && typeof p.ServiceRegion === 'string' && p.ServiceRegion !== stack.region) {
        const serviceName = typeof p.ServiceName === 'string' ? p.ServiceName : undefined;
        const isEndpointService = serviceName?.startsWith('com.amazonaws.vpce.') ?? false;
        const shortName = isEndpointService ? undefined : serviceName?.match(/^com\.amazonaws\.(?:[a-z]+-[a-z-]+-\d+\.)?([a-z0-9.-]+)$/)?.[1];
        const azIds = list(p.SubnetIds).map((id: unknown) => app.subnetAzId(stack, id));
        add(RULES.crossRegion, stack, logicalId,
          crossRegion(p.ServiceRegion, shortName, isEndpointService, describeResolved(p.ServiceName), azIds, 'ServiceRegion'));
      }
      for (const [prop, target] of LATTICE_ARNS) {
        if (p[prop] === undefined) continue;
        add(RULES.latticeArn, stack, logicalId, latticeArn(app.arnFact(stack, p[prop]), prop, target));
      }
      if (p.PolicyDocument !== undefined && (type === 'Interface' || type === 'Gateway')) {
        add(RULES.endpointPolicy, stack, logicalId,
          endpointPolicyProblems(p.PolicyDocument, type === 'Gateway', typesOf(stack)).map(m => `PolicyDocument: ${m}`));
      }
      if (type === 'Interface') {
        const serviceName = typeof p.ServiceName === 'string' ? p.ServiceName : '';
        add(RULES.policyNotEnforced, stack, logicalId, policyNotEnforced(serviceName.startsWith('com.amazonaws.vpce.'),
          p.PolicyDocument !== undefined, describeResolved(p.ServiceName), 'PolicyDocument'));
      }
      if (type === 'ServiceNetwork') {
        for (const id of list(p.SubnetIds)) {
          add(RULES.smallSubnet, stack, logicalId, smallSubnet(app.subnet(stack, id).name, app.subnetCidr(stack, id)));
        }
      }
      if (type === 'Resource' || type === 'ServiceNetwork') {
        for (const group of list(p.SecurityGroupIds)) {
          add(RULES.tcpOnly, stack, logicalId, tcpOnly(app.ingressPorts(stack, group), 'SecurityGroupIngress'));
        }
      }
      openIngressOf(stack, logicalId, p.SecurityGroupIds);
      if (type === 'GatewayLoadBalancer') {
        gwlbVpcs.add(vpcKey);
        add(RULES.gwlbEndpointOptions, stack, logicalId, gwlbEndpointOptions(bool(p.PrivateDnsEnabled), list(p.SecurityGroupIds).length,
          'PrivateDnsEnabled', 'SecurityGroupIds'));
        const service = app.endpointService(stack, p.ServiceName);
        if (service) {
          const sp = service.resource.Properties ?? {};
          const supported = Array.isArray(sp.SupportedIpAddressTypes) ? sp.SupportedIpAddressTypes : ['ipv4'];
          add(RULES.gwlbServiceIpTypes, stack, logicalId, gwlbServiceIpTypes(ipAddressType,
            supported.every((t: unknown) => typeof t === 'string') ? supported : undefined, app.name(service), 'IpAddressType'));
          const served = list(sp.GatewayLoadBalancerArns).map((arn: unknown) => app.target(service.stack, arn))
            .filter((lb): lb is ResourceRef => lb?.resource.Type === 'AWS::ElasticLoadBalancingV2::LoadBalancer')
            .flatMap(lb => app.loadBalancerSubnets(lb));
          if (subnets?.length === 1 && served.length > 0) {
            const azId = app.subnetAzId(stack, p.SubnetIds[0]);
            const ids = served.map(s2 => s2.azId);
            add(RULES.gwlbServedZone, stack, logicalId, gwlbServedZone(
              { azKey: subnets[0].azKey, azLabel: subnets[0].azLabel, azId },
              {
                azKeys: served.map(s2 => s2.fact.azKey).filter((k): k is string => k !== undefined),
                azLabels: served.map(s2 => s2.fact.azLabel).filter((k): k is string => k !== undefined),
                azIds: ids.every(id => id !== undefined) ? ids as string[] : undefined,
              },
              JSON.stringify(stack.account) === JSON.stringify(service.stack.account), 'SubnetIds'));
          }
        }
      }
      if (type === 'GatewayLoadBalancer' && subnets) {
        add(RULES.gwlbOneSubnet, stack, logicalId, gwlbOneSubnet(subnets, 'SubnetIds'));
        gwlbs.push({
          stack,
          logicalId,
          fact: {
            name,
            vpcKey,
            serviceKey: JSON.stringify(p.ServiceName),
            serviceLabel: describeResolved(p.ServiceName),
            azKey: subnets.length === 1 ? subnets[0].azKey : undefined,
            azLabel: subnets.length === 1 ? subnets[0].azLabel : undefined,
          },
        });
      }
      if (type === 'Gateway' && Array.isArray(p.RouteTableIds)) {
        gateways.push({
          stack,
          logicalId,
          dnsRecordIpType: typeof dnsType === 'string' ? dnsType : undefined,
          fact: {
            name,
            vpcKey,
            serviceKey: serviceKeyOf(p.ServiceName),
            serviceLabel: describeResolved(p.ServiceName),
            routeTables: p.RouteTableIds.map((id: unknown) => ({ key: app.key(stack, id), label: describeResolved(id) })),
          },
        });
      }
      if (kind !== undefined) {
        const byKind = counts.get(vpcKey) ?? new Map<QuotaKind, number>();
        counts.set(vpcKey, byKind);
        byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
        add(RULES.quota, stack, logicalId, quota(kind, byKind));
      }
    }

    for (const [logicalId, resource] of Object.entries<any>(stack.template.Resources ?? {})) {
      if (resource.Type !== 'AWS::EC2::VPCEndpointService') continue;
      const p = resource.Properties ?? {};
      const supported: unknown[] = Array.isArray(p.SupportedIpAddressTypes) ? p.SupportedIpAddressTypes : ['ipv4'];
      for (const [prop, expected] of [['GatewayLoadBalancerArns', 'gateway'], ['NetworkLoadBalancerArns', 'network']] as const) {
        for (const arn of list(p[prop])) {
          const lb = app.target(stack, arn);
          if (lb?.resource.Type !== 'AWS::ElasticLoadBalancingV2::LoadBalancer') continue;
          const lbType = lb.resource.Properties?.Type;
          add(RULES.gwlbLoadBalancerType, stack, logicalId, gwlbLoadBalancerType(typeof lbType === 'string' ? lbType : undefined,
            app.name(lb), expected, prop));
          if (supported.every(t => typeof t === 'string')) {
            const lbIpType = lb.resource.Properties?.IpAddressType;
            add(RULES.gwlbServiceIpv6, stack, logicalId, gwlbServiceIpv6(supported as string[], typeof lbIpType === 'string' ? lbIpType : 'ipv4',
              app.loadBalancerSubnets(lb).map(x => x.fact), 'SupportedIpAddressTypes'));
          }
        }
      }
    }

    // Rule PrivateLink-Gwlb5: the route walk of every inspection VPC of the template, reported on the application subnets.
    const walked = new Map<string, string[]>();
    for (const path of walkTemplate(stack.template, id => app.name({ stack, logicalId: id, resource: stack.template.Resources?.[id] ?? {} }))) {
      walked.set(path.subnetLogicalId, [...(walked.get(path.subnetLogicalId) ?? []), ...path.problems]);
    }
    for (const [subnetLogicalId, problems] of walked) {
      add(RULES.gwlbInspectionRouting, stack, subnetLogicalId, gwlbInspectionRouting(problems, 'RouteTableId'));
    }

    for (const [logicalId, resource] of Object.entries<any>(stack.template.Resources ?? {})) {
      if (resource.Type !== 'AWS::Route53Resolver::ResolverEndpoint' || resource.Properties?.Direction !== 'INBOUND') continue;
      const p = resource.Properties ?? {};
      if (!Array.isArray(p.IpAddresses)) continue;
      const addresses: ResolverAddressFact[] = p.IpAddresses.map((a: any) => ({
        subnet: app.subnet(stack, a?.SubnetId),
        subnetCidr: app.subnetCidr(stack, a?.SubnetId),
        ip: typeof a?.Ip === 'string' ? a.Ip : undefined,
      }));
      add(RULES.resolverPlacement, stack, logicalId, resolverPlacement(addresses, 'IpAddresses'));
      add(RULES.resolverAddress, stack, logicalId, resolverAddress(addresses, 'IpAddresses'));
      add(RULES.resolverDuplicateAddress, stack, logicalId, resolverDuplicateAddress(addresses, 'IpAddresses'));
      openIngressOf(stack, logicalId, p.SecurityGroupIds);
    }

    for (const [logicalId, resource] of Object.entries<any>(stack.template.Resources ?? {})) {
      if (resource.Type !== 'AWS::EC2::Route') continue;
      const p = resource.Properties ?? {};
      // An egress-only internet gateway, whether named as such or (wrongly) as GatewayId.
      const egressOnly = [p.EgressOnlyInternetGatewayId, p.GatewayId].find(g => g !== undefined && app.isEgressOnlyGateway(stack, g));
      if (egressOnly !== undefined) {
        const table = app.target(stack, p.RouteTableId);
        const vpcOfTable = table?.resource.Type === 'AWS::EC2::RouteTable' ? app.key(table.stack, table.resource.Properties?.VpcId) : undefined;
        const gatewayRef = app.target(stack, egressOnly);
        if (vpcOfTable !== undefined) {
          egressOnlyRoutes.push({
            stack,
            logicalId,
            vpcKey: vpcOfTable,
            gateway: gatewayRef ? app.name(gatewayRef) : describeResolved(egressOnly),
            subject: p.EgressOnlyInternetGatewayId !== undefined ? 'EgressOnlyInternetGatewayId' : 'GatewayId',
          });
        }
      }
      const target = app.target(stack, p.VpcEndpointId);
      if (!target || target.resource.Type !== 'AWS::EC2::VPCEndpoint' || target.resource.Properties?.VpcEndpointType !== 'GatewayLoadBalancer') continue;
      add(RULES.gwlbRouteDestination, stack, logicalId,
        gwlbRouteDestination(p.DestinationPrefixListId === undefined ? undefined : describeResolved(p.DestinationPrefixListId), 'DestinationPrefixListId'));
    }
  }

  // Whole-app rules run once, over every endpoint collected above.
  for (const [i, messages] of gatewayRouteTables(gateways.map(g => g.fact), 'RouteTableIds')) {
    add(RULES.gatewayRouteTable, gateways[i].stack, gateways[i].logicalId, messages);
  }
  for (const resolver of inboundResolvers) {
    const s3 = gateways.filter(g => g.fact.vpcKey === resolver.vpcKey && g.fact.serviceKey === 's3').map(g => g.dnsRecordIpType);
    // A gateway endpoint created outside the app (named in the endpoint's metadata) cannot be read.
    const known = s3.length === 0 && resolver.namedGateway ? undefined : s3;
    add(RULES.inboundResolverDns, resolver.stack, resolver.logicalId,
      inboundResolverGateway(known, resolver.dnsRecordIpType, 'PrivateDnsOnlyForInboundResolverEndpoint'));
  }
  for (const route of egressOnlyRoutes) {
    if (gwlbVpcs.has(route.vpcKey)) add(RULES.gwlbEgressOnly, route.stack, route.logicalId, gwlbEgressOnly(route.gateway, route.subject));
  }
  for (const [i, messages] of gwlbOnePerAz(gwlbs.map(g => g.fact), 'SubnetIds')) {
    add(RULES.gwlbOnePerAz, gwlbs[i].stack, gwlbs[i].logicalId, messages);
  }
  return findings;
}
