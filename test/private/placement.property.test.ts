import { Fn, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as fc from 'fast-check';
import { GatewayLoadBalancerEndpoint } from '../../src/endpoints/gateway-load-balancer-endpoint';
import { InterfaceEndpoint } from '../../src/endpoints/interface-endpoint';
import { ResourceEndpoint } from '../../src/endpoints/resource-endpoint';
import { agnosticStack, envStack, errorMessageOf, TEST_AZS } from '../fixtures';

/*
 * Property-based tests of the placement rules over generated VPC layouts: defined and imported
 * VPCs, stacks with env and without, 1-6 Availability Zones (literal names or Fn::GetAZs
 * tokens), one to three subnet groups, and any selection of subnets. The oracle knows each
 * generated subnet's AZ by construction (its index), independently of how the library resolves it.
 *
 * Seeded and bounded: the same cases run every time, and the file stays within a few seconds.
 */
const RUNS: fc.Parameters<unknown> = { seed: 20261201, numRuns: 60 };

interface Layout {
  /** Whether the stack has env (account, Region, three AZs from context). */
  readonly env: boolean;
  /** A VPC defined in the app, or one imported with fromVpcAttributes. */
  readonly defined: boolean;
  /** Availability Zones asked for (a defined VPC gets at most what the stack offers: three with env, two without). */
  readonly azCount: number;
  /** Imported VPCs: AZs as literal names or as Fn::Select over Fn::GetAZs. */
  readonly tokenAzs: boolean;
  readonly groups: number;
}

const layouts: fc.Arbitrary<Layout> = fc.record({
  env: fc.boolean(),
  defined: fc.boolean(),
  azCount: fc.integer({ min: 1, max: 6 }),
  tokenAzs: fc.boolean(),
  groups: fc.integer({ min: 1, max: 3 }),
});

interface Built {
  readonly stack: Stack;
  readonly vpc: ec2.IVpc;
  /** Every isolated subnet, with the index of its AZ and how a message shows that AZ. */
  readonly subnets: ReadonlyArray<{ readonly subnet: ec2.ISubnet; readonly az: number; readonly label: string }>;
}

const LITERAL_AZS = ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d', 'us-east-1e', 'us-east-1f'];

function build(layout: Layout): Built {
  const stack = layout.env ? envStack() : agnosticStack();
  const groupNames = Array.from({ length: layout.groups }, (_, g) => `group${g}`);
  if (layout.defined) {
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'),
      maxAzs: layout.azCount,
      natGateways: 0,
      subnetConfiguration: groupNames.map(name => ({ name, subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 })),
    });
    const azs = vpc.availabilityZones.length;
    // Subnets are listed group by group, one per AZ in order.
    return {
      stack,
      vpc,
      subnets: vpc.isolatedSubnets.map((subnet, i) => ({ subnet, az: i % azs, label: layout.env ? TEST_AZS[i % azs] : `AZ[${i % azs}]` })),
    };
  }
  const literal = layout.env || !layout.tokenAzs;
  const azs = Array.from({ length: layout.azCount }, (_, i) => (literal ? LITERAL_AZS[i] : Fn.select(i, Fn.getAzs())));
  const ids = groupNames.flatMap((_, g) => azs.map((__, a) => `subnet-0${g}${a}${'0'.repeat(14)}`));
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-0123456789abcdef0',
    vpcCidrBlock: '10.0.0.0/16',
    availabilityZones: azs,
    isolatedSubnetIds: ids,
    isolatedSubnetNames: groupNames,
  });
  return {
    stack,
    vpc,
    subnets: vpc.isolatedSubnets.map((subnet, i) => ({
      subnet, az: i % layout.azCount, label: literal ? LITERAL_AZS[i % layout.azCount] : `AZ[${i % layout.azCount}]`,
    })),
  };
}

