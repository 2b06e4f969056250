// @cloud-copilot/iam-simulate is AGPL: it is a test-only dev dependency and must never be imported from src/.
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { App, Aws, Fn, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { EndpointPolicy, EndpointPolicyTarget } from '../../src/endpoints/endpoint-policy';
import { STACK_KINDS } from '../fixtures';

const ROLE_APP = 'arn:aws:iam::111111111111:role/app';
const KMS_KEY = 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const S3_OBJECT = 'arn:aws:s3:::example-bucket/reports/2026.csv';

function newStack(): Stack {
  return new Stack(new App(), 'S');
}

function statement(props: iam.PolicyStatementProps): iam.PolicyStatement {
  return new iam.PolicyStatement({ principals: [new iam.StarPrincipal()], actions: ['s3:GetObject'], resources: ['*'], ...props });
}

function problemsOf(statements: iam.PolicyStatement[], target = EndpointPolicyTarget.INTERFACE, stack = newStack()): string[] {
  return EndpointPolicy.fromStatements(statements).validate(stack, target);
}

/**
 * Evaluates one request offline with iam-simulate and returns the overall decision.
 *
 * The policy is passed as a VPC endpoint policy (`vpcEndpointPolicies`), which iam-simulate evaluates like AWS does:
 * the request must be allowed by the endpoint policy as well as by the principal's and the resource's policies.
 * Identity and resource policies here allow everything, so the decision is the endpoint policy's alone.
 * iam-simulate does not derive context keys from the principal, so aws:PrincipalArn and aws:PrincipalAccount are
 * set here as AWS would set them.
 */
async function simulate(policy: any, principalArn: string, action: string, resource: string): Promise<string> {
  const allowAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
  const principalAccount = principalArn.split(':')[4];
  const response = await runSimulation({
    request: {
      principal: principalArn,
      action,
      resource: { resource, accountId: '111111111111' },
      contextVariables: { 'aws:PrincipalArn': principalArn, 'aws:PrincipalAccount': principalAccount },
    },
    identityPolicies: [{ name: 'allow-all', policy: allowAll }],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: { Version: '2012-10-17', Statement: [{ ...allowAll.Statement[0], Principal: { AWS: '*' } }] },
    vpcEndpointPolicies: policy === undefined ? undefined : [{ name: 'endpoint', policy }],
  }, {});
  if (response.resultType !== 'single') {
    throw new Error(`simulation did not run: ${JSON.stringify(response)}`);
  }
  return response.overallResult;
}

/** Fails the test when a problem shows raw token text such as `${Token[TOKEN.12]}`: problems must show values a user recognises. */
function expectNoRawTokens(problems: string[]): void {
  for (const problem of problems) expect(problem).not.toMatch(/\$\{Token\[|Token\[TOKEN\.\d+\]/);
}

function resolved(policy: EndpointPolicy): any {
  return newStack().resolve(policy.document);
}

describe('EndpointPolicy.allowAccounts', () => {
  test('renders Principal * narrowed by aws:PrincipalAccount', () => {
    // WHEN
    const policy = EndpointPolicy.allowAccounts(['111111111111', '333333333333'], { actions: ['kms:Decrypt'], resources: [KMS_KEY] });

    // THEN
    expect(resolved(policy)).toEqual({
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow',
        Principal: '*',
        Action: 'kms:Decrypt',
        Resource: KMS_KEY,
        Condition: { StringEquals: { 'aws:PrincipalAccount': ['111111111111', '333333333333'] } },
      }],
    });
  });

  test('allows every action on every resource by default', () => {
    // WHEN
    const policy = EndpointPolicy.allowAccounts(['111111111111']);

    // THEN
    expect(resolved(policy).Statement[0]).toMatchObject({ Action: '*', Resource: '*' });
  });

  test('accepts a token account id', () => {
    // WHEN
    const policy = EndpointPolicy.allowAccounts([Aws.ACCOUNT_ID]);

    // THEN
    expect(resolved(policy).Statement[0].Condition).toEqual({ StringEquals: { 'aws:PrincipalAccount': [{ Ref: 'AWS::AccountId' }] } });
  });

  test('fails with an account id that is not 12 digits', () => {
    // Single: allowAccounts checks its arguments before any stack exists, so there is no stack kind to vary.
    expect(() => EndpointPolicy.allowAccounts(['111111111111', '1234'])).toThrow(
      "allowAccounts accounts must be 12-digit account ids, got '1234'; pass the account number, not an alias, ARN or wildcard");
  });

  test('fails with a wildcard account', () => {
    // Single: allowAccounts checks its arguments before any stack exists, so there is no stack kind to vary.
    expect(() => EndpointPolicy.allowAccounts(['*'])).toThrow(/12-digit account ids, got '\*'/);
  });

  test('fails with no accounts', () => {
    // Single: allowAccounts checks its arguments before any stack exists, so there is no stack kind to vary.
    expect(() => EndpointPolicy.allowAccounts([])).toThrow(/allowAccounts needs at least one account id/);
  });

  test('fails with an empty actions list', () => {
    // Single: allowAccounts checks its arguments before any stack exists, so there is no stack kind to vary.
    expect(() => EndpointPolicy.allowAccounts(['111111111111'], { actions: [] }))
      .toThrow("allowAccounts actions cannot be an empty list; leave it out to allow all actions ('*')");
  });

  test('is valid for interface and gateway endpoints', () => {
    // GIVEN
    const policy = EndpointPolicy.allowAccounts(['111111111111'], { actions: ['kms:Decrypt'] });

    // THEN
    expect(policy.validate(newStack(), EndpointPolicyTarget.INTERFACE)).toEqual([]);
    expect(policy.validate(newStack(), EndpointPolicyTarget.GATEWAY)).toEqual([]);
  });

  test('lets the listed account use the allowed action and nothing else (iam-simulate)', async () => {
    // GIVEN
    const policy = resolved(EndpointPolicy.allowAccounts(['111111111111'], { actions: ['kms:Decrypt'] }));

    // THEN
    expect(await simulate(policy, ROLE_APP, 'kms:Decrypt', KMS_KEY)).toBe('Allowed');
    expect(await simulate(policy, 'arn:aws:iam::222222222222:role/app', 'kms:Decrypt', KMS_KEY)).toBe('ImplicitlyDenied');
    expect(await simulate(policy, ROLE_APP, 'kms:Encrypt', KMS_KEY)).toBe('ImplicitlyDenied');
  });
});

describe('EndpointPolicy.allowPrincipalArns', () => {
  test('renders Principal * narrowed by ArnEquals aws:PrincipalArn', () => {
    // WHEN
    const policy = EndpointPolicy.allowPrincipalArns([ROLE_APP], { actions: ['s3:GetObject'], resources: ['arn:aws:s3:::example-bucket/*'] });

    // THEN
    expect(resolved(policy)).toEqual({
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::example-bucket/*',
        Condition: { ArnEquals: { 'aws:PrincipalArn': [ROLE_APP] } },
      }],
    });
  });

  test('uses ArnLike when an ARN has a wildcard', () => {
    // WHEN
    const policy = EndpointPolicy.allowPrincipalArns(['arn:aws:iam::111111111111:role/reporting-*']);

    // THEN
    expect(resolved(policy).Statement[0].Condition).toEqual({ ArnLike: { 'aws:PrincipalArn': ['arn:aws:iam::111111111111:role/reporting-*'] } });
  });

  test('accepts a token ARN', () => {
    // GIVEN
    const stack = newStack();
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });

    // WHEN
    const policy = EndpointPolicy.allowPrincipalArns([role.roleArn]);

    // THEN
    expect(stack.resolve(policy.document).Statement[0].Condition).toEqual({
      ArnEquals: { 'aws:PrincipalArn': [{ 'Fn::GetAtt': ['Role1ABCC5F0', 'Arn'] }] },
    });
    expect(policy.validate(stack, EndpointPolicyTarget.GATEWAY)).toEqual([]);
  });

  test('fails with a value that is not an ARN', () => {
    // Single: allowPrincipalArns checks its arguments before any stack exists, so there is no stack kind to vary.
    expect(() => EndpointPolicy.allowPrincipalArns(['app-role'])).toThrow(
      "allowPrincipalArns principalArns must be ARNs, got 'app-role'; pass ARNs such as 'arn:aws:iam::111111111111:role/app'");
  });

  test('fails with no ARNs', () => {
    // Single: allowPrincipalArns checks its arguments before any stack exists, so there is no stack kind to vary.
    expect(() => EndpointPolicy.allowPrincipalArns([])).toThrow(/allowPrincipalArns needs at least one principal ARN/);
  });

  test('fails with an empty resources list', () => {
    // Single: allowPrincipalArns checks its arguments before any stack exists, so there is no stack kind to vary.
    expect(() => EndpointPolicy.allowPrincipalArns([ROLE_APP], { resources: [] })).toThrow(/allowPrincipalArns resources cannot be an empty list/);
  });

  test('is valid for gateway endpoints', () => {
    expect(EndpointPolicy.allowPrincipalArns([ROLE_APP]).validate(newStack(), EndpointPolicyTarget.GATEWAY)).toEqual([]);
  });

  test('lets only the listed role use the endpoint (iam-simulate)', async () => {
    // GIVEN
    const policy = resolved(EndpointPolicy.allowPrincipalArns([ROLE_APP], { actions: ['s3:GetObject'] }));

    // THEN
    expect(await simulate(policy, ROLE_APP, 's3:GetObject', S3_OBJECT)).toBe('Allowed');
    expect(await simulate(policy, 'arn:aws:iam::111111111111:role/other', 's3:GetObject', S3_OBJECT)).toBe('ImplicitlyDenied');
    expect(await simulate(policy, ROLE_APP, 's3:PutObject', S3_OBJECT)).toBe('ImplicitlyDenied');
  });

  test('lets roles matching a wildcard ARN use the endpoint (iam-simulate)', async () => {
    // GIVEN
    const policy = resolved(EndpointPolicy.allowPrincipalArns(['arn:aws:iam::111111111111:role/reporting-*']));

    // THEN
    expect(await simulate(policy, 'arn:aws:iam::111111111111:role/reporting-daily', 's3:GetObject', S3_OBJECT)).toBe('Allowed');
    expect(await simulate(policy, ROLE_APP, 's3:GetObject', S3_OBJECT)).toBe('ImplicitlyDenied');
  });

  test('the simulation allows the denied requests when there is no endpoint policy (iam-simulate control)', async () => {
    // Proves the denials above come from the endpoint policy, not from the rest of the simulated setup.
    expect(await simulate(undefined, 'arn:aws:iam::222222222222:role/app', 'kms:Encrypt', KMS_KEY)).toBe('Allowed');
    expect(await simulate(undefined, 'arn:aws:iam::111111111111:role/other', 's3:PutObject', S3_OBJECT)).toBe('Allowed');
  });
});

describe('EndpointPolicy statements', () => {
  test('fromDocument wraps the given document', () => {
    // GIVEN
    const document = new iam.PolicyDocument({ statements: [statement({})] });

    // WHEN
    const policy = EndpointPolicy.fromDocument(document);
    policy.addStatements(statement({ actions: ['s3:PutObject'] }));

    // THEN
    expect(policy.document).toBe(document);
    expect(document.statementCount).toBe(2);
    expect(policy.statements.map(s => s.actions)).toEqual([['s3:GetObject'], ['s3:PutObject']]);
  });

  test('statements returns copies', () => {
    // GIVEN
    const policy = EndpointPolicy.fromStatements([statement({})]);

    // WHEN
    policy.statements[0].addActions('s3:DeleteObject');

    // THEN
    expect(resolved(policy).Statement[0].Action).toBe('s3:GetObject');
  });

  test('validate leaves the caller\'s statements editable', () => {
    // GIVEN
    const s = statement({});
    const policy = EndpointPolicy.fromStatements([s]);

    // WHEN
    policy.validate(newStack(), EndpointPolicyTarget.INTERFACE);
    s.addActions('s3:ListBucket');

    // THEN
    expect(resolved(policy).Statement[0].Action).toEqual(['s3:GetObject', 's3:ListBucket']);
  });
});

describe('EndpointPolicy.validate', () => {
  test('accepts a policy that follows every rule', () => {
    // GIVEN
    const statements = [
      statement({ conditions: { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d5e6f7a8b9' } } }),
      statement({ conditions: { StringLike: { 'aws:PrincipalTag/team': 'reporting*', 's3:prefix': '*-exports' } } }),
      statement({ resources: ['arn:aws:s3:::example-bucket/*', 'arn:aws:kms:*:*:key/*', KMS_KEY] }),
      statement({ conditions: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/reporting' } } }),
    ];

    // THEN
    expect(problemsOf(statements, EndpointPolicyTarget.GATEWAY)).toEqual([]);
  });

  test('accepts a specific principal for interface endpoints', () => {
    expect(problemsOf([statement({ principals: [new iam.ArnPrincipal(ROLE_APP)] })])).toEqual([]);
  });

  test('accepts AnyPrincipal, rendered {"AWS":"*"}, for gateway endpoints', () => {
    expect(problemsOf([statement({ principals: [new iam.AnyPrincipal()] })], EndpointPolicyTarget.GATEWAY)).toEqual([]);
  });

  test.each(STACK_KINDS)('fails when a statement has no Principal (%s)', (_kind, stackOfKind) => {
    // GIVEN
    const statements = [statement({}), new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] })];

    // WHEN
    const problems = problemsOf(statements, EndpointPolicyTarget.INTERFACE, stackOfKind('S'));

    // THEN
    expect(problems).toEqual([
      "endpoint policy statement 2 has no Principal; endpoint policies need a Principal in every statement (use '*' and narrow with conditions)",
    ]);
    expectNoRawTokens(problems);
  });

  test.each(STACK_KINDS)('fails when a gateway endpoint policy names a principal (%s)', (_kind, stackOfKind) => {
    // GIVEN
    const stack = stackOfKind('S');
    const statements = [statement({ principals: [new iam.ArnPrincipal('arn:aws:iam::111111111111:root')] })];

    // WHEN
    const problems = problemsOf(statements, EndpointPolicyTarget.GATEWAY, stack);

    // THEN
    expect(problems).toEqual([
      'gateway endpoint policy statement 1 has Principal {"AWS":"arn:aws:iam::111111111111:root"}; '
      + "gateway endpoints only accept '*', narrow with the aws:PrincipalArn condition key",
    ]);
    expectNoRawTokens(problems);
    expect(problemsOf(statements, EndpointPolicyTarget.INTERFACE, stack)).toEqual([]);
  });

  test.each(STACK_KINDS)('fails when a gateway endpoint policy names a principal whose ARN holds a token (%s)', (_kind, stackOfKind) => {
    // GIVEN
    const statements = [statement({ principals: [new iam.AccountPrincipal('111111111111')] })];

    // WHEN
    const problems = problemsOf(statements, EndpointPolicyTarget.GATEWAY, stackOfKind('S'));

    // THEN
    expect(problems).toEqual([
      expect.stringMatching(/^gateway endpoint policy statement 1 has Principal \{"AWS":\{"Fn::Join":.*:iam::111111111111:root.*only accept '\*'/),
    ]);
    expectNoRawTokens(problems);
  });

  test.each(STACK_KINDS)('fails with a numeric operator on a system-generated condition key even when the value is a token (%s)', (_kind, stackOfKind) => {
    // GIVEN
    const statements = [statement({ conditions: { NumericLessThan: { 'aws:SourceAccount': Fn.importValue('AccountNumber') } } })];

    // WHEN
    const problems = problemsOf(statements, EndpointPolicyTarget.INTERFACE, stackOfKind('S'));

    // THEN
    expect(problems).toEqual([expect.stringMatching(/condition key aws:SourceAccount cannot be used with numeric operator NumericLessThan/)]);
    expectNoRawTokens(problems);
  });

  test.each(STACK_KINDS)('fails when the policy is longer than 20,480 characters (%s)', (_kind, stackOfKind) => {
    // GIVEN
    const resources = Array.from({ length: 600 }, (_, i) => `arn:aws:s3:::example-bucket-${i}/*`);

    // WHEN
    const problems = problemsOf([statement({ resources })], EndpointPolicyTarget.INTERFACE, stackOfKind('S'));

    // THEN
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^endpoint policy is \d+ characters; the limit is 20480, so merge or shorten statements$/);
    expectNoRawTokens(problems);
  });

  test.each(STACK_KINDS)('fails when the policy can be longer than 20,480 characters once deployed (%s)', (kind, stackOfKind) => {
    // GIVEN: ARNs built from the stack's partition, Region and account (tokens without env)
    const stack = stackOfKind();
    const resources = Array.from({ length: 400 }, (_, i) => stack.formatArn({ service: 'kms', resource: 'key', resourceName: `key-${i}` }));

    // WHEN
    const problems = problemsOf([statement({ resources })], EndpointPolicyTarget.INTERFACE, stack);

    // THEN
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(kind === 'with env'
      // formatArn keeps the partition a token even with env: an upper bound in both kinds of stack
      ? /^endpoint policy (is|can reach) \d+ characters.*the limit is 20480, so merge or shorten statements$/
      : /^endpoint policy can reach \d+ characters once deployed \(an upper bound: each CloudFormation reference counted at its longest value.*the limit is 20480/);
  });

  test('accepts an environment-agnostic policy whose upper bound stays under 20,480 characters', () => {
    // GIVEN
    const stack = newStack();
    const resources = Array.from({ length: 200 }, (_, i) => stack.formatArn({ service: 'kms', resource: 'key', resourceName: `key-${i}` }));

    // THEN
    expect(problemsOf([statement({ resources })], EndpointPolicyTarget.INTERFACE, stack)).toEqual([]);
  });

  test('does not measure a policy holding a value it cannot bound, such as an import', () => {
    // GIVEN
    const resources = Array.from({ length: 600 }, (_, i) => `arn:aws:s3:::${Fn.importValue('BucketName')}-${i}/*`);

    // THEN
    expect(problemsOf([statement({ resources })])).toEqual([]);
  });

  test.each(STACK_KINDS)('fails when the policy has no statements (%s)', (_kind, stackOfKind) => {
    // WHEN
    const problems = problemsOf([], EndpointPolicyTarget.INTERFACE, stackOfKind('S'));

    // THEN
    expect(problems).toEqual(['endpoint policy has no statements; add at least one statement with a Principal']);
    expectNoRawTokens(problems);
  });

  test.each(STACK_KINDS)('fails with a wildcard on a system-generated condition key (%s)', (_kind, stackOfKind) => {
    // GIVEN
    const statements = [statement({ conditions: { StringLike: { 'aws:SourceVpce': 'vpce-1*' } } })];

    // WHEN
    const problems = problemsOf(statements, EndpointPolicyTarget.INTERFACE, stackOfKind('S'));

    // THEN
    expect(problems).toEqual([
      "endpoint policy statement 1 condition key aws:SourceVpce cannot be used with a wildcard ('vpce-1*'); "
      + 'system-generated identifiers must be matched exactly',
    ]);
    expectNoRawTokens(problems);
  });

  test.each(STACK_KINDS)('fails with a wildcard on a system-generated condition key written in another case (%s)', (_kind, stackOfKind) => {
    // GIVEN
    const statements = [statement({ conditions: { 'ForAnyValue:StringLikeIfExists': { 'AWS:PRINCIPALORGID': ['o-a1b2c3d4e5', 'o-?'] } } })];

    // WHEN
    const problems = problemsOf(statements, EndpointPolicyTarget.INTERFACE, stackOfKind('S'));

    // THEN
    expect(problems).toEqual([
      "endpoint policy statement 1 condition key AWS:PRINCIPALORGID cannot be used with a wildcard ('o-?'); "
      + 'system-generated identifiers must be matched exactly',
    ]);
    expectNoRawTokens(problems);
  });

  test.each(STACK_KINDS)('fails with a numeric operator on a system-generated condition key (%s)', (_kind, stackOfKind) => {
    // GIVEN
    const statements = [statement({ conditions: { NumericEquals: { 'aws:PrincipalAccount': '111111111111' } } })];

    // WHEN
    const problems = problemsOf(statements, EndpointPolicyTarget.INTERFACE, stackOfKind('S'));

    // THEN
    expect(problems).toEqual([
      'endpoint policy statement 1 condition key aws:PrincipalAccount cannot be used with numeric operator NumericEquals; '
      + 'match system-generated identifiers exactly with StringEquals',
    ]);
    expectNoRawTokens(problems);
  });

  test.each(STACK_KINDS)('fails with fewer than six characters around a wildcard in a string condition (%s)', (_kind, stackOfKind) => {
    // GIVEN
    const statements = [
      statement({ conditions: { StringLike: { 'aws:PrincipalTag/team': 'ab*' } } }),
      statement({ conditions: { 'ForAllValues:StringNotLikeIfExists': { 'aws:TagKeys': ['abcde*fghij', 'abcdef*gh'] } } }),
    ];

    // WHEN
    const problems = problemsOf(statements, EndpointPolicyTarget.INTERFACE, stackOfKind('S'));

    // THEN
    expect(problems).toEqual([
      "endpoint policy statement 1 condition StringLike aws:PrincipalTag/team value 'ab*' has fewer than six consecutive characters "
      + "around a wildcard; put at least 6 non-wildcard characters right before or after each '*' and '?'",
      "endpoint policy statement 2 condition ForAllValues:StringNotLikeIfExists aws:TagKeys value 'abcde*fghij' has fewer than six "
      + "consecutive characters around a wildcard; put at least 6 non-wildcard characters right before or after each '*' and '?'",
    ]);
    expectNoRawTokens(problems);
  });

  test.each(STACK_KINDS)('fails when a Resource ARN mixes an account id and a wildcard (%s)', (_kind, stackOfKind) => {
    // GIVEN
    const statements = [statement({ resources: ['arn:aws:s3:::example-bucket/*', 'arn:aws:kms:us-east-1:1111*:key/*'] })];

    // WHEN
    const problems = problemsOf(statements, EndpointPolicyTarget.INTERFACE, stackOfKind('S'));

    // THEN
    expect(problems).toEqual([
      "endpoint policy statement 1 Resource 'arn:aws:kms:us-east-1:1111*:key/*' has account part '1111*', "
      + "which mixes an account id and a wildcard; use the full 12-digit account id or only '*'",
    ]);
    expectNoRawTokens(problems);
  });

  test.each(STACK_KINDS)('fails when a condition ARN mixes an account id and a wildcard (%s)', (_kind, stackOfKind) => {
    // GIVEN
    const statements = [statement({ conditions: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::11111111111?:role/reporting' } } })];

    // WHEN
    const problems = problemsOf(statements, EndpointPolicyTarget.INTERFACE, stackOfKind('S'));

    // THEN
    expect(problems).toEqual([
      "endpoint policy statement 1 condition ArnLike aws:PrincipalArn value 'arn:aws:iam::11111111111?:role/reporting' has account part "
      + "'11111111111?', which mixes an account id and a wildcard; use the full 12-digit account id or only '*'",
    ]);
    expectNoRawTokens(problems);
  });

  test('lists every problem in statement order, so they can be joined into one error', () => {
    // GIVEN
    const statements = [
      statement({ principals: [new iam.ArnPrincipal(ROLE_APP)] }),
      new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }),
    ];

    // WHEN
    const message = problemsOf(statements, EndpointPolicyTarget.GATEWAY).join('; ');

    // THEN
    expect(message).toMatch(/^gateway endpoint policy statement 1 has Principal .*; endpoint policy statement 2 has no Principal; .*$/);
  });

  test('skips condition values that are tokens', () => {
    // GIVEN
    const stack = newStack();
    const statements = [statement({
      conditions: {
        StringEquals: { 'aws:PrincipalAccount': Stack.of(stack).account, 'aws:SourceVpce': Fn.importValue('EndpointId') },
        StringLike: { 'aws:PrincipalArn': Fn.split(',', Fn.importValue('RoleArns')) },
      },
    })];

    // THEN
    expect(problemsOf(statements, EndpointPolicyTarget.GATEWAY, stack)).toEqual([]);
  });

  test('skips ARNs and principals that are tokens', () => {
    // GIVEN
    const stack = newStack();
    const statements = [statement({
      principals: [new iam.ArnPrincipal(Fn.importValue('PrincipalArn'))],
      resources: [`arn:aws:s3:::${Fn.importValue('Bucket')}/*`, `arn:aws:kms:us-east-1:${Aws.ACCOUNT_ID}:key/*`],
    })];

    // THEN
    expect(problemsOf(statements, EndpointPolicyTarget.GATEWAY, stack)).toEqual([]);
  });

  test('skips the size check when the policy holds a token', () => {
    // GIVEN
    const resources = Array.from({ length: 600 }, (_, i) => `arn:aws:s3:::example-bucket-${i}/*`);
    const statements = [statement({ resources: [...resources, `arn:aws:s3:::${Fn.importValue('Bucket')}/*`] })];

    // THEN
    expect(problemsOf(statements)).toEqual([]);
  });
});
