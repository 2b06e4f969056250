import { CfnResource, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import { ResolverAddressesIsCompleteFunction } from './resolver-addresses-is-complete-function';
import { ResolverAddressesOnEventFunction } from './resolver-addresses-on-event-function';

const INVOKE_OWN_VERSIONS = 'the Provider framework may invoke any version of the provider\'s own handler functions (<function arn>:*), nothing else';
const INLINE_POLICIES = 'each role\'s only policy: log writes to its own group, the Resolver read on named endpoints, '
  + 'and the invoke permissions the Provider framework adds; none is shared with other roles';
const LAMBDA_OUTSIDE_VPC = 'deploy-time handlers that call only the Route 53 Resolver API and CloudFormation; '
  + 'the VPC they serve may have no path to either';
const LAMBDA_SYNCHRONOUS = 'custom resource handlers are invoked synchronously by CloudFormation and the Provider framework: '
  + 'a dead-letter queue only receives asynchronous invocations';
const LAMBDA_CONCURRENCY = 'runs a few times per deployment; reserved concurrency would take from the account\'s unreserved pool '
  + 'and can fail deployments in accounts with a low limit';
const LOGS_UNENCRYPTED = 'handler logs hold Resolver endpoint ids and status counts only, no customer data; CloudWatch Logs '
  + 'encrypts them at rest, and a customer managed key per stack would outlive the helper';

/** Construct id of the one provider per stack, directly under the stack. */
const PROVIDER_ID = 'CdkPrivateLinkResolverAddressesProvider';

/** How often the waiter asks for the addresses, and for how long before it fails the deployment. */
export const RESOLVER_ADDRESSES_QUERY_INTERVAL = Duration.seconds(15);
export const RESOLVER_ADDRESSES_TOTAL_TIMEOUT = Duration.minutes(15);

/**
 * The custom resource provider that reads a Resolver endpoint's IP addresses back after create and
 * update (CloudFormation returns only their number). One per stack, shared by every construct of
 * the stack that needs it; each one grants the handler `ListResolverEndpointIpAddresses` on its
 * own endpoint's ARN and nothing else.
 *
 * Not part of the public API.
 */
export class ResolverAddressesProvider extends Construct {
  /** The stack's provider, created on first use. */
  public static of(scope: IConstruct): ResolverAddressesProvider {
    return ResolverAddressesProvider.existing(scope) ?? new ResolverAddressesProvider(Stack.of(scope), PROVIDER_ID);
  }

  /** The stack's provider, if one was created. */
  public static existing(scope: IConstruct): ResolverAddressesProvider | undefined {
    const found = Stack.of(scope).node.tryFindChild(PROVIDER_ID);
    return found instanceof ResolverAddressesProvider ? found : undefined;
  }

  public readonly provider: cr.Provider;
  /** The role of the handler that calls Route 53 Resolver. */
  public readonly readerRole: iam.Role;

  /** The functions the framework invokes (their versions too: IAM5 findings name them). */
  private readonly invokedFunctions: IConstruct[];
  private acknowledged = false;

  private constructor(scope: Construct, id: string) {
    super(scope, id);

    const onEventRole = handlerRole(this, 'OnEventRole', 'onEvent handler of the Resolver endpoint address read-back (no AWS API calls)');
    this.readerRole = handlerRole(this, 'IsCompleteRole',
      'isComplete handler of the Resolver endpoint address read-back: lists the addresses of named Resolver endpoints');

    const onEvent = new ResolverAddressesOnEventFunction(this, 'OnEvent', {
      description: 'cdk-privatelink: accepts Resolver endpoint address read-back requests',
      role: onEventRole,
      logGroup: handlerLogGroup(this, 'OnEventLogs', onEventRole),
      timeout: Duration.seconds(30),
      memorySize: 256,
    });
    const isComplete = new ResolverAddressesIsCompleteFunction(this, 'IsComplete', {
      description: 'cdk-privatelink: reads the IP addresses of a Route 53 Resolver endpoint once they are attached',
      role: this.readerRole,
      logGroup: handlerLogGroup(this, 'IsCompleteLogs', this.readerRole),
      timeout: Duration.seconds(60),
      memorySize: 256,
    });

    // The framework's functions get roles of their own too: log writes to one group, and the
    // invoke permissions the framework adds; no managed policy.
    const frameworkLogs = new logs.LogGroup(this, 'FrameworkLogs', { retention: logs.RetentionDays.ONE_YEAR });
    const frameworkOnEventRole = handlerRole(this, 'FrameworkOnEventRole', 'Provider framework onEvent function of the Resolver address read-back');
    const frameworkWaiterRole = handlerRole(this, 'FrameworkWaiterRole',
      'Provider framework isComplete and onTimeout functions of the Resolver address read-back');
    frameworkLogs.grantWrite(frameworkOnEventRole);
    frameworkLogs.grantWrite(frameworkWaiterRole);
    this.provider = new cr.Provider(this, 'Provider', {
      onEventHandler: onEvent,
      isCompleteHandler: isComplete,
      queryInterval: RESOLVER_ADDRESSES_QUERY_INTERVAL,
      totalTimeout: RESOLVER_ADDRESSES_TOTAL_TIMEOUT,
      logGroup: frameworkLogs,
      frameworkOnEventRole,
      frameworkCompleteAndTimeoutRole: frameworkWaiterRole,
    });

    this.invokedFunctions = [onEvent, isComplete, this.provider.node.findChild('framework-isComplete'),
      this.provider.node.findChild('framework-onTimeout')];
  }

  /**
   * Acknowledges, on this provider's subtree, the template-check findings that do not apply to a
   * deploy-time helper (PROVIDER_ACKNOWLEDGEMENTS). Never called implicitly: aws-cdk-lib matches an
   * acknowledgement by rule id across the whole app, so it would also hide the same findings on
   * the user's own resources. The user opts in.
   */
  public acknowledgeFindings(): void {
    if (this.acknowledged) return;
    this.acknowledged = true;
    const validations = Validations.of(this);
    for (const [id, reason] of Object.entries(PROVIDER_ACKNOWLEDGEMENTS)) validations.acknowledge({ id, reason });
    // cdk-nag names these findings after the resource they are about (the id takes no pack prefix:
    // aws-cdk-lib reserves '::' for one prefix, and the finding id has one of its own).
    const stack = Stack.of(this);
    for (const fn of this.invokedFunctions) {
      const logicalId = stack.getLogicalId(fn.node.defaultChild as CfnResource);
      validations.acknowledge({ id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`, reason: INVOKE_OWN_VERSIONS });
    }
  }

  /** Lets the read-back handler list the addresses of one Resolver endpoint. */
  public grantRead(resolverEndpointArn: string): void {
    this.readerRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['route53resolver:ListResolverEndpointIpAddresses'],
      resources: [resolverEndpointArn],
    }));
  }
}

function handlerRole(scope: Construct, id: string, description: string): iam.Role {
  return new iam.Role(scope, id, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), description });
}

/** A dedicated, retained log group the handler may write to (instead of the managed basic execution policy). */
function handlerLogGroup(scope: Construct, id: string, role: iam.Role): logs.LogGroup {
  const group = new logs.LogGroup(scope, id, { retention: logs.RetentionDays.ONE_YEAR });
  group.grantWrite(role);
  return group;
}

/**
 * What template checks (cdk-nag, the Control Tower rules, cfn-lint) report on the provider, with
 * why each finding does not apply to a deploy-time helper: the handlers, the Provider framework's
 * functions, roles and waiter state machine. Applied only by `acknowledgeFindings()`.
 */
const PROVIDER_ACKNOWLEDGEMENTS: Record<string, string> = {
  'AwsSolutions::AwsSolutions-SF1': 'the Provider framework\'s waiter state machine only polls the isComplete handler; the handlers log to their own groups',
  'AwsSolutions::AwsSolutions-SF2': 'the Provider framework offers no X-Ray tracing for its waiter state machine; it runs only during deployments',
  'cdk-validator-cfnguard::step_functions_state_machine_logging_enabled_check':
    'the Provider framework\'s waiter state machine only polls the isComplete handler; the handlers log to their own groups',
  'cdk-validator-cfnguard::step_functions_state_machine_tracing_enabled_check':
    'the Provider framework offers no X-Ray tracing for its waiter state machine; it runs only during deployments',
  'cdk-validator-cfnguard::lambda_inside_vpc_check': LAMBDA_OUTSIDE_VPC,
  'NIST.800.53.R5::NIST.800.53.R5-LambdaInsideVPC': LAMBDA_OUTSIDE_VPC,
  'HIPAA.Security::HIPAA.Security-LambdaInsideVPC': LAMBDA_OUTSIDE_VPC,
  'NIST.800.53.R5::NIST.800.53.R5-LambdaDLQ': LAMBDA_SYNCHRONOUS,
  'HIPAA.Security::HIPAA.Security-LambdaDLQ': LAMBDA_SYNCHRONOUS,
  'NIST.800.53.R5::NIST.800.53.R5-LambdaConcurrency': LAMBDA_CONCURRENCY,
  'HIPAA.Security::HIPAA.Security-LambdaConcurrency': LAMBDA_CONCURRENCY,
  'cdk-validator-cfnguard::cloudwatch_log_group_encrypted_check': LOGS_UNENCRYPTED,
  'NIST.800.53.R5::NIST.800.53.R5-CloudWatchLogGroupEncrypted': LOGS_UNENCRYPTED,
  'HIPAA.Security::HIPAA.Security-CloudWatchLogGroupEncrypted': LOGS_UNENCRYPTED,
  'NIST.800.53.R5::NIST.800.53.R5-IAMNoInlinePolicy': INLINE_POLICIES,
  'HIPAA.Security::HIPAA.Security-IAMNoInlinePolicy': INLINE_POLICIES,
  'cfn-lint::W3005': 'aws-cdk-lib lists a function\'s role in DependsOn next to the GetAtt of its ARN; the duplicate order is harmless',
};