/** A layout and a non-empty selection of its subnets (indexes into Built.subnets, in any order). */
const selections = layouts.chain(layout => {
  const total = (layout.defined ? Math.min(layout.azCount, layout.env ? 3 : 2) : layout.azCount) * layout.groups;
  return fc.tuple(fc.constant(layout), fc.uniqueArray(fc.nat(total - 1), { minLength: 1, maxLength: Math.min(total, 6) }));
});

function firstRepeat(azs: number[]): number | undefined {
  return azs.find((az, i) => azs.indexOf(az) !== i);
}

describe('placement rules over generated VPC layouts (fast-check)', () => {
  test.each([
    ['InterfaceEndpoint', (scope: Stack, vpc: ec2.IVpc, subnets: ec2.ISubnet[]) =>
      new InterfaceEndpoint(scope, 'Endpoint', { vpc, service: ec2.InterfaceVpcEndpointAwsService.KMS, subnets: { subnets } })],
    ['ResourceEndpoint', (scope: Stack, vpc: ec2.IVpc, subnets: ec2.ISubnet[]) =>
      new ResourceEndpoint(scope, 'Endpoint', {
        vpc,
        subnets: { subnets },
        privateDnsEnabled: false,
        resourceConfigurationArn: 'arn:aws:vpc-lattice:us-east-1:111111111111:resourceconfiguration/rcfg-0123456789abcdef0',
      })],
  ] as const)('%s takes a selection exactly when it has one subnet per AZ, and the template says so', (_name, create) => {
    fc.assert(fc.property(selections, ([layout, picks]) => {
      const { stack, vpc, subnets } = build(layout);
      const chosen = picks.map(i => subnets[i]);
      const repeat = firstRepeat(chosen.map(c => c.az));

      if (repeat === undefined) {
        // Accepted: the endpoint sits in exactly the chosen subnets.
        create(stack, vpc, chosen.map(c => c.subnet));
        const endpoint = Object.values(Template.fromStack(stack).findResources('AWS::EC2::VPCEndpoint'))[0] as any;
        expect(endpoint.Properties.SubnetIds).toEqual(chosen.map(c => stack.resolve(c.subnet.subnetId)));
      } else {
        // Rejected: the message names the prop and the AZ as the user reads it.
        const label = chosen.find(c => c.az === repeat)!.label;
        expect(errorMessageOf(() => create(stack, vpc, chosen.map(c => c.subnet))))
          .toMatch(new RegExp(`^subnets selects two subnets in Availability Zone '${label.replace(/[[\]]/g, '\\$&')}' `));
      }
    }), RUNS);
  });

  test('GatewayLoadBalancerEndpoint: a VPC takes one endpoint per AZ per service, whatever the order', () => {
    const services = ['com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0', 'com.amazonaws.vpce.us-east-1.vpce-svc-0fedcba9876543210'];
    const cases = layouts.chain(layout => {
      const total = (layout.defined ? Math.min(layout.azCount, layout.env ? 3 : 2) : layout.azCount) * layout.groups;
      const endpoint = fc.tuple(fc.nat(total - 1), fc.nat(services.length - 1));
      return fc.tuple(fc.constant(layout), fc.array(endpoint, { minLength: 1, maxLength: 5 }));
    });
    fc.assert(fc.property(cases, ([layout, endpoints]) => {
      const { stack, vpc, subnets } = build(layout);
      const placed = new Set<string>();
      endpoints.forEach(([subnetIndex, serviceIndex], n) => {
        const { subnet, az, label } = subnets[subnetIndex];
        const key = `${serviceIndex}|${az}`;
        const create = () => new GatewayLoadBalancerEndpoint(stack, `Endpoint${n}`, { vpc, serviceName: services[serviceIndex], subnets: { subnets: [subnet] } });
        if (placed.has(key)) {
          expect(errorMessageOf(create)).toMatch(new RegExp(
            `^subnets places a second endpoint for '${services[serviceIndex]}' in Availability Zone '${label.replace(/[[\]]/g, '\\$&')}'`));
        } else {
          create();
          placed.add(key);
        }
      });
      Template.fromStack(stack).resourceCountIs('AWS::EC2::VPCEndpoint', placed.size);
    }), RUNS);
  });
});
