import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53resolver from 'aws-cdk-lib/aws-route53resolver';
import { EndpointPolicy } from '../../src/endpoints/endpoint-policy';
import { GatewayEndpoint } from '../../src/endpoints/gateway-endpoint';
import { GatewayLoadBalancerEndpoint } from '../../src/endpoints/gateway-load-balancer-endpoint';
import { InterfaceEndpoint } from '../../src/endpoints/interface-endpoint';
import { ResourceEndpoint } from '../../src/endpoints/resource-endpoint';
import { ServiceNetworkEndpoint } from '../../src/endpoints/service-network-endpoint';
import { GwlbInspectionService, IGwlbInspectionService } from '../../src/gwlb/gwlb-inspection-service';
import { GwlbInspectionVpc } from '../../src/gwlb/gwlb-inspection-vpc';
import { ALL_RULES } from '../../src/private/rules/rules';
import { S3HybridPrivateDns } from '../../src/s3/s3-hybrid-private-dns';
import { AZ_CONTEXT, TEST_ENV } from '../fixtures';
import { findingsOf, gwlbServiceName, plainInspectionVpc, plainVpc, zoneOf } from './plain-app';

/*
 * For every rule: the construct-time check (this library's constructs) and the template check
 * (PrivateLinkChecks on the same input written with plain aws-cdk-lib) reach the same verdict, and
 * their messages, which come from the same rule function, agree past the name of the input
 * (a construct prop on one side, a CloudFormation property on the other).
 */

const KMS = ec2.InterfaceVpcEndpointAwsService.KMS;
const GWLB_SERVICE = 'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0';

function newStack(env: boolean): Stack {
  const app = new App({ context: env ? AZ_CONTEXT : {} });
  return new Stack(app, 'S', env ? { env: TEST_ENV } : {});
}

function vpcOf(stack: Stack, dnsHostnames = true): ec2.Vpc {
  return plainVpc(stack, 'Vpc', dnsHostnames);
}

/** Same-AZ pair (a0, b0) when broken, else one subnet in each AZ (a0, a1). */
const pick = (vpc: ec2.Vpc, broken: boolean) => (broken ? [vpc.isolatedSubnets[0], vpc.isolatedSubnets[2]] : vpc.isolatedSubnets.slice(0, 2));

interface Case {
  readonly rule: string;
  /** Builds the input with this library; returns the message it threw or warned, if any. */
  readonly construct: (stack: Stack, broken: boolean) => string | undefined;
  readonly constructSubject: string;
  /** Builds the same input with plain aws-cdk-lib. */
  readonly plain: (stack: Stack, broken: boolean) => void;
  readonly templateSubject: string;
}

function thrown(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** The first error of the app's synth-time validations, without the report's heading and construct path. */
function validationError(stack: Stack): string | undefined {
  return thrown(() => (stack.node.root as App).synth({ force: true }))?.replace(/^Validation failed with the following errors:\n\s*\[[^\]]*\] /, '');
}

function warning(stack: Stack, id: string): string | undefined {
  const found = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(id));
  return found.length === 0 ? undefined : String(found[0].entry.data).replace(/ \[ack: .*\]$/, '');
}

const wildcardPolicy = (broken: boolean) => new iam.PolicyStatement({
  principals: [new iam.AnyPrincipal()],
  actions: ['kms:Decrypt'],
  resources: ['*'],
  conditions: { StringLike: { 'aws:SourceVpce': broken ? 'vpce-1*' : 'vpce-0123456789abcdef0' } },
});

const latticeArnOf = (stack: Stack, broken: boolean) => stack.formatArn({
  service: 'vpc-lattice', resource: broken ? 'servicenetwork' : 'resourceconfiguration', resourceName: 'x-0123456789abcdef0',
});

const SN_ARN = 'arn:aws:vpc-lattice:us-east-1:111111111111:servicenetwork/sn-0123456789abcdef0';
const PARTNER_SERVICE = 'com.amazonaws.vpce.us-east-1.vpce-svc-0aaaaaaaaaaaaaaaa';

/** A VPC with one subnet, /27 when broken, /26 otherwise. */
const smallVpcOf = (stack: Stack, broken: boolean) => new ec2.Vpc(stack, 'Vpc', {
  maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'a', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: broken ? 27 : 26 }],
});

const ON_PREMISES = '10.100.0.0/16';

