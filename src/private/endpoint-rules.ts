import { Annotations, Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { endpointPolicyProblems } from './endpoint-policy-rules';
import { isKnown, SubnetFacts, vpcDnsFacts, vpcKey } from './network-facts';
import {
  dnsRecordIpType as dnsRecordIpTypeRule, GatewayRoutingFact, GwlbPlacementFact, ipTypeFitsSubnets, oneSubnetPerAz, openIngress,
  privateDnsNeedsVpcDns, quota, QuotaKind, serviceKeyOf, SubnetFact, ArnFact, arnText, LATTICE_TARGETS, latticeArn, tcpOnly,
} from './rules/rules';
import { cfnResourcesOf, describeValue, resolvedKey, resourceTypesOf } from './tokens';
import type { EndpointPolicy, EndpointPolicyTarget } from '../endpoints/endpoint-policy';

const IP = ec2.VpcEndpointIpAddressType;
const DNS = ec2.VpcEndpointDnsRecordIpType;

/** How a subnet is named in messages: its construct path, else its id. */
export function describeSubnet(subnet: ec2.ISubnet): string {
  return isKnown(subnet.subnetId) ? subnet.subnetId : subnet.node.path;
}

/** The facts a rule needs of a subnet, from what its definition says. */
export function subnetFact(f: SubnetFacts): SubnetFact {
  return {
    name: describeSubnet(f.subnet), azKey: f.availabilityZoneKey, azLabel: f.availabilityZoneLabel, hasIpv4: f.hasIpv4, hasIpv6: f.hasIpv6,
  };
}

/** Throws the first finding of a rule, as the construct-time front end does. */
export function throwFirst(findings: string[]): void {
  if (findings.length > 0) throw new Error(findings[0]);
}

/** Rule PrivateLink-Subnet1: an ENI-based endpoint takes at most one subnet per Availability Zone. */
export function checkOneSubnetPerAz(facts: SubnetFacts[], prop: string): void {
  // AZs compare by their resolved form, so two subnets on the same `Fn::GetAZs` index clash too.
  throwFirst(oneSubnetPerAz(facts.map(subnetFact), prop));
}

/** Rule PrivateLink-Subnet2: the endpoint's IP address type must fit the address ranges of every selected subnet. */
export function checkIpAddressTypeFitsSubnets(facts: SubnetFacts[], ipAddressType: ec2.VpcEndpointIpAddressType, prop: string): void {
  throwFirst(ipTypeFitsSubnets(facts.map(subnetFact), ipAddressType, prop));
}

/** Rule PrivateLink-Dns1: DNS record IP types an interface (or resource) endpoint supports for its IP address type. */
export function checkInterfaceDnsRecordIpType(ipAddressType: ec2.VpcEndpointIpAddressType, dnsRecordIpType?: ec2.VpcEndpointDnsRecordIpType): void {
  throwFirst(dnsRecordIpTypeRule('interface', ipAddressType, dnsRecordIpType));
}

/** Rule PrivateLink-Dns1: DNS record IP types a gateway endpoint supports for its IP address type. */
export function checkGatewayDnsRecordIpType(ipAddressType: ec2.VpcEndpointIpAddressType, dnsRecordIpType?: ec2.VpcEndpointDnsRecordIpType): void {
  throwFirst(dnsRecordIpTypeRule('gateway', ipAddressType, dnsRecordIpType));
}

/** The DNS record IP type an interface endpoint gets when none is set: the same as its IP address type. */
export function defaultInterfaceDnsRecordIpType(ipAddressType: ec2.VpcEndpointIpAddressType): ec2.VpcEndpointDnsRecordIpType {
  return ipAddressType === IP.IPV6 ? DNS.IPV6 : ipAddressType === IP.DUALSTACK ? DNS.DUALSTACK : DNS.IPV4;
}

/** Rule PrivateLink-Dns2: private DNS needs DNS support and DNS hostnames on the VPC (where the VPC's settings are known). */
export function checkPrivateDnsFitsVpc(vpc: ec2.IVpc, privateDnsEnabled: boolean, explicitlySet: boolean): void {
  throwFirst(privateDnsNeedsVpcDns(vpcDnsFacts(vpc), privateDnsEnabled, explicitlySet, 'privateDnsEnabled'));
}

/**
 * Rule: the endpoint's final policy (including statements added after construction) follows the
 * endpoint-policy rules; checked once the app is complete.
 */
export function validateFinalEndpointPolicy(endpoint: Construct, cfn: ec2.CfnVPCEndpoint, gateway: boolean): void {
  endpoint.node.addValidation({
    validate: () => {
      const policy = Stack.of(endpoint).resolve(cfn.policyDocument);
      return policy === undefined ? [] : endpointPolicyProblems(policy, gateway, resourceTypesOf(endpoint));
    },
  });
}

/**
 * Rule: every endpoint policy statement has a Principal. Checked before a statement reaches
 * aws-cdk-lib's `addToPolicy`, whose own error does not say which prop holds the statement.
 */
export function checkStatementsHavePrincipal(statements: iam.PolicyStatement[], prop: string): void {
  statements.forEach((statement, i) => {
    const json = statement.toStatementJson();
    if (json.Principal === undefined && json.NotPrincipal === undefined) {
      const name = json.Sid !== undefined ? `statement ${i + 1} (Sid '${json.Sid}')` : `statement ${i + 1}`;
      throw new Error(`${prop} ${name} has no Principal; endpoint policies need a Principal in every statement: `
        + 'use principals: [new iam.StarPrincipal()] and narrow with conditions, or EndpointPolicy.allowAccounts()');
    }
  });
}

/**
 * Rule: the endpoint-policy rules, on the `policy` prop at construction, so that the message names
 * the prop; the final policy (with statements added later) is checked again at synth.
 */
export function checkPolicyProp(scope: IConstruct, policy: EndpointPolicy | undefined, target: EndpointPolicyTarget, prop: string): void {
  if (policy === undefined) return;
  const problems = policy.validate(scope, target);
  if (problems.length > 0) throw new Error(`${prop}: ${problems.join('; ')}`);
}

/** Rule: security group peers are named ranges or groups, never the whole internet. */
export function checkPeersNotOpen(peers: ec2.IPeer[], prop: string): void {
  // Rule PrivateLink-Network1; a warning in the template check, an error for this library's own endpoints.
  throwFirst(openIngress(peers.map(p => p.uniqueId), prop));
  if (peers.length === 0) {
    throw new Error(`${prop} is empty, so nothing could reach the endpoint; name at least one CIDR range or security group`);
  }
}

/**
 * Rule PrivateLink-Dns3, construct side: a gateway endpoint named as the S3 gateway endpoint of a
 * VPC is an Amazon S3 gateway endpoint in that VPC. Imported endpoints say neither: not checked.
 */
export function checkNamedS3Gateway(scope: IConstruct, named: ec2.IGatewayVpcEndpoint, vpc: ec2.IVpc, prop: string): void {
  const namedCfn = named.node.defaultChild;
  if (!(namedCfn instanceof ec2.CfnVPCEndpoint)) return;
  if (namedCfn.serviceName !== undefined && serviceKey(scope, namedCfn.serviceName) !== 's3') {
    throw new Error(`${prop} is a gateway endpoint for '${describeValue(scope, namedCfn.serviceName)}', not Amazon S3; `
      + 'name the S3 gateway endpoint of this VPC (GatewayEndpoint with ec2.GatewayVpcEndpointAwsService.S3)');
  }
  if (resolvedKey(scope, namedCfn.vpcId) !== resolvedKey(scope, vpc.vpcId)) {
    throw new Error(`${prop} ${named.node.path} is in VPC '${describeValue(scope, namedCfn.vpcId)}' but this endpoint is in `
      + `VPC '${describeValue(scope, vpc.vpcId)}'; the S3 gateway endpoint must be in the same VPC`);
  }
}

/** Rule PrivateLink-Lattice2: resource and service-network endpoints carry TCP only. */
export function checkTcpOnly(ports: ec2.Port[], prop: string): void {
  throwFirst(tcpOnly(ports.map(port => ({ protocol: String(port.toRuleJson().ipProtocol), label: port.toString() })), prop));
}

/** The endpoint kinds counted against per-VPC quotas. */
export enum EndpointKind {
  INTERFACE = 'interface',
  GATEWAY = 'gateway',
  GATEWAY_LOAD_BALANCER = 'gatewayLoadBalancer',
  RESOURCE = 'resource',
  SERVICE_NETWORK = 'serviceNetwork',
}

interface VpcLedger {
  readonly counts: Map<EndpointKind, number>;
  /** The gateway endpoints of this library in the VPC, for rule PrivateLink-Gateway1. */
  readonly gateways: GatewayRoutingFact[];
  /** The Gateway Load Balancer endpoints of this library in the VPC, for rule PrivateLink-Gwlb2. */
  readonly gwlbs: GwlbPlacementFact[];
  /** Path of the S3HybridPrivateDns that serves the VPC, if one does. */
  s3HybridDns?: string;
}

const ledgers = new WeakMap<IConstruct, Map<string, VpcLedger>>();

/** Per-app, per-VPC bookkeeping of the endpoints this library creates. */
export function vpcLedger(scope: Construct, vpc: ec2.IVpc): VpcLedger {
  const root = scope.node.root;
  let byVpc = ledgers.get(root);
  if (!byVpc) {
    byVpc = new Map();
    ledgers.set(root, byVpc);
  }
  const key = vpcKey(vpc);
  let ledger = byVpc.get(key);
  if (!ledger) {
    ledger = { counts: new Map(), gateways: [], gwlbs: [] };
    byVpc.set(key, ledger);
  }
  return ledger;
}

/** Counts one more endpoint of `kind` in the VPC and warns when a default quota is exceeded (rule PrivateLink-Quota1). */
export function countEndpoint(scope: Construct, constructName: string, vpc: ec2.IVpc, kind: EndpointKind): void {
  const ledger = vpcLedger(scope, vpc);
  ledger.counts.set(kind, (ledger.counts.get(kind) ?? 0) + 1);
  for (const message of quota(kind as QuotaKind, ledger.counts as Map<QuotaKind, number>)) {
    Annotations.of(scope).addWarningV2(`cdk-privatelink:${constructName}.quotaExceeded`, message);
  }
}

/**
 * The Region-independent part of an AWS service name (`s3`, `dynamodb`, `kms`), whether the name
 * is a literal (`com.amazonaws.us-east-1.s3`) or built with the Region token; otherwise the
 * resolved name as JSON, so different spellings of one service compare equal.
 */
export function serviceKey(scope: IConstruct, serviceName: string): string {
  return serviceKeyOf(Stack.of(scope).resolve(serviceName));
}


/** CloudWatch metric in `AWS/PrivateLinkEndpoints` for an interface or Gateway Load Balancer endpoint. */
export function privateLinkEndpointMetric(
  metricName: string,
  endpoint: { endpointType: string; serviceName: string; vpcEndpointId: string; vpcId: string },
  defaultStatistic: string,
  props: cloudwatch.MetricOptions = {},
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/PrivateLinkEndpoints',
    metricName,
    statistic: defaultStatistic,
    period: Duration.minutes(1),
    ...props,
    dimensionsMap: {
      'Endpoint Type': endpoint.endpointType,
      'Service Name': endpoint.serviceName,
      'VPC Endpoint Id': endpoint.vpcEndpointId,
      'VPC Id': endpoint.vpcId,
      ...props.dimensionsMap,
    },
  });
}

/** Rule PrivateLink-Lattice1: a VPC Lattice ARN of the right type; a token is checked by what its resolved form shows. */
export function checkLatticeArn(scope: IConstruct, arn: string, prop: string, target: keyof typeof LATTICE_TARGETS): void {
  throwFirst(latticeArn(arnFactOf(scope, arn), prop, target));
}

/** What an ARN shows: its literal or joined text, or the resource behind a `Fn::GetAtt` in the stack. */
function arnFactOf(scope: IConstruct, arn: string): ArnFact {
  if (!Token.isUnresolved(arn)) return { text: arn, label: arn };
  const stack = Stack.of(scope);
  const resolved = stack.resolve(arn);
  const getAtt = resolved?.['Fn::GetAtt'];
  if (Array.isArray(getAtt)) {
    const target = cfnResourcesOf(scope)(getAtt[0]);
    if (target === undefined) return { label: describeValue(scope, arn) };
    return {
      label: describeValue(scope, arn),
      resourceType: target.cfnResourceType,
      attribute: getAtt[1],
      resourceName: target.node.path,
    };
  }
  return { text: arnText(resolved), label: describeValue(scope, arn) };
}
