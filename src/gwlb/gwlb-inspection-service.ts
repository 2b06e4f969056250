import { Aws, Duration, Fn, Lazy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { subnetFact, throwFirst } from '../private/endpoint-rules';
import { firstNonAzId, subnetFacts } from '../private/network-facts';
import { gwlbLoadBalancerType, gwlbServiceIpv6, ipv4ToNumber } from '../private/rules/rules';
import { resolvedKey } from '../private/tokens';

/** The GENEVE port a Gateway Load Balancer sends to its appliances (fixed by the protocol). */
const GENEVE_PORT = 6081;

/**
 * A Gateway Load Balancer endpoint service that inspection consumers connect to: one made by
 * `GwlbInspectionService`, or one described by `GwlbInspectionService.fromServiceAttributes`.
 */
export interface IGwlbInspectionService extends IConstruct {
  /**
   * The endpoint service id, `vpce-svc-0123456789abcdef0`.
   *
   * @attribute
   */
  readonly serviceId: string;

  /**
   * The endpoint service name, `com.amazonaws.vpce.<region>.<service id>`: what a Gateway Load
   * Balancer endpoint names.
   *
   * @attribute
   */
  readonly serviceName: string;

  /** Whether connection requests wait for the provider to accept them. */
  readonly acceptanceRequired: boolean;

  /** The IP address types the service accepts (`ipv4`, `ipv6`). */
  readonly supportedIpAddressTypes: string[];

  /**
   * The Availability Zones the load balancer serves, as names in the provider's account (tokens in
   * a stack without env); empty when unknown or placed by AZ id.
   */
  readonly availabilityZones: string[];

  /**
   * The Availability Zones the load balancer serves, as AZ ids (`use1-az1`), which mean the same
   * zone in every account; empty when unknown.
   */
  readonly availabilityZoneIds: string[];

  /** The account that owns the service. */
  readonly account: string;

  /**
   * Allows an account to create endpoints to the service. Only a service created in this app can
   * change its permissions; for another, the call returns false and does nothing.
   */
  allowAccount(account: string): boolean;
}

/** Attributes of an inspection endpoint service created elsewhere (for example in another account). */
export interface GwlbInspectionServiceAttributes {
  /** The endpoint service name, `com.amazonaws.vpce.<region>.vpce-svc-...`. */
  readonly serviceName: string;

  /**
   * The AZ ids the service's load balancer serves, as the provider publishes them (`use1-az1`).
   * Consumers place their endpoints by these ids.
   *
   * @default - unknown: the consumer cannot check its zones against the service
   */
  readonly availabilityZoneIds?: string[];

  /**
   * The IP address types the service accepts.
   *
   * @default ['ipv4']
   */
  readonly supportedIpAddressTypes?: ec2.IpAddressType[];

  /**
   * Whether the provider accepts connections by hand.
   *
   * @default true
   */
  readonly acceptanceRequired?: boolean;

  /**
   * The account that owns the service.
   *
   * @default - another account than the consumer's
   */
  readonly account?: string;
}

/** Protocol of the appliance health check. */
export enum ApplianceHealthCheckProtocol {
  TCP = 'TCP',
  HTTP = 'HTTP',
  HTTPS = 'HTTPS',
}

/** How the Gateway Load Balancer checks its appliances. GENEVE itself cannot be health-checked. */
export interface ApplianceHealthCheck {
  /**
   * The protocol.
   *
   * @default ApplianceHealthCheckProtocol.TCP
   */
  readonly protocol?: ApplianceHealthCheckProtocol;

  /**
   * The port the appliances answer health checks on.
   *
   * @default 80
   */
  readonly port?: number;

  /**
   * The path of an HTTP or HTTPS health check.
   *
   * @default '/' for HTTP and HTTPS; none for TCP
   */
  readonly path?: string;

  /**
   * Time between checks of one target, 5 to 300 seconds.
   *
   * @default Duration.seconds(10)
   */
  readonly interval?: Duration;

  /**
   * Time without an answer that fails a check, 2 to 120 seconds and shorter than the interval.
   *
   * @default Duration.seconds(5)
   */
  readonly timeout?: Duration;

  /**
   * Consecutive successes before an unhealthy target counts as healthy, 2 to 10.
   *
   * @default 3
   */
  readonly healthyThresholdCount?: number;

  /**
   * Consecutive failures before a target counts as unhealthy, 2 to 10.
   *
   * @default 3
   */
  readonly unhealthyThresholdCount?: number;
}

/** Target failover of the GENEVE target group: `target_failover.on_deregistration` and `on_unhealthy` together. */
export enum ApplianceTargetFailover {
  /** Existing flows stay with the appliance they started on. */
  NO_REBALANCE = 'no_rebalance',
  /** Existing flows move to healthy appliances (the appliances must handle flows they did not see start). */
  REBALANCE = 'rebalance',
}

/** How appliances are registered with the GENEVE target group. */
export enum ApplianceTargetType {
  /** EC2 instances, by instance id (or an Auto Scaling group). */
  INSTANCE = 'instance',
  /** IP addresses of the appliances. */
  IP = 'ip',
}

/** Properties of a `GwlbInspectionService`. */
export interface GwlbInspectionServiceProps {
  /** The provider VPC, with the appliances. */
  readonly vpc: ec2.IVpc;

  /**
   * The subnets of the Gateway Load Balancer, one per Availability Zone it should serve. The
   * guide keeps the appliances in other subnets of the same zones.
   *
   * @default - one subnet per Availability Zone of the VPC's default selection (private subnets; public ones when the VPC has no other)
   */
  readonly loadBalancerSubnets?: ec2.SubnetSelection;

  /**
   * IP address type of the load balancer. IPv6 on the endpoint service needs `DUAL_STACK` (the
   * appliances may stay IPv4-only).
   *
   * @default elbv2.IpAddressType.IPV4
   */
  readonly ipAddressType?: elbv2.IpAddressType;

  /**
   * A Gateway Load Balancer made elsewhere in this app, to use instead of creating one. It must be
   * of type `gateway`. No listener is created for it: add one that forwards to `targetGroupArn`
   * (unless it has one already).
   *
   * @default - one is created
   */
  readonly loadBalancer?: elbv2.CfnLoadBalancer;

  /**
   * Whether each load balancer node sends traffic to appliances in every enabled zone.
   *
   * @default false (appliances in the same zone only; keeps traffic in the zone)
   */
  readonly crossZoneEnabled?: boolean;

  /**
   * Whether the load balancer can be deleted only after this attribute is turned off. Turn it on
   * for production once the stack has deployed: with it on, a failed first deployment (for
   * example a consumer in the same stack whose connection is rejected) cannot roll back, and
   * `cdk destroy` fails until it is off again.
   *
   * @default false
   */
  readonly deletionProtection?: boolean;

  /**
   * What happens to existing flows when an appliance is deregistered or becomes unhealthy.
   *
   * @default - the load balancer's default: existing flows stay with their appliance (no rebalance)
   */
  readonly targetFailover?: ApplianceTargetFailover;

  /**
   * How appliances are registered.
   *
   * @default ApplianceTargetType.INSTANCE
   */
  readonly targetType?: ApplianceTargetType;

  /**
   * The appliance health check.
   *
   * @default - TCP on port 80, every 10 seconds
   */
  readonly healthCheck?: ApplianceHealthCheck;

  /**
   * Time a deregistering appliance keeps its flows.
   *
   * @default Duration.seconds(300)
   */
  readonly deregistrationDelay?: Duration;

  /**
   * Whether connection requests wait for the provider to accept them.
   *
   * @default true
   */
  readonly acceptanceRequired?: boolean;

  /**
   * Principals allowed to create endpoints: account roots, roles or users, as ARNs.
   * `GwlbInspectionVpc` adds its own account when given this service.
   *
   * @default - nobody; add principals with `allowPrincipals` or `allowAccount`
   */
  readonly allowedPrincipals?: iam.ArnPrincipal[];

  /**
   * Opt-in to allow every AWS principal (`*`) to create endpoints. With acceptance required,
   * each request still waits for the provider.
   *
   * @default false
   */
  readonly allowAllPrincipals?: boolean;

  /**
   * The IP address types the endpoint service accepts. `ipv6` needs a `DUAL_STACK` load balancer in
   * subnets with IPv6 ranges.
   *
   * @default [ec2.IpAddressType.IPV4]
   */
  readonly supportedIpAddressTypes?: ec2.IpAddressType[];

  /**
   * The AZ ids of the load balancer's zones (`use1-az1`), published to consumers in other accounts.
   * Give them when the stack has no env, or the subnets are placed by name: the id of a zone name
   * differs between accounts.
   *
   * @default - taken from the subnets where they are placed by AZ id; otherwise unknown
   */
  readonly availabilityZoneIds?: string[];
}

/**
 * An inspection service behind AWS PrivateLink: a Gateway Load Balancer in front of a fleet of
 * security appliances (a GENEVE target group on port 6081, its health check and listener), and the
 * endpoint service consumers reach it through with Gateway Load Balancer endpoints.
 *
 * Connection requests need acceptance by default, and nobody is allowed until principals are
 * added. Gateway Load Balancers write no access logs (only Application and Network Load
 * Balancers do): use VPC Flow Logs, and `acknowledgeGatewayLoadBalancerFindings()` for template checks.
 *
 * @example
 * const service = new privatelink.GwlbInspectionService(this, 'Inspection', {
 *   vpc,
 *   targetType: privatelink.ApplianceTargetType.IP,
 * });
 * service.addIpTargets('10.0.1.10', '10.0.2.10');
 * service.allowAccount('111111111111');
 */
export class GwlbInspectionService extends Construct implements IGwlbInspectionService {
  /** Describes an inspection service created elsewhere, for consumers in this app. */
  public static fromServiceAttributes(scope: Construct, id: string, attrs: GwlbInspectionServiceAttributes): IGwlbInspectionService {
    class Import extends Construct implements IGwlbInspectionService {
      public readonly serviceName = attrs.serviceName;
      // com.amazonaws.vpce.<region>.<service id>: the fifth dot-separated part, also when the name is a token.
      public readonly serviceId = Token.isUnresolved(attrs.serviceName)
        ? Fn.select(4, Fn.split('.', attrs.serviceName))
        : attrs.serviceName.split('.').pop()!;
      public readonly acceptanceRequired = attrs.acceptanceRequired ?? true;
      public readonly supportedIpAddressTypes: string[] = attrs.supportedIpAddressTypes ?? [ec2.IpAddressType.IPV4];
      public readonly availabilityZones: string[] = [];
      public readonly availabilityZoneIds: string[] = attrs.availabilityZoneIds ?? [];
      public readonly account = attrs.account ?? '';
      public allowAccount(_account: string): boolean {
        return false;
      }
    }
    return new Import(scope, id);
  }

  /** The `AWS::ElasticLoadBalancingV2::LoadBalancer` of type `gateway`. */
  public readonly loadBalancer: elbv2.CfnLoadBalancer;
  /** The GENEVE target group of the appliances. */
  public readonly targetGroup: elbv2.CfnTargetGroup;
  /**
   * The listener that forwards every packet to the target group (GWLB listeners take no port or
   * protocol); none when an existing `loadBalancer` is given.
   */
  public readonly listener?: elbv2.CfnListener;
  /** The `AWS::EC2::VPCEndpointService`. */
  public readonly endpointService: ec2.CfnVPCEndpointService;
  /** Who may create endpoints. */
  public readonly permissions: ec2.CfnVPCEndpointServicePermissions;

  /** @attribute */
  public readonly serviceId: string;
  /** @attribute */
  public readonly serviceName: string;
  /** @attribute */
  public readonly loadBalancerArn: string;
  /** @attribute */
  public readonly targetGroupArn: string;
  public readonly acceptanceRequired: boolean;
  public readonly supportedIpAddressTypes: string[];
  public readonly availabilityZones: string[];
  public readonly availabilityZoneIds: string[];
  public readonly account: string;
  /** The subnets of the load balancer (the ones it serves). */
  public readonly loadBalancerSubnets: ec2.ISubnet[];

  private readonly targetType: ApplianceTargetType;
  private readonly targets: elbv2.CfnTargetGroup.TargetDescriptionProperty[] = [];
  private readonly principals: string[] = [];
  private readonly allowAll: boolean;

  constructor(scope: Construct, id: string, props: GwlbInspectionServiceProps) {
    super(scope, id);

    const supported = [...new Set(props.supportedIpAddressTypes ?? [ec2.IpAddressType.IPV4])];
    if (supported.length === 0) {
      throw new Error('supportedIpAddressTypes is empty; give at least one of ec2.IpAddressType.IPV4 and ec2.IpAddressType.IPV6');
    }
    this.targetType = props.targetType ?? ApplianceTargetType.INSTANCE;
    this.allowAll = props.allowAllPrincipals ?? false;
    this.acceptanceRequired = props.acceptanceRequired ?? true;
    this.supportedIpAddressTypes = [...supported];
    this.account = Stack.of(this).account;

    if (props.loadBalancer) {
      const type = props.loadBalancer.type;
      if (type === undefined || !Token.isUnresolved(type)) {
        throwFirst(gwlbLoadBalancerType(type, props.loadBalancer.node.path.replace(/\/Resource$/, ''), 'gateway', 'loadBalancer'));
      }
      const conflicting = (['loadBalancerSubnets', 'ipAddressType', 'crossZoneEnabled', 'deletionProtection'] as const)
        .filter(p => props[p] !== undefined);
      if (conflicting.length > 0) {
        const shown = conflicting.map(p => (p === 'loadBalancerSubnets' ? p : `${p} (${JSON.stringify(props[p])})`)).join(', ');
        throw new Error(`loadBalancer is given, so ${shown} cannot be: these belong to the given load balancer, set them on it`);
      }
      const lbIpType = props.loadBalancer.ipAddressType;
      if (lbIpType === undefined || !Token.isUnresolved(lbIpType)) {
        throwFirst(gwlbServiceIpv6(supported, lbIpType ?? 'ipv4', [], 'supportedIpAddressTypes'));
      }
      this.loadBalancer = props.loadBalancer;
      this.loadBalancerSubnets = [];
    } else {
      const subnets = props.vpc.selectSubnets(props.loadBalancerSubnets ?? { onePerAz: true }).subnets;
      if (subnets.length === 0) {
        throw new Error('loadBalancerSubnets selects no subnet; a Gateway Load Balancer needs one subnet in each Availability Zone it serves');
      }
      const facts = subnets.map(subnetFacts);
      const zones = new Map<string, string>();
      for (const f of facts) {
        const other = f.availabilityZoneKey === undefined ? undefined : zones.get(f.availabilityZoneKey);
        if (other !== undefined) {
          throw new Error(`loadBalancerSubnets selects two subnets in Availability Zone '${f.availabilityZoneLabel}' (${other} and `
            + `${subnetFact(f).name}); a load balancer takes one subnet per Availability Zone, add onePerAz: true or pick one`);
        }
        if (f.availabilityZoneKey !== undefined) zones.set(f.availabilityZoneKey, subnetFact(f).name);
      }
      const ipAddressType = props.ipAddressType ?? elbv2.IpAddressType.IPV4;
      if (ipAddressType !== elbv2.IpAddressType.IPV4 && ipAddressType !== elbv2.IpAddressType.DUAL_STACK) {
        throw new Error(`ipAddressType '${ipAddressType}' is not available for Gateway Load Balancers; use IPV4 or DUAL_STACK`);
      }
      throwFirst(gwlbServiceIpv6(supported, ipAddressType, facts.map(subnetFact), 'supportedIpAddressTypes'));
      if (ipAddressType === elbv2.IpAddressType.DUAL_STACK) {
        const noIpv6 = facts.find(f => f.hasIpv6 === false);
        if (noIpv6) {
          throw new Error(`ipAddressType '${ipAddressType}' needs subnets with IPv6 ranges, but load balancer subnet ${subnetFact(noIpv6).name} has none; `
            + 'a dual-stack load balancer needs subnets with IPv6 CIDR blocks');
        }
      }
      this.loadBalancerSubnets = subnets;
      this.loadBalancer = new elbv2.CfnLoadBalancer(this, 'LoadBalancer', {
        type: 'gateway',
        subnets: subnets.map(s => s.subnetId),
        ipAddressType,
        loadBalancerAttributes: [
          { key: 'load_balancing.cross_zone.enabled', value: String(props.crossZoneEnabled ?? false) },
          { key: 'deletion_protection.enabled', value: String(props.deletionProtection ?? false) },
        ],
      });
    }
    // Subnets placed by AZ id name no zone (the id is what they publish instead).
    this.availabilityZones = this.loadBalancerSubnets.filter(s => subnetFacts(s).availabilityZoneId === undefined).map(s => s.availabilityZone);
    this.availabilityZoneIds = props.availabilityZoneIds
      ?? this.loadBalancerSubnets.map(s => subnetFacts(s).availabilityZoneId).filter((z): z is string => z !== undefined);
    const bad = firstNonAzId(props.availabilityZoneIds ?? []);
    if (bad !== undefined) {
      throw new Error(`availabilityZoneIds contains '${bad}', which is not an AZ id; AZ ids look like 'use1-az1'`);
    }

    const hc = validateHealthCheck(props.healthCheck ?? {});
    const deregistrationDelay = wholeSeconds(props.deregistrationDelay ?? Duration.seconds(300), 'deregistrationDelay');
    if (deregistrationDelay > 3600) {
      throw new Error(`deregistrationDelay '${deregistrationDelay} seconds' is out of range; use 0 to 3600 seconds`);
    }
    this.targetGroup = new elbv2.CfnTargetGroup(this, 'TargetGroup', {
      protocol: 'GENEVE',
      port: GENEVE_PORT,
      vpcId: props.vpc.vpcId,
      targetType: this.targetType,
      healthCheckEnabled: true,
      healthCheckProtocol: hc.protocol,
      healthCheckPort: String(hc.port),
      healthCheckPath: hc.path,
      healthCheckIntervalSeconds: hc.interval,
      healthCheckTimeoutSeconds: hc.timeout,
      healthyThresholdCount: hc.healthy,
      unhealthyThresholdCount: hc.unhealthy,
      targetGroupAttributes: [
        { key: 'deregistration_delay.timeout_seconds', value: String(deregistrationDelay) },
        ...(props.targetFailover === undefined ? [] : [
          { key: 'target_failover.on_deregistration', value: props.targetFailover },
          { key: 'target_failover.on_unhealthy', value: props.targetFailover },
        ]),
      ],
      targets: Lazy.any({ produce: () => (this.targets.length === 0 ? undefined : this.targets) }),
    });

    this.loadBalancerArn = this.loadBalancer.ref;
    this.targetGroupArn = this.targetGroup.ref;
    if (!props.loadBalancer) {
      this.listener = new elbv2.CfnListener(this, 'Listener', {
        loadBalancerArn: this.loadBalancerArn,
        defaultActions: [{ type: 'forward', targetGroupArn: this.targetGroupArn }],
      });
    }

    this.endpointService = new ec2.CfnVPCEndpointService(this, 'Resource', {
      gatewayLoadBalancerArns: [this.loadBalancerArn],
      acceptanceRequired: this.acceptanceRequired,
      supportedIpAddressTypes: this.supportedIpAddressTypes,
    });
    this.serviceId = this.endpointService.ref;
    this.serviceName = `com.amazonaws.vpce.${Aws.REGION}.${this.serviceId}`;

    this.permissions = new ec2.CfnVPCEndpointServicePermissions(this, 'Permissions', {
      serviceId: this.serviceId,
      allowedPrincipals: Lazy.list({ produce: () => [...this.principals] }, { omitEmpty: true }),
    });
    this.allowPrincipals(...(props.allowedPrincipals ?? []));
  }

  /** Allows principals (account roots, roles, users, as ARNs) to create endpoints to the service. */
  public allowPrincipals(...principals: iam.ArnPrincipal[]): void {
    for (const principal of principals) {
      const arn = principal.arn;
      if (!Token.isUnresolved(arn) && arn === '*' && !this.allowAll) {
        throw new Error("allowedPrincipals contains '*', which lets every AWS account create endpoints; name the accounts or roles, "
          + 'or set allowAllPrincipals: true to allow everyone on purpose');
      }
      if (!Token.isUnresolved(arn) && arn !== '*' && !/^arn:[a-z-]+:iam::\d{12}:(root|role\/.+|user\/.+)$/.test(arn)) {
        throw new Error(`allowedPrincipals contains '${arn}', which is not the ARN of an account root, role or user; `
          + "use e.g. 'arn:aws:iam::111111111111:root' or new iam.AccountPrincipal(...).arn");
      }
      const key = resolvedKey(this, arn);
      if (!this.principals.some(p => resolvedKey(this, p) === key)) this.principals.push(arn);
    }
    if (this.allowAll && !this.principals.includes('*')) this.principals.push('*');
  }

  /** Allows an account (its root, so any principal of it that IAM allows) to create endpoints. Always returns true. */
  public allowAccount(account: string): boolean {
    if (!Token.isUnresolved(account) && !/^\d{12}$/.test(account)) {
      throw new Error(`account '${account}' is not a 12-digit AWS account id`);
    }
    this.allowPrincipals(new iam.ArnPrincipal(`arn:${Aws.PARTITION}:iam::${account}:root`));
    return true;
  }

  /** Registers appliance instances by id (needs `targetType: INSTANCE`). */
  public addInstanceTargets(...instanceIds: string[]): void {
    this.requireTargetType(ApplianceTargetType.INSTANCE, 'addInstanceTargets');
    for (const id of instanceIds) {
      if (!Token.isUnresolved(id) && !/^i-[0-9a-f]{8,17}$/.test(id)) {
        throw new Error(`addInstanceTargets got '${id}', which is not an EC2 instance id (i-0123456789abcdef0)`);
      }
      this.targets.push({ id, port: GENEVE_PORT });
    }
  }

  /** Registers appliances by IP address (needs `targetType: IP`). */
  public addIpTargets(...ipAddresses: string[]): void {
    this.requireTargetType(ApplianceTargetType.IP, 'addIpTargets');
    for (const ip of ipAddresses) {
      if (!Token.isUnresolved(ip) && ipv4ToNumber(ip) === undefined) {
        throw new Error(`addIpTargets got '${ip}', which is not an IPv4 address; the GENEVE target group takes the appliances' IPv4 addresses`);
      }
      this.targets.push({ id: ip, port: GENEVE_PORT });
    }
  }

  /** Registers the instances of an Auto Scaling group as they launch (needs `targetType: INSTANCE`). */
  public addAutoScalingGroup(group: autoscaling.AutoScalingGroup): void {
    this.requireTargetType(ApplianceTargetType.INSTANCE, 'addAutoScalingGroup');
    // The group only reads the target group's ARN; GENEVE target groups have no L2.
    const targetGroup = { targetGroupRef: { targetGroupArn: this.targetGroupArn }, targetGroupArn: this.targetGroupArn };
    group.attachToNetworkTargetGroup(targetGroup as unknown as elbv2.INetworkTargetGroup);
  }

  /**
   * Acknowledges the template-check findings that cannot apply to a Gateway Load Balancer: access
   * logs (cdk-nag ELB2, the NIST and HIPAA ELBLoggingEnabled rules, the Control Tower access log
   * check; only Application and Network Load Balancers write them) and an ACM certificate on the
   * listener (NIST and HIPAA ELBv2ACMCertificateRequired; GENEVE carries no TLS). Never called
   * implicitly: aws-cdk-lib matches acknowledgements by rule id across the whole app, so they also
   * hide these findings on your Application and Network Load Balancers.
   */
  public acknowledgeGatewayLoadBalancerFindings(): void {
    const logs = 'Gateway Load Balancers write no access logs (only Application and Network Load Balancers do); '
      + 'the flows are visible in VPC Flow Logs and the AWS/GatewayELB and AWS/PrivateLinkServices metrics';
    for (const id of ['AwsSolutions::AwsSolutions-ELB2', 'NIST.800.53.R5::NIST.800.53.R5-ELBLoggingEnabled',
      'HIPAA.Security::HIPAA.Security-ELBLoggingEnabled', 'cdk-validator-cfnguard::elbv2_access_logs_enabled_check']) {
      Validations.of(this.loadBalancer).acknowledge({ id, reason: logs });
    }
    if (this.listener) {
      const tls = 'a Gateway Load Balancer listener forwards GENEVE-encapsulated packets and takes no certificate; '
        + 'the traffic keeps whatever encryption it had';
      for (const id of ['NIST.800.53.R5::NIST.800.53.R5-ELBv2ACMCertificateRequired', 'HIPAA.Security::HIPAA.Security-ELBv2ACMCertificateRequired']) {
        Validations.of(this.listener).acknowledge({ id, reason: tls });
      }
    }
  }

  /**
   * Any metric of the endpoint service in `AWS/PrivateLinkServices`, with its `Service Id`
   * dimension. Add `Az` or `Load Balancer Arn` through `props.dimensionsMap` for one zone or load balancer.
   *
   * @default - Average over one minute
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/PrivateLinkServices',
      metricName,
      statistic: 'Average',
      period: Duration.minutes(1),
      ...props,
      dimensionsMap: { 'Service Id': this.serviceId, ...props?.dimensionsMap },
    });
  }

  /**
   * Active connections from consumers to the appliances.
   *
   * @default - Maximum over one minute
   */
  public metricActiveConnections(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ActiveConnections', { statistic: 'Maximum', ...props });
  }

  /**
   * Bytes exchanged between the service and its endpoints, both directions.
   *
   * @default - Sum over one minute
   */
  public metricBytesProcessed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('BytesProcessed', { statistic: 'Sum', ...props });
  }

  /**
   * Endpoints connected to the service.
   *
   * @default - Maximum over five minutes
   */
  public metricEndpointsCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('EndpointsCount', { statistic: 'Maximum', period: Duration.minutes(5), ...props });
  }

  /**
   * New connections from consumers to the appliances.
   *
   * @default - Sum over one minute
   */
  public metricNewConnections(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('NewConnections', { statistic: 'Sum', ...props });
  }

  /**
   * RST packets the service sent to endpoints; a rising value can mean unhealthy appliances.
   *
   * @default - Sum over one minute
   */
  public metricRstPacketsSent(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('RstPacketsSent', { statistic: 'Sum', ...props });
  }

  /**
   * Appliances the load balancer considers healthy, in `AWS/GatewayELB`. Add an
   * `AvailabilityZone` dimension through `props.dimensionsMap` for one zone.
   *
   * @default - Minimum over one minute
   */
  public metricHealthyHostCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.gatewayElbMetric('HealthyHostCount', 'Minimum', props);
  }

  /**
   * Appliances the load balancer considers unhealthy, in `AWS/GatewayELB`: alarm on it.
   *
   * @default - Maximum over one minute
   */
  public metricUnHealthyHostCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.gatewayElbMetric('UnHealthyHostCount', 'Maximum', props);
  }

  private gatewayElbMetric(metricName: string, statistic: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/GatewayELB',
      metricName,
      statistic,
      period: Duration.minutes(1),
      ...props,
      dimensionsMap: {
        LoadBalancer: this.loadBalancer.attrLoadBalancerFullName,
        TargetGroup: this.targetGroup.attrTargetGroupFullName,
        ...props?.dimensionsMap,
      },
    });
  }

  private requireTargetType(wanted: ApplianceTargetType, method: string): void {
    if (this.targetType !== wanted) {
      throw new Error(`${method} needs targetType ${wanted === ApplianceTargetType.IP ? 'IP' : 'INSTANCE'}, `
        + `but this service's targetType is '${this.targetType}'; set targetType accordingly`);
    }
  }
}