/** An inbound Resolver endpoint written with plain aws-cdk-lib, DNS open to on-premises only. */
function plainResolver(stack: Stack, vpc: ec2.Vpc, ipAddresses: route53resolver.CfnResolverEndpoint.IpAddressRequestProperty[]): void {
  const sg = new ec2.SecurityGroup(stack, 'ResolverSg', { vpc, allowAllOutbound: false });
  sg.addIngressRule(ec2.Peer.ipv4(ON_PREMISES), ec2.Port.udp(53));
  new route53resolver.CfnResolverEndpoint(stack, 'E', { direction: 'INBOUND', ipAddresses, securityGroupIds: [sg.securityGroupId] });
}

/**
 * Pinned addresses in subnets a0 (10.0.0.0/24) and a1 (10.0.1.0/24): a0's first address (reserved)
 * when `reserved`, and a third address repeating a0's when `twice`.
 */
function pinned(vpc: ec2.Vpc, reserved: boolean, twice: boolean): Array<{ subnet: ec2.ISubnet; ip: string }> {
  const [a0, a1] = vpc.isolatedSubnets;
  const addresses = [{ subnet: a0, ip: reserved ? '10.0.0.1' : '10.0.0.10' }, { subnet: a1, ip: '10.0.1.10' }];
  return twice ? [...addresses, { subnet: a0, ip: '10.0.0.10' }] : addresses;
}

/** A Gateway Load Balancer (props as given) in subnets a0 and a1, written with plain aws-cdk-lib. */
const plainLoadBalancer = (stack: Stack, vpc: ec2.Vpc, props: Partial<elbv2.CfnLoadBalancerProps> = {}) => new elbv2.CfnLoadBalancer(stack, 'Lb', {
  type: 'gateway', subnets: vpc.isolatedSubnets.slice(0, 2).map(s => s.subnetId), ...props,
});

/** An endpoint service over `plainLoadBalancer`, written with plain aws-cdk-lib. */
const plainGwlbService = (stack: Stack, vpc: ec2.Vpc, props: Partial<ec2.CfnVPCEndpointServiceProps> = {}) => new ec2.CfnVPCEndpointService(stack, 'Service', {
  gatewayLoadBalancerArns: [plainLoadBalancer(stack, vpc).ref], ...props,
});

/** A GWLB endpoint written with plain aws-cdk-lib, in subnet a0 unless told. */
const plainGwlbEndpoint = (stack: Stack, vpc: ec2.Vpc, props: Partial<ec2.CfnVPCEndpointProps> = {}) => new ec2.CfnVPCEndpoint(stack, 'E', {
  vpcId: vpc.vpcId, vpcEndpointType: 'GatewayLoadBalancer', serviceName: GWLB_SERVICE, subnetIds: [vpc.isolatedSubnets[0].subnetId], ...props,
});

/** The inspection service as another account publishes it (no waiter, so no provider functions, for these checks). */
const importedService = (stack: Stack, props: { supportedIpAddressTypes?: ec2.IpAddressType[] } = {}): IGwlbInspectionService =>
  GwlbInspectionService.fromServiceAttributes(stack, 'Service', { serviceName: GWLB_SERVICE, ...props });

/** A destination that the broken Gwlb5 inputs route from the application subnet straight to the internet gateway, around the endpoint. */
const BYPASS = '198.51.100.0/24';

