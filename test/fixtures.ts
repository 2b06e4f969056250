/**
 * Shared fixtures for the construct tests: a concrete test environment, stacks built on `testApp()`,
 * an isolated test VPC and the acknowledgement of the VPC flow-log findings.
 *
 * Every helper takes the values a test asserts on (stack id, VPC CIDR, subnet size, number of
 * Availability Zones) as parameters, so a test keeps its exact inputs while sharing the set-up.
 */
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { acknowledge, testApp } from './harness';

/** The account of every environment-specific test stack. */
export const TEST_ACCOUNT = '111111111111';

/** The Region of every environment-specific test stack. */
export const TEST_REGION = 'us-east-1';

/** The Availability Zones the test context gives `TEST_ACCOUNT` in `TEST_REGION`. */
export const TEST_AZS: readonly string[] = ['us-east-1a', 'us-east-1b', 'us-east-1c'];

/** A concrete environment: `{ account: '111111111111', region: 'us-east-1' }`. */
export const TEST_ENV = { account: TEST_ACCOUNT, region: TEST_REGION };

/**
 * App context that answers the Availability Zone lookup of `TEST_ENV` with `TEST_AZS`,
 * so stacks in that environment need no lookup and get no dummy AZs.
 */
export const AZ_CONTEXT: Record<string, string[]> = {
  [`availability-zones:account=${TEST_ACCOUNT}:region=${TEST_REGION}`]: [...TEST_AZS],
};

/** The IPv4 CIDR of `isolatedVpc()` unless a test gives another one. */
export const TEST_VPC_CIDR = '10.0.0.0/16';

/** The reason `acknowledgeVpcFlowLogs()` gives unless a test gives another one. */
export const VPC_FLOW_LOGS_REASON = 'test VPC: flow logs are outside what this test covers';

/**
 * The findings a VPC without flow logs raises in the template-quality checks of `expectCleanSynth`,
 * as ids for `acknowledge()`.
 */
export const VPC_FLOW_LOG_FINDINGS: readonly string[] = [
  'AwsSolutions::AwsSolutions-VPC7',
  'NIST.800.53.R5::NIST.800.53.R5-VPCFlowLogsEnabled',
  'HIPAA.Security::HIPAA.Security-VPCFlowLogsEnabled',
];

/**
 * A stack with a concrete account, Region and three Availability Zones (`TEST_ENV`, `AZ_CONTEXT`):
 * no lookups and no dummy AZs. Its app comes from `testApp()`, so it can also go to `expectCleanSynth`.
 *
 * @param id the stack id, the first element of every construct path below it (default `'Stack'`)
 */
export function envStack(id = 'Stack'): Stack {
  return new Stack(testApp({ context: AZ_CONTEXT }), id, { env: TEST_ENV });
}

/**
 * An environment-agnostic stack on `testApp()`, for `expectCleanSynth`: no Availability Zone is
 * written into its template as a literal (a cfn-lint W3010 finding in a concrete environment).
 *
 * @param id the stack id, the first element of every construct path below it (default `'Stack'`)
 */
export function agnosticStack(id = 'Stack'): Stack {
  return new Stack(testApp(), id);
}

/** Props of `isolatedVpc()`: any `ec2.VpcProps`, plus shorthands for its CIDR and subnet size. */
export interface IsolatedVpcProps extends ec2.VpcProps {
  /** The IPv4 CIDR of the VPC; `ipAddresses`, when given, wins. @default TEST_VPC_CIDR */
  readonly cidr?: string;
  /** The size of each isolated subnet; `subnetConfiguration`, when given, wins. @default 24 */
  readonly cidrMask?: number;
}

/**
 * A VPC without NAT gateways whose only subnets are isolated (group `isolated`, one /24 in each
 * Availability Zone): `IpAddresses.cidr(TEST_VPC_CIDR)` unless `cidr` or `ipAddresses` says otherwise.
 * Every other prop (`maxAzs`, `ipProtocol`, `subnetConfiguration`, ...) is passed through and wins.
 *
 * @param scope the stack
 * @param props overrides, see `IsolatedVpcProps`
 * @param id the construct id of the VPC (default `'Vpc'`)
 */
export function isolatedVpc(scope: Stack, props: IsolatedVpcProps = {}, id = 'Vpc'): ec2.Vpc {
  const { cidr = TEST_VPC_CIDR, cidrMask = 24, ...vpcProps } = props;
  return new ec2.Vpc(scope, id, {
    ipAddresses: ec2.IpAddresses.cidr(cidr),
    natGateways: 0,
    subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask }],
    ...vpcProps,
  });
}

/**
 * Acknowledges, on a test VPC, the three flow-log findings of `VPC_FLOW_LOG_FINDINGS`: flow logs
 * are not what the construct tests check.
 *
 * @param vpc the VPC (or the construct that owns it)
 * @param reason why the findings are acceptable (default `VPC_FLOW_LOGS_REASON`)
 */
export function acknowledgeVpcFlowLogs(vpc: IConstruct, reason = VPC_FLOW_LOGS_REASON): void {
  for (const id of VPC_FLOW_LOG_FINDINGS) acknowledge(vpc, id, reason);
}

/**
 * The two kinds of stack a `fails …` test runs in: one with a concrete account, Region and AZs,
 * and one without `env` (what `cdk init` gives), where AZs, account and Region are tokens.
 * Use with `test.each(STACK_KINDS)('fails … (%s)', (_kind, newStack) => …)`.
 */
export const STACK_KINDS: ReadonlyArray<readonly [string, (id?: string) => Stack]> = [
  ['with env', envStack],
  ['environment-agnostic', agnosticStack],
];

/**
 * The message of the error `fn` throws (failing the test when it throws none), checked to carry no
 * raw token text such as `${Token[TOKEN.12]}`: messages must show values a user recognises.
 */
export function errorMessageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    const message = (e as Error).message;
    if (/\$\{Token\[|Token\[TOKEN\.\d+\]/.test(message)) throw new Error(`the message shows a raw token: ${message}`);
    return message;
  }
  throw new Error('expected an error, but none was thrown');
}

/** The Step Functions definition of a template's only state machine (the Provider framework's waiter), function ARNs as 'function-arn'. */
export function stateMachineDefinition(template: Template): any {
  const machines = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
  expect(machines).toHaveLength(1);
  const definition = (machines[0] as any).Properties.DefinitionString;
  const text = typeof definition === 'string' ? definition
    : definition['Fn::Join'][1].map((part: unknown) => typeof part === 'string' ? part : 'function-arn').join('');
  return JSON.parse(text);
}