function validateHealthCheck(hc: ApplianceHealthCheck) {
  const protocol = hc.protocol ?? ApplianceHealthCheckProtocol.TCP;
  const port = hc.port ?? 80;
  if (!Token.isUnresolved(port) && (!Number.isInteger(port) || port < 1 || port > 65535)) {
    throw new Error(`healthCheck.port '${port}' is not a port; use 1 to 65535`);
  }
  if (hc.path !== undefined && protocol === ApplianceHealthCheckProtocol.TCP) {
    throw new Error(`healthCheck.path '${hc.path}' needs protocol HTTP or HTTPS; TCP health checks have no path`);
  }
  if (hc.path !== undefined && !Token.isUnresolved(hc.path) && !hc.path.startsWith('/')) {
    throw new Error(`healthCheck.path '${hc.path}' must start with '/', e.g. '/health'`);
  }
  const interval = wholeSeconds(hc.interval ?? Duration.seconds(10), 'healthCheck.interval');
  const timeout = wholeSeconds(hc.timeout ?? Duration.seconds(5), 'healthCheck.timeout');
  if (interval < 5 || interval > 300) throw new Error(`healthCheck.interval '${interval} seconds' is out of range; use 5 to 300 seconds`);
  if (timeout < 2 || timeout > 120 || timeout >= interval) {
    throw new Error(`healthCheck.timeout '${timeout} seconds' must be 2 to 120 seconds and shorter than the interval (${interval} seconds)`);
  }
  const threshold = (name: string, value: number | undefined) => {
    const v = value ?? 3;
    if (!Number.isInteger(v) || v < 2 || v > 10) throw new Error(`healthCheck.${name} '${v}' is out of range; use a whole number from 2 to 10`);
    return v;
  };
  return {
    protocol,
    port,
    path: protocol === ApplianceHealthCheckProtocol.TCP ? undefined : hc.path ?? '/',
    interval,
    timeout,
    healthy: threshold('healthyThresholdCount', hc.healthyThresholdCount),
    unhealthy: threshold('unhealthyThresholdCount', hc.unhealthyThresholdCount),
  };
}


/** A duration in whole seconds, or an error naming the prop (CloudFormation takes seconds). */
function wholeSeconds(duration: Duration, prop: string): number {
  const millis = duration.toMilliseconds();
  if (millis % 1000 !== 0) throw new Error(`${prop} '${duration.toHumanString()}' is not a whole number of seconds; use e.g. Duration.seconds(10)`);
  return millis / 1000;
}