const CASES: Case[] = [
  {
    rule: 'PrivateLink-Subnet1',
    construct: (stack, broken) => { const vpc = vpcOf(stack); return thrown(() => new InterfaceEndpoint(stack, 'E', { vpc, service: KMS, subnets: { subnets: pick(vpc, broken) } })); },
    constructSubject: 'subnets',
    plain: (stack, broken) => {
      const vpc = vpcOf(stack);
      new ec2.CfnVPCEndpoint(stack, 'E', { vpcId: vpc.vpcId, vpcEndpointType: 'Interface', serviceName: KMS.name, subnetIds: pick(vpc, broken).map(s => s.subnetId) });
    },
    templateSubject: 'SubnetIds',
  },
  {
    rule: 'PrivateLink-Subnet2',
    construct: (stack, broken) => {
      const vpc = vpcOf(stack);
      return thrown(() => new InterfaceEndpoint(stack, 'E', { vpc, service: KMS, ipAddressType: broken ? ec2.VpcEndpointIpAddressType.IPV6 : ec2.VpcEndpointIpAddressType.IPV4 }));
    },
    constructSubject: 'ipAddressType',
    plain: (stack, broken) => {
      const vpc = vpcOf(stack);
      new ec2.CfnVPCEndpoint(stack, 'E', {
        vpcId: vpc.vpcId, vpcEndpointType: 'Interface', serviceName: KMS.name, subnetIds: pick(vpc, false).map(s => s.subnetId), ipAddressType: broken ? 'ipv6' : 'ipv4',
      });
    },
    templateSubject: 'IpAddressType',
  },
  {
    rule: 'PrivateLink-Dns1',
    construct: (stack, broken) => {
      const vpc = vpcOf(stack);
      return thrown(() => new InterfaceEndpoint(stack, 'E', {
        vpc, service: KMS, dnsRecordIpType: broken ? ec2.VpcEndpointDnsRecordIpType.IPV6 : ec2.VpcEndpointDnsRecordIpType.IPV4,
      }));
    },
    constructSubject: '',
    plain: (stack, broken) => {
      const vpc = vpcOf(stack);
      new ec2.CfnVPCEndpoint(stack, 'E', {
        vpcId: vpc.vpcId,
        vpcEndpointType: 'Interface',
        serviceName: KMS.name,
        subnetIds: pick(vpc, false).map(s => s.subnetId),
        ipAddressType: 'ipv4',
        dnsOptions: { dnsRecordIpType: broken ? 'ipv6' : 'ipv4' },
      });
    },
    templateSubject: '',
  },
  {
    rule: 'PrivateLink-Dns2',
    construct: (stack, broken) => { const vpc = vpcOf(stack, !broken); return thrown(() => new InterfaceEndpoint(stack, 'E', { vpc, service: KMS, privateDnsEnabled: true })); },
    constructSubject: 'privateDnsEnabled',
    plain: (stack, broken) => { vpcOf(stack, !broken).addInterfaceEndpoint('E', { service: KMS, privateDnsEnabled: true }); },
    templateSubject: 'PrivateDnsEnabled',
  },
  {
    rule: 'PrivateLink-Policy1',
    construct: (stack, broken) => {
      const vpc = vpcOf(stack);
      return thrown(() => new InterfaceEndpoint(stack, 'E', { vpc, service: KMS, policy: EndpointPolicy.fromStatements([wildcardPolicy(broken)]) }));
    },
    constructSubject: 'policy',
    plain: (stack, broken) => { vpcOf(stack).addInterfaceEndpoint('E', { service: KMS }).addToPolicy(wildcardPolicy(broken)); },
    templateSubject: 'PolicyDocument',
  },
  {
    rule: 'PrivateLink-Network1',
    construct: (stack, broken) => {
      const vpc = vpcOf(stack);
      return thrown(() => new InterfaceEndpoint(stack, 'E', { vpc, service: KMS, allowedPeers: [broken ? ec2.Peer.anyIpv4() : ec2.Peer.ipv4('10.0.0.0/16')] }));
    },
    constructSubject: 'allowedPeers',
    plain: (stack, broken) => {
      const endpoint = vpcOf(stack).addInterfaceEndpoint('E', { service: KMS, open: false });
      endpoint.connections.allowDefaultPortFrom(broken ? ec2.Peer.anyIpv4() : ec2.Peer.ipv4('10.0.0.0/16'));
    },
    templateSubject: 'SecurityGroupIngress',
  },
  {
    rule: 'PrivateLink-Gateway1',
    construct: (stack, broken) => {
      const vpc = vpcOf(stack);
      new GatewayEndpoint(stack, 'First', { vpc, service: ec2.GatewayVpcEndpointAwsService.S3, subnets: [{ subnetGroupName: 'a' }] });
      return thrown(() => new GatewayEndpoint(stack, 'Second', {
        vpc, service: ec2.GatewayVpcEndpointAwsService.S3, subnets: [{ subnetGroupName: broken ? 'a' : 'b' }],
      }));
    },
    constructSubject: 'subnets',
    plain: (stack, broken) => {
      const vpc = vpcOf(stack);
      vpc.addGatewayEndpoint('First', { service: ec2.GatewayVpcEndpointAwsService.S3, subnets: [{ subnetGroupName: 'a' }] });
      vpc.addGatewayEndpoint('Second', { service: ec2.GatewayVpcEndpointAwsService.S3, subnets: [{ subnetGroupName: broken ? 'a' : 'b' }] });
    },
    templateSubject: 'RouteTableIds',
  },
  {
    rule: 'PrivateLink-Gwlb1',
    construct: (stack, broken) => {
      const vpc = vpcOf(stack);
      return thrown(() => new GatewayLoadBalancerEndpoint(stack, 'E', { vpc, serviceName: GWLB_SERVICE, subnets: { subnets: vpc.isolatedSubnets.slice(0, broken ? 2 : 1) } }));
    },
    constructSubject: 'subnets',
    plain: (stack, broken) => {
      const vpc = vpcOf(stack);
      new ec2.CfnVPCEndpoint(stack, 'E', {
        vpcId: vpc.vpcId, vpcEndpointType: 'GatewayLoadBalancer', serviceName: GWLB_SERVICE, subnetIds: vpc.isolatedSubnets.slice(0, broken ? 2 : 1).map(s => s.subnetId),
      });
    },
    templateSubject: 'SubnetIds',
  },
  {
    rule: 'PrivateLink-Gwlb2',
    construct: (stack, broken) => {
      const vpc = vpcOf(stack);
      new GatewayLoadBalancerEndpoint(stack, 'First', { vpc, serviceName: GWLB_SERVICE, subnets: { subnets: [vpc.isolatedSubnets[0]] } });
      return thrown(() => new GatewayLoadBalancerEndpoint(stack, 'Second', {
        vpc, serviceName: GWLB_SERVICE, subnets: { subnets: [vpc.isolatedSubnets[broken ? 2 : 1]] },
      }));
    },
    constructSubject: 'subnets',
    plain: (stack, broken) => {
      const vpc = vpcOf(stack);
      for (const [id, subnet] of [['First', vpc.isolatedSubnets[0]], ['Second', vpc.isolatedSubnets[broken ? 2 : 1]]] as const) {
        new ec2.CfnVPCEndpoint(stack, id, { vpcId: vpc.vpcId, vpcEndpointType: 'GatewayLoadBalancer', serviceName: GWLB_SERVICE, subnetIds: [subnet.subnetId] });
      }
    },
    templateSubject: 'SubnetIds',
  },
  {
    rule: 'PrivateLink-Gwlb3',
    construct: (stack, broken) => {
      const vpc = vpcOf(stack);
      const endpoint = new GatewayLoadBalancerEndpoint(stack, 'E', { vpc, serviceName: GWLB_SERVICE, subnets: { subnets: [vpc.isolatedSubnets[0]] } });
      return thrown(() => endpoint.addRoute('Route', {
        routeTableId: vpc.isolatedSubnets[1].routeTable.routeTableId,
        ...(broken ? { destinationPrefixListId: 'pl-0123456789abcdef0' } : { destinationCidrBlock: '10.9.0.0/16' }),
      }));
    },
    constructSubject: 'destinationPrefixListId',
    plain: (stack, broken) => {
      const vpc = vpcOf(stack);
      const endpoint = new ec2.CfnVPCEndpoint(stack, 'E', {
        vpcId: vpc.vpcId, vpcEndpointType: 'GatewayLoadBalancer', serviceName: GWLB_SERVICE, subnetIds: [vpc.isolatedSubnets[0].subnetId],
      });
      new ec2.CfnRoute(stack, 'Route', {
        routeTableId: vpc.isolatedSubnets[1].routeTable.routeTableId,
        vpcEndpointId: endpoint.ref,
        ...(broken ? { destinationPrefixListId: 'pl-0123456789abcdef0' } : { destinationCidrBlock: '10.9.0.0/16' }),
      });
    },
    templateSubject: 'DestinationPrefixListId',
  },
  {
    rule: 'PrivateLink-Dns3',
    construct: (stack, broken) => {
      const vpc = vpcOf(stack);
      if (!broken) new GatewayEndpoint(stack, 'S3', { vpc, service: ec2.GatewayVpcEndpointAwsService.S3 });
      return thrown(() => {
        new InterfaceEndpoint(stack, 'E', { vpc, service: ec2.InterfaceVpcEndpointAwsService.S3, privateDnsOnlyForInboundResolverEndpoint: true });
      }) ?? validationError(stack);
    },
    constructSubject: 'privateDnsOnlyForInboundResolverEndpoint',
    plain: (stack, broken) => {
      const vpc = vpcOf(stack);
      if (!broken) vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
      new ec2.CfnVPCEndpoint(stack, 'E', {
        vpcId: vpc.vpcId,
        vpcEndpointType: 'Interface',
        serviceName: ec2.InterfaceVpcEndpointAwsService.S3.name,
        privateDnsEnabled: true,
        subnetIds: pick(vpc, false).map(s => s.subnetId),
        dnsOptions: { privateDnsOnlyForInboundResolverEndpoint: 'OnlyInboundResolver' },
      });
    },
    templateSubject: 'PrivateDnsOnlyForInboundResolverEndpoint',
  },
  {
    rule: 'PrivateLink-Gateway2',
    construct: (stack, broken) => thrown(() => new GatewayEndpoint(stack, 'E', {
      vpc: vpcOf(stack),
      service: ec2.GatewayVpcEndpointAwsService.DYNAMODB,
      ipAddressType: broken ? ec2.VpcEndpointIpAddressType.DUALSTACK : ec2.VpcEndpointIpAddressType.IPV4,
    })),
    constructSubject: 'ipAddressType',
    plain: (stack, broken) => {
      const vpc = vpcOf(stack);
      new ec2.CfnVPCEndpoint(stack, 'E', {
        vpcId: vpc.vpcId,
        vpcEndpointType: 'Gateway',
        serviceName: ec2.GatewayVpcEndpointAwsService.DYNAMODB.name,
        routeTableIds: [vpc.isolatedSubnets[0].routeTable.routeTableId],
        ipAddressType: broken ? 'dualstack' : 'ipv4',
      });
    },
    templateSubject: 'IpAddressType',
  },
  {
    rule: 'PrivateLink-Region1',
    construct: (stack, broken) => thrown(() => new InterfaceEndpoint(stack, 'E', {
      vpc: vpcOf(stack), service: broken ? ec2.InterfaceVpcEndpointAwsService.SQS : KMS, serviceRegion: 'us-west-2',
    })),
    constructSubject: 'serviceRegion',
    plain: (stack, broken) => {
      const vpc = vpcOf(stack);
      new ec2.CfnVPCEndpoint(stack, 'E', {
        vpcId: vpc.vpcId,
        vpcEndpointType: 'Interface',
        serviceName: `com.amazonaws.us-west-2.${broken ? 'sqs' : 'kms'}`,
        serviceRegion: 'us-west-2',
        subnetIds: pick(vpc, false).map(s => s.subnetId),
      });
    },
    templateSubject: 'ServiceRegion',
  },
  {
    rule: 'PrivateLink-Lattice1',
    construct: (stack, broken) => {
      const vpc = vpcOf(stack);
      return thrown(() => new ResourceEndpoint(stack, 'E', { vpc, resourceConfigurationArn: latticeArnOf(stack, broken) }));
    },
    constructSubject: 'resourceConfigurationArn',
    plain: (stack, broken) => {
      const vpc = vpcOf(stack);
      new ec2.CfnVPCEndpoint(stack, 'E', {
        vpcId: vpc.vpcId, vpcEndpointType: 'Resource', subnetIds: pick(vpc, false).map(s => s.subnetId), resourceConfigurationArn: latticeArnOf(stack, broken),
      });
    },
    templateSubject: 'ResourceConfigurationArn',
  },
  {
    rule: 'PrivateLink-Lattice2',
    construct: (stack, broken) => thrown(() => new ResourceEndpoint(stack, 'E', {
      vpc: vpcOf(stack), resourceConfigurationArn: latticeArnOf(stack, false), ports: [broken ? ec2.Port.udp(53) : ec2.Port.tcp(5432)],
    })),
    constructSubject: 'ports',
    plain: (stack, broken) => {
      const vpc = vpcOf(stack);
      const sg = new ec2.SecurityGroup(stack, 'Sg', { vpc, allowAllOutbound: false });
      sg.addIngressRule(ec2.Peer.ipv4('10.0.0.0/16'), broken ? ec2.Port.udp(53) : ec2.Port.tcp(5432));
      new ec2.CfnVPCEndpoint(stack, 'E', {
        vpcId: vpc.vpcId,
        vpcEndpointType: 'Resource',
        subnetIds: pick(vpc, false).map(s => s.subnetId),
        resourceConfigurationArn: latticeArnOf(stack, false),
        securityGroupIds: [sg.securityGroupId],
      });
    },
    templateSubject: 'SecurityGroupIngress',
  },
  {
    rule: 'PrivateLink-Subnet3',
    construct: (stack, broken) => {
      new ServiceNetworkEndpoint(stack, 'E', { vpc: smallVpcOf(stack, broken), serviceNetworkArn: SN_ARN, privateDnsEnabled: false });
      return warning(stack, 'smallSubnet');
    },
    constructSubject: '',
    plain: (stack, broken) => {
      const vpc = smallVpcOf(stack, broken);
      new ec2.CfnVPCEndpoint(stack, 'E', {
        vpcId: vpc.vpcId, vpcEndpointType: 'ServiceNetwork', subnetIds: vpc.isolatedSubnets.map(s => s.subnetId), serviceNetworkArn: SN_ARN,
      });
    },
    templateSubject: '',
  },
  {
    rule: 'PrivateLink-Policy2',
    construct: (stack, broken) => {
      new InterfaceEndpoint(stack, 'E', {
        vpc: vpcOf(stack),
        service: new ec2.InterfaceVpcEndpointService(PARTNER_SERVICE),
        policy: broken ? EndpointPolicy.fromStatements([wildcardPolicy(false)]) : undefined,
      });
      return warning(stack, 'policyNotEnforced');
    },
    constructSubject: 'policy',
    plain: (stack, broken) => {
      const vpc = vpcOf(stack);
      new ec2.CfnVPCEndpoint(stack, 'E', {
        vpcId: vpc.vpcId,
        vpcEndpointType: 'Interface',
        serviceName: PARTNER_SERVICE,
        subnetIds: pick(vpc, false).map(s => s.subnetId),
        policyDocument: broken ? { Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] } : undefined,
      });
    },
    templateSubject: 'PolicyDocument',
  },
  {
    rule: 'PrivateLink-Quota1',
    construct: (stack, broken) => {
      const vpc = vpcOf(stack);
      for (let n = 0; n < (broken ? 51 : 50); n++) {
        new InterfaceEndpoint(stack, `E${n}`, { vpc, service: new ec2.InterfaceVpcEndpointService(`com.amazonaws.vpce.us-east-1.vpce-svc-${String(n).padStart(17, '0')}`) });
      }
      return warning(stack, 'quotaExceeded');
    },
    constructSubject: '',
    plain: (stack, broken) => {
      const vpc = vpcOf(stack);
      for (let n = 0; n < (broken ? 51 : 50); n++) {
        new ec2.CfnVPCEndpoint(stack, `E${n}`, {
          vpcId: vpc.vpcId,
          vpcEndpointType: 'Interface',
          serviceName: `com.amazonaws.vpce.us-east-1.vpce-svc-${String(n).padStart(17, '0')}`,
          subnetIds: pick(vpc, false).map(s => s.subnetId),
        });
      }
    },
    templateSubject: '',
  },
  {
    rule: 'PrivateLink-Resolver1',
    construct: (stack, broken) => {
      const vpc = vpcOf(stack);
      return thrown(() => new S3HybridPrivateDns(stack, 'E', { vpc, onPremisesCidrs: [ON_PREMISES], resolverSubnets: { subnets: pick(vpc, broken) } }));
    },
    constructSubject: 'resolverSubnets',
    plain: (stack, broken) => {
      const vpc = vpcOf(stack);
      plainResolver(stack, vpc, pick(vpc, broken).map(s => ({ subnetId: s.subnetId })));
    },
    templateSubject: 'IpAddresses',
  },
  {
    rule: 'PrivateLink-Resolver2',
    construct: (stack, broken) => {
      const vpc = vpcOf(stack);
      return thrown(() => new S3HybridPrivateDns(stack, 'E', { vpc, onPremisesCidrs: [ON_PREMISES], resolverAddresses: pinned(vpc, broken, false) }));
    },
    constructSubject: 'resolverAddresses',
    plain: (stack, broken) => {
      const vpc = vpcOf(stack);
      plainResolver(stack, vpc, pinned(vpc, broken, false).map(a => ({ subnetId: a.subnet.subnetId, ip: a.ip })));
    },
    templateSubject: 'IpAddresses',
  },
  {
    rule: 'PrivateLink-Resolver3',
    construct: (stack, broken) => {
      const vpc = vpcOf(stack);
      return thrown(() => new S3HybridPrivateDns(stack, 'E', { vpc, onPremisesCidrs: [ON_PREMISES], resolverAddresses: pinned(vpc, false, broken) }));
    },
    constructSubject: 'resolverAddresses',
    plain: (stack, broken) => {
      const vpc = vpcOf(stack);
      plainResolver(stack, vpc, pinned(vpc, false, broken).map(a => ({ subnetId: a.subnet.subnetId, ip: a.ip })));
    },
    templateSubject: 'IpAddresses',
  },
  {
    rule: 'PrivateLink-Gwlb4',
    construct: (stack, broken) => {
      // The service's load balancer serves zones a and b (one subnet of the provider VPC in each).
      const service = new GwlbInspectionService(stack, 'Service', { vpc: vpcOf(stack), acceptanceRequired: false });
      return thrown(() => new GwlbInspectionVpc(stack, 'Inspected', { service, availabilityZones: [zoneOf(stack, broken ? 2 : 0)], flowLogs: false }));
    },
    constructSubject: 'availabilityZones',
    plain: (stack, broken) => {
      const vpc = vpcOf(stack);
      const zoneC = new ec2.Subnet(stack, 'C', { vpcId: vpc.vpcId, availabilityZone: zoneOf(stack, 2), cidrBlock: '10.0.8.0/24' });
      const service = plainGwlbService(stack, vpc);
      plainGwlbEndpoint(stack, vpc, { serviceName: gwlbServiceName(service), subnetIds: [(broken ? zoneC : vpc.isolatedSubnets[0]).subnetId] });
    },
    templateSubject: 'SubnetIds',
  },
  {
    rule: 'PrivateLink-Gwlb5',
    construct: (stack, broken) => {
      const inspected = new GwlbInspectionVpc(stack, 'Inspected', { service: importedService(stack), flowLogs: false, waitForConnection: false });
      if (broken) {
        new ec2.CfnRoute(stack, 'Bypass', {
          routeTableId: inspected.applicationSubnets[0].routeTable.routeTableId, destinationCidrBlock: BYPASS, gatewayId: inspected.internetGatewayId,
        });
      }
      return validationError(stack);
    },
    constructSubject: 'routes',
    plain: (stack, broken) => { plainInspectionVpc(stack, 'Inspected', GWLB_SERVICE, broken); },
    templateSubject: 'RouteTableId',
  },
  {
    rule: 'PrivateLink-Gwlb6',
    construct: (stack, broken) => {
      const vpc = vpcOf(stack);
      return thrown(() => new GwlbInspectionVpc(stack, 'Inspected', {
        service: importedService(stack),
        vpc,
        internetGatewayId: broken ? 'eigw-0123456789abcdef0' : 'igw-0123456789abcdef0',
        applicationSubnets: vpc.isolatedSubnets.slice(0, 2),
        endpointSubnets: vpc.isolatedSubnets.slice(2),
        waitForConnection: false,
      }));
    },
    constructSubject: 'internetGatewayId',
    plain: (stack, broken) => {
      const vpc = vpcOf(stack);
      plainGwlbEndpoint(stack, vpc);
      const egressOnly = new ec2.CfnEgressOnlyInternetGateway(stack, 'EgressOnly', { vpcId: vpc.vpcId });
      const internetGateway = new ec2.CfnInternetGateway(stack, 'InternetGateway');
      new ec2.CfnVPCGatewayAttachment(stack, 'Attachment', { vpcId: vpc.vpcId, internetGatewayId: internetGateway.ref });
      new ec2.CfnRoute(stack, 'Ipv6', {
        routeTableId: vpc.isolatedSubnets[1].routeTable.routeTableId,
        destinationIpv6CidrBlock: '::/0',
        ...(broken ? { egressOnlyInternetGatewayId: egressOnly.ref } : { gatewayId: internetGateway.ref }),
      });
    },
    templateSubject: 'EgressOnlyInternetGatewayId',
  },
  {
    rule: 'PrivateLink-Gwlb7',
    construct: (stack, broken) => {
      const vpc = vpcOf(stack);
      return thrown(() => new GatewayLoadBalancerEndpoint(stack, 'E', {
        vpc, serviceName: GWLB_SERVICE, subnets: { subnets: [vpc.isolatedSubnets[0]] }, privateDnsEnabled: broken ? true : undefined,
      }));
    },
    constructSubject: 'privateDnsEnabled',
    plain: (stack, broken) => { plainGwlbEndpoint(stack, vpcOf(stack), { privateDnsEnabled: broken ? true : undefined }); },
    templateSubject: 'PrivateDnsEnabled',
  },
  {
    rule: 'PrivateLink-Gwlb8',
    construct: (stack, broken) => thrown(() => new GwlbInspectionVpc(stack, 'Inspected', {
      service: importedService(stack, { supportedIpAddressTypes: [ec2.IpAddressType.IPV4] }),
      dualStack: broken,
      flowLogs: false,
      waitForConnection: false,
    })),
    constructSubject: 'dualStack',
    plain: (stack, broken) => {
      const vpc = vpcOf(stack);
      plainGwlbEndpoint(stack, vpc, { serviceName: gwlbServiceName(plainGwlbService(stack, vpc)), ipAddressType: broken ? 'dualstack' : 'ipv4' });
    },
    templateSubject: 'IpAddressType',
  },
  {
    rule: 'PrivateLink-Gwlb9',
    construct: (stack, broken) => {
      const vpc = vpcOf(stack);
      const loadBalancer = plainLoadBalancer(stack, vpc, { type: broken ? 'network' : 'gateway' });
      return thrown(() => new GwlbInspectionService(stack, 'Service', { vpc, loadBalancer }));
    },
    constructSubject: 'loadBalancer',
    plain: (stack, broken) => {
      const vpc = vpcOf(stack);
      new ec2.CfnVPCEndpointService(stack, 'Service', { gatewayLoadBalancerArns: [plainLoadBalancer(stack, vpc, { type: broken ? 'network' : 'gateway' }).ref] });
    },
    templateSubject: 'GatewayLoadBalancerArns',
  },
  {
    rule: 'PrivateLink-Gwlb10',
    construct: (stack, broken) => thrown(() => new GwlbInspectionService(stack, 'Service', {
      vpc: vpcOf(stack),
      ipAddressType: elbv2.IpAddressType.IPV4,
      supportedIpAddressTypes: broken ? [ec2.IpAddressType.IPV4, ec2.IpAddressType.IPV6] : [ec2.IpAddressType.IPV4],
    })),
    constructSubject: 'supportedIpAddressTypes',
    plain: (stack, broken) => {
      const vpc = vpcOf(stack);
      new ec2.CfnVPCEndpointService(stack, 'Service', {
        gatewayLoadBalancerArns: [plainLoadBalancer(stack, vpc, { ipAddressType: 'ipv4' }).ref],
        supportedIpAddressTypes: broken ? ['ipv4', 'ipv6'] : ['ipv4'],
      });
    },
    templateSubject: 'SupportedIpAddressTypes',
  },
];

