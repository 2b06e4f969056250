import { CfnResource, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';

/** What a provider's handlers are: made by the projen-generated `*-function.ts` classes. */
export type HandlerFactory = (scope: Construct, id: string, props: lambda.FunctionOptions) => lambda.Function;

/** How a `HandlerProvider` is built. */
export interface HandlerProviderOptions {
  /** Creates the onEvent handler. */
  readonly onEvent: HandlerFactory;
  /** Creates the isComplete handler. */
  readonly isComplete: HandlerFactory;
  /** What the custom resource does, for the framework roles' descriptions, e.g. `Resolver address read-back`. */
  readonly purpose: string;
  readonly onEventDescription: string;
  /** Describes the onEvent role. */
  readonly onEventRoleDescription: string;
  readonly isCompleteDescription: string;
  /** Describes the isComplete role's one job (it holds the API permissions). */
  readonly isCompleteRoleDescription: string;
  readonly queryInterval: Duration;
  readonly totalTimeout: Duration;
  /** The API the handlers call, for the acknowledgement reasons: `the Route 53 Resolver API`. */
  readonly api: string;
  /** What the handler logs hold, for the log encryption acknowledgement: `Resolver endpoint ids and status counts`. */
  readonly logContents: string;
  /** The isComplete role's API permissions in a few words, for the inline policy acknowledgement: `the Resolver read on named endpoints`. */
  readonly grantSummary: string;
  /**
   * More acknowledgements, by finding id, for what the isComplete role needs and checks flag.
   *
   * @default - none
   */
  readonly extraAcknowledgements?: Record<string, string>;
}

/**
 * The deploy-time custom resource provider shape this library uses: aws-cdk-lib's Provider framework
 * with an onEvent and an isComplete handler (TypeScript, bundled at build time), a role of its own
 * for every function with no managed policy, and a retained log group per handler.
 *
 * Subclasses are one per stack and give the isComplete role the API permissions it needs, scoped
 * to the resources touched.
 */
export abstract class HandlerProvider extends Construct {
  public readonly provider: cr.Provider;
  /** The role of the isComplete handler, the one that calls AWS. */
  public readonly isCompleteRole: iam.Role;

  /** The functions the framework invokes (their versions too: IAM5 findings name them). */
  private readonly invokedFunctions: IConstruct[];
  private readonly acknowledgements: Record<string, string>;
  private acknowledged = false;

  protected constructor(scope: Construct, id: string, options: HandlerProviderOptions) {
    super(scope, id);

    const onEventRole = handlerRole(this, 'OnEventRole', options.onEventRoleDescription);
    this.isCompleteRole = handlerRole(this, 'IsCompleteRole', options.isCompleteRoleDescription);

    const onEvent = options.onEvent(this, 'OnEvent', {
      description: options.onEventDescription,
      role: onEventRole,
      logGroup: handlerLogGroup(this, 'OnEventLogs', onEventRole),
      timeout: Duration.seconds(30),
      memorySize: 256,
    });
    const isComplete = options.isComplete(this, 'IsComplete', {
      description: options.isCompleteDescription,
      role: this.isCompleteRole,
      logGroup: handlerLogGroup(this, 'IsCompleteLogs', this.isCompleteRole),
      timeout: Duration.seconds(60),
      memorySize: 256,
    });

    // The framework's functions get roles of their own too: log writes to one group, and the
    // invoke permissions the framework adds; no managed policy.
    const frameworkLogs = new logs.LogGroup(this, 'FrameworkLogs', { retention: logs.RetentionDays.ONE_YEAR });
    const frameworkOnEventRole = handlerRole(this, 'FrameworkOnEventRole', `Provider framework onEvent function of the ${options.purpose}`);
    const frameworkWaiterRole = handlerRole(this, 'FrameworkWaiterRole',
      `Provider framework isComplete and onTimeout functions of the ${options.purpose}`);
    frameworkLogs.grantWrite(frameworkOnEventRole);
    frameworkLogs.grantWrite(frameworkWaiterRole);
    this.provider = new cr.Provider(this, 'Provider', {
      onEventHandler: onEvent,
      isCompleteHandler: isComplete,
      queryInterval: options.queryInterval,
      totalTimeout: options.totalTimeout,
      logGroup: frameworkLogs,
      frameworkOnEventRole,
      frameworkCompleteAndTimeoutRole: frameworkWaiterRole,
    });

    this.invokedFunctions = [onEvent, isComplete, this.provider.node.findChild('framework-isComplete'),
      this.provider.node.findChild('framework-onTimeout')];
    this.acknowledgements = { ...providerAcknowledgements(options), ...options.extraAcknowledgements };
  }

  /**
   * Acknowledges, on this provider's subtree, the template-check findings that do not apply to a
   * deploy-time helper. Never called implicitly: aws-cdk-lib matches an acknowledgement by rule id
   * across the whole app, so it would also hide the same findings on the user's own resources.
   */
  public acknowledgeFindings(): void {
    if (this.acknowledged) return;
    this.acknowledged = true;
    const validations = Validations.of(this);
    for (const [id, reason] of Object.entries(this.acknowledgements)) validations.acknowledge({ id, reason });
    // cdk-nag names these findings after the resource they are about (the id takes no pack prefix:
    // aws-cdk-lib reserves '::' for one prefix, and the finding id has one of its own).
    const stack = Stack.of(this);
    for (const fn of this.invokedFunctions) {
      const logicalId = stack.getLogicalId(fn.node.defaultChild as CfnResource);
      validations.acknowledge({ id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`, reason: INVOKE_OWN_VERSIONS });
    }
  }
}

const INVOKE_OWN_VERSIONS = 'the Provider framework may invoke any version of the provider\'s own handler functions (<function arn>:*), nothing else';

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
 * What template checks (cdk-nag, the Control Tower rules, cfn-lint) report on a provider, with
 * why each finding does not apply to a deploy-time helper: the handlers, the Provider framework's
 * functions, roles and waiter state machine.
 */
function providerAcknowledgements({ api, logContents, grantSummary }: HandlerProviderOptions): Record<string, string> {
  const inlinePolicies = `each role's only policy: log writes to its own group, ${grantSummary}, `
    + 'and the invoke permissions the Provider framework adds; none is shared with other roles';
  const outsideVpc = `deploy-time handlers that call only ${api} and CloudFormation; the VPC they serve may have no path to either`;
  const synchronous = 'custom resource handlers are invoked synchronously by CloudFormation and the Provider framework: '
    + 'a dead-letter queue only receives asynchronous invocations';
  const concurrency = 'runs a few times per deployment; reserved concurrency would take from the account\'s unreserved pool '
    + 'and can fail deployments in accounts with a low limit';
  const unencrypted = `handler logs hold ${logContents} only, no customer data; CloudWatch Logs `
    + 'encrypts them at rest, and a customer managed key per stack would outlive the helper';
  const noLogging = 'the Provider framework\'s waiter state machine only polls the isComplete handler; the handlers log to their own groups';
  const noTracing = 'the Provider framework offers no X-Ray tracing for its waiter state machine; it runs only during deployments';
  return {
    'AwsSolutions::AwsSolutions-SF1': noLogging,
    'AwsSolutions::AwsSolutions-SF2': noTracing,
    'cdk-validator-cfnguard::step_functions_state_machine_logging_enabled_check': noLogging,
    'cdk-validator-cfnguard::step_functions_state_machine_tracing_enabled_check': noTracing,
    'cdk-validator-cfnguard::lambda_inside_vpc_check': outsideVpc,
    'NIST.800.53.R5::NIST.800.53.R5-LambdaInsideVPC': outsideVpc,
    'HIPAA.Security::HIPAA.Security-LambdaInsideVPC': outsideVpc,
    'NIST.800.53.R5::NIST.800.53.R5-LambdaDLQ': synchronous,
    'HIPAA.Security::HIPAA.Security-LambdaDLQ': synchronous,
    'NIST.800.53.R5::NIST.800.53.R5-LambdaConcurrency': concurrency,
    'HIPAA.Security::HIPAA.Security-LambdaConcurrency': concurrency,
    'cdk-validator-cfnguard::cloudwatch_log_group_encrypted_check': unencrypted,
    'NIST.800.53.R5::NIST.800.53.R5-CloudWatchLogGroupEncrypted': unencrypted,
    'HIPAA.Security::HIPAA.Security-CloudWatchLogGroupEncrypted': unencrypted,
    'NIST.800.53.R5::NIST.800.53.R5-IAMNoInlinePolicy': inlinePolicies,
    'HIPAA.Security::HIPAA.Security-IAMNoInlinePolicy': inlinePolicies,
    'cfn-lint::W3005': 'aws-cdk-lib lists a function\'s role in DependsOn next to the GetAtt of its ARN; the duplicate order is harmless',
  };
}
