import { Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { endpointPolicyProblems } from '../private/endpoint-policy-rules';
import { isArnLike, resourceTypesOf } from '../private/tokens';

/**
 * The kind of VPC endpoint an endpoint policy is checked for.
 *
 * Gateway endpoints accept fewer principal forms than interface endpoints, so the same policy can be
 * valid for one and invalid for the other.
 */
export enum EndpointPolicyTarget {
  /** An interface endpoint (AWS PrivateLink). */
  INTERFACE = 'Interface',
  /** A gateway endpoint (Amazon S3 or DynamoDB). */
  GATEWAY = 'Gateway',
}

/**
 * What a statement made by `EndpointPolicy.allowAccounts()` or `EndpointPolicy.allowPrincipalArns()` allows.
 */
export interface EndpointPolicyStatementOptions {
  /**
   * The actions to allow, such as `kms:Decrypt`.
   *
   * @default ['*'] - every action of the service behind the endpoint
   */
  readonly actions?: string[];

  /**
   * The resources the actions may be used on.
   *
   * @default ['*'] - every resource reachable through the endpoint
   */
  readonly resources?: string[];
}

/**
 * An endpoint policy: the resource-based policy attached to a VPC endpoint that decides which principals can use
 * the endpoint, and for what.
 *
 * An endpoint policy never grants access by itself; identity and resource policies still apply. Use `validate()`
 * to check the policy against the rules AWS applies to endpoint policies before deployment.
 *
 * @see https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html
 *
 * @example
 * const policy = privatelink.EndpointPolicy.allowAccounts(['111111111111'], { actions: ['kms:Decrypt'] });
 * policy.addStatements(new iam.PolicyStatement({
 *   principals: [new iam.StarPrincipal()],
 *   actions: ['kms:DescribeKey'],
 *   resources: ['*'],
 *   conditions: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
 * }));
 */
export class EndpointPolicy {
  /**
   * Creates an endpoint policy from IAM statements.
   *
   * Every statement needs a principal. For gateway endpoints, use `new iam.StarPrincipal()` and narrow
   * access with conditions.
   */
  public static fromStatements(statements: iam.PolicyStatement[]): EndpointPolicy {
    return new EndpointPolicy(new iam.PolicyDocument({ statements }));
  }

  /**
   * Wraps an existing IAM policy document.
   *
   * The document is used as is: statements added later through either object appear in both.
   */
  public static fromDocument(document: iam.PolicyDocument): EndpointPolicy {
    return new EndpointPolicy(document);
  }

  /**
   * Creates a policy that lets only principals from the given AWS accounts use the endpoint.
   *
   * The statement uses the principal `*` and matches the caller's account with the `aws:PrincipalAccount`
   * condition key, so the policy is valid for both interface and gateway endpoints.
   *
   * @param accounts 12-digit AWS account ids; at least one
   * @param options the actions and resources to allow
   */
  public static allowAccounts(accounts: string[], options: EndpointPolicyStatementOptions = {}): EndpointPolicy {
    if (accounts.length === 0) {
      throw new Error('allowAccounts needs at least one account id; pass the 12-digit ids of the accounts that may use the endpoint');
    }
    for (const account of accounts) {
      if (!Token.isUnresolved(account) && !/^\d{12}$/.test(account)) {
        throw new Error(`allowAccounts accounts must be 12-digit account ids, got '${account}'; pass the account number, not an alias, ARN or wildcard`);
      }
    }
    return EndpointPolicy.fromStatements([new iam.PolicyStatement({
      effect: iam.Effect.ALLOW,
      principals: [new iam.StarPrincipal()],
      actions: listOption(options.actions, 'allowAccounts', 'actions'),
      resources: listOption(options.resources, 'allowAccounts', 'resources'),
      conditions: { StringEquals: { 'aws:PrincipalAccount': accounts } },
    })]);
  }

  /**
   * Creates a policy that lets only the given IAM principals use the endpoint.
   *
   * The statement uses the principal `*` and matches the caller with the `aws:PrincipalArn` condition key,
   * which is the form gateway endpoints require. The operator is `ArnEquals`, or `ArnLike` when an ARN
   * contains a wildcard.
   *
   * @param principalArns ARNs of roles, users or account roots; at least one
   * @param options the actions and resources to allow
   */
  public static allowPrincipalArns(principalArns: string[], options: EndpointPolicyStatementOptions = {}): EndpointPolicy {
    if (principalArns.length === 0) {
      throw new Error('allowPrincipalArns needs at least one principal ARN; pass the ARNs of the roles or users that may use the endpoint');
    }
    for (const arn of principalArns) {
      if (!isArnLike(arn)) {
        throw new Error(`allowPrincipalArns principalArns must be ARNs, got '${arn}'; pass ARNs such as 'arn:aws:iam::111111111111:role/app'`);
      }
    }
    const operator = principalArns.some(arn => !Token.isUnresolved(arn) && /[*?]/.test(arn)) ? 'ArnLike' : 'ArnEquals';
    return EndpointPolicy.fromStatements([new iam.PolicyStatement({
      effect: iam.Effect.ALLOW,
      principals: [new iam.StarPrincipal()],
      actions: listOption(options.actions, 'allowPrincipalArns', 'actions'),
      resources: listOption(options.resources, 'allowPrincipalArns', 'resources'),
      conditions: { [operator]: { 'aws:PrincipalArn': principalArns } },
    })]);
  }

  /**
   * The IAM policy document, for the `policyDocument` of a VPC endpoint.
   */
  public readonly document: iam.PolicyDocument;

  private constructor(document: iam.PolicyDocument) {
    this.document = document;
  }

  /**
   * Copies of the statements in the policy, in document order.
   *
   * Changing a returned statement does not change the policy; use `addStatements()` instead.
   */
  public get statements(): iam.PolicyStatement[] {
    const json = this.document.toJSON();
    return (json?.Statement ?? []).map((statement: any) => iam.PolicyStatement.fromJson(statement));
  }

  /**
   * Adds statements to the policy.
   */
  public addStatements(...statements: iam.PolicyStatement[]): void {
    this.document.addStatements(...statements);
  }

  /**
   * Checks the policy against the rules AWS applies to endpoint policies.
   *
   * The rules: every statement has a `Principal`; for gateway endpoints that principal is `*`; the policy is at
   * most 20,480 characters; condition keys holding system-generated identifiers (such as `aws:SourceVpce`) are
   * matched without wildcards or numeric operators; each wildcard in a string condition value has at least six
   * non-wildcard characters right before or after it; and the account part of an ARN in a `Resource` or condition
   * value is an account id or a wildcard, not a mix of both.
   *
   * Tokens are resolved in the stack of `scope`. A value that stays an unresolved intrinsic (such as `Ref` or
   * `Fn::ImportValue`) is not checked. The size is that of the compact JSON; while the policy holds intrinsics it
   * is an upper bound, with each pseudo parameter and each reference to a resource of a known type counted at its
   * longest value, and it is not checked when an intrinsic cannot be bounded (a parameter or an import).
   * Two checks do not depend on such values: a numeric operator on a system-generated key is always reported,
   * and a gateway principal is reported when its literal text (as in `iam.AccountPrincipal`) shows it is not `*`.
   *
   * @param scope a construct in the stack the policy is deployed in
   * @param target the kind of endpoint the policy is for
   * @returns one message per problem; empty when the policy is valid
   */
  public validate(scope: IConstruct, target: EndpointPolicyTarget): string[] {
    // Resolve a copy: resolving the document itself would freeze the caller's statements.
    // The copy follows the app's policy-minimization flag, as the original does by default.
    const copy = new iam.PolicyDocument({ statements: this.statements });
    return endpointPolicyProblems(Stack.of(scope).resolve(copy), target === EndpointPolicyTarget.GATEWAY, resourceTypesOf(scope));
  }
}

function listOption(values: string[] | undefined, method: string, name: string): string[] {
  if (values === undefined) return ['*'];
  if (values.length === 0) {
    throw new Error(`${method} ${name} cannot be an empty list; leave it out to allow all ${name} ('*')`);
  }
  return values;
}