/** The template check's messages for one rule, without the rule description the report appends. */
function templateMessages(stack: Stack, rule: string): string[] {
  const suffix = ` (${ALL_RULES.find(r => r.id === rule)!.description})`;
  return findingsOf(stack.node.root as App)
    .filter(f => f.rule === rule)
    .map(f => (f.description.endsWith(suffix) ? f.description.slice(0, -suffix.length) : f.description));
}

/** A message with the input's name taken out, so the two front ends' messages compare. */
const body = (message: string, subject: string) => (subject === '' ? message
  : message.replace(new RegExp(`^${subject}`), '<input>').split(`set ${subject}:`).join('set <input>:')
    .split(`leave ${subject} unset`).join('leave <input> unset'));

test('every rule of the pack has an agreement case', () => {
  expect(CASES.map(c => c.rule).sort()).toEqual(ALL_RULES.map(r => r.id).sort());
});

describe.each([['with env', true], ['environment-agnostic', false]] as const)('construct-time and template checks agree (%s)', (_kind, env) => {
  test.each(CASES.map(c => [c.rule, c] as const))('%s', (_rule, c) => {
    // Broken: both report, with the same message past the input's name.
    const constructMessage = c.construct(newStack(env), true);
    const templateFound = templateMessages((() => { const s = newStack(env); c.plain(s, true); return s; })(), c.rule);
    expect(constructMessage).toBeDefined();
    expect(templateFound).toHaveLength(1);
    // Names of other resources (paths) differ between the two apps; the rule's own text after the first ';' does not.
    const tail = (m: string) => body(m, m === constructMessage ? c.constructSubject : c.templateSubject).split('; ').slice(1).join('; ');
    expect(tail(templateFound[0])).toBe(tail(constructMessage!));
    expect(body(templateFound[0], c.templateSubject).split(' ')[0]).toBe(body(constructMessage!, c.constructSubject).split(' ')[0]);

    // Corrected: neither reports.
    expect(c.construct(newStack(env), false)).toBeUndefined();
    const corrected = newStack(env);
    c.plain(corrected, false);
    expect(templateMessages(corrected, c.rule)).toEqual([]);
  });
});
