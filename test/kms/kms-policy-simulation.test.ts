// @cloud-copilot/iam-simulate is AGPL: it is a test-only dev dependency and must never be imported from src/.
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { AwsServiceExemption, KmsAccessMode, PrivateKmsAccess, PrivateKmsAccessProps } from '../../src/kms/private-kms-access';
import { envStack } from '../fixtures';
import { logicalIdOf, materialize } from '../policy-materialize';

/*
 * Acceptance test: the SYNTHESIZED key policy and endpoint policy, evaluated offline with iam-simulate.
 *
 * How the simulator is fed, for every request:
 * - identity policy slot: one policy allowing kms:* on * for the calling role (for the account root, which has every
 *   permission implicitly, a policy allowing * stands in for that, since the simulator does not model root);
 * - resource policy slot: the AWS::KMS::Key KeyPolicy from the template (intrinsics replaced by `materialize`), or
 *   a plain "account root may use kms:*" policy for keys this app does not define;
 *   no resource policy for account-level calls such as kms:ListKeys, which name no key;
 * - VPC endpoint policy slot (`vpcEndpointPolicies`): the AWS::EC2::VPCEndpoint PolicyDocument, only when the
 *   request arrives through this construct's endpoint (aws:SourceVpce = that endpoint); requests from other
 *   endpoints, from outside any VPC and made by AWS services on the caller's behalf get no endpoint policy;
 * - request context: aws:PrincipalArn/aws:PrincipalAccount (the simulator does not derive them), aws:ViaAWSService
 *   and aws:PrincipalIsAWSService ('false' unless the request is made by a service on the caller's behalf, as AWS
 *   sets them), aws:SourceVpce/aws:SourceVpc only for requests that arrive through a VPC endpoint, kms:ViaService
 *   for requests made through a service, and aws:ResourceTag/cdk-privatelink:kms-access when the key carries the tag.
 * The simulator must use every context key given: a key it ignores fails the test.
 */

const ACCOUNT = '111111111111';
const REGION = 'us-east-1';
const ENDPOINT_ID = 'vpce-0aaaaaaaaaaaaaaa1';
const VPC_ID = 'vpc-0aaaaaaaaaaaaaaa1';
const ADMIN_VPC_ID = 'vpc-0bbbbbbbbbbbbbbb2';
const ADMIN_VPC_ENDPOINT_ID = 'vpce-0bbbbbbbbbbbbbbb2';
const OTHER_ENDPOINT_ID = 'vpce-0ccccccccccccccc3';
const OTHER_VPC_ID = 'vpc-0ddddddddddddddd4';
const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const IMPORTED_KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/aaaabbbb-1111-2222-3333-444455556666`;
const UNBOUND_KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/ffffeeee-9999-8888-7777-666655554444`;
const ROLE_APP = `arn:aws:iam::${ACCOUNT}:role/app`;
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const ROLE_OTHER_ACCOUNT = 'arn:aws:iam::222222222222:role/x';
const KEY_TAG = 'cdk-privatelink:kms-access';

/** Where a request comes from. */
interface Origin {
  readonly sourceVpce?: string;
  readonly sourceVpc?: string;
  /** Service the request is made through on the caller's behalf (aws:ViaAWSService true), e.g. 's3'. */
  readonly viaService?: string;
}

const THROUGH_ENDPOINT: Origin = { sourceVpce: ENDPOINT_ID, sourceVpc: VPC_ID };
const OTHER_ENDPOINT_SAME_VPC: Origin = { sourceVpce: OTHER_ENDPOINT_ID, sourceVpc: VPC_ID };
const OTHER_ENDPOINT_OTHER_VPC: Origin = { sourceVpce: OTHER_ENDPOINT_ID, sourceVpc: OTHER_VPC_ID };
const ADMIN_VPC: Origin = { sourceVpce: ADMIN_VPC_ENDPOINT_ID, sourceVpc: ADMIN_VPC_ID };
const NO_VPC: Origin = {};
const VIA_S3: Origin = { viaService: 's3' };
const VIA_RDS: Origin = { viaService: 'rds' };
const VIA_CLOUDFORMATION: Origin = { viaService: 'cloudformation' };

/** The policies of one synthesized construct, with intrinsics replaced by concrete values. */
interface Synthesized {
  readonly keyPolicy: any;
  readonly endpointPolicy: any;
  /** The tags the construct puts on the key (`cdk-privatelink:kms-access` and, for a second construct, its own tag key). */
  readonly keyTags: Record<string, string>;
  /** Endpoint policies of further endpoints, by endpoint id (when more than one construct binds the key). */
  readonly otherEndpointPolicies?: Record<string, any>;
  /** Statements published for imported keys (the KeyPolicyStatements output), if any. */
  readonly publishedStatements?: any[];
}

/** The tags this library puts on a key: `KEY_TAG` and `KEY_TAG:<address>`. */
function keyTagsOf(key: any): Record<string, string> {
  return Object.fromEntries((key.Properties.Tags ?? []).filter((t: any) => t.Key.startsWith(KEY_TAG)).map((t: any) => [t.Key, t.Value]));
}

const cache = new Map<string, Synthesized>();

/**
 * Synthesizes a PrivateKmsAccess with `createKey: true` (plus `extra`) and returns its materialized policies.
 * `build` may add props that need the stack (imported keys, statements).
 */
function synthesize(name: string, extra: Partial<PrivateKmsAccessProps> = {},
  build: (stack: Stack) => Partial<PrivateKmsAccessProps> = () => ({})): Synthesized {
  const cached = cache.get(name);
  if (cached) return cached;
  const stack = envStack('S');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
  new PrivateKmsAccess(stack, 'Kms', { vpc, createKey: true, ...extra, ...build(stack) });

  const template = Template.fromStack(stack).toJSON();
  const keyId = logicalIdOf(template, 'AWS::KMS::Key');
  const endpointId = logicalIdOf(template, 'AWS::EC2::VPCEndpoint');
  const refs: Record<string, string> = {
    [endpointId]: ENDPOINT_ID,
    [logicalIdOf(template, 'AWS::EC2::VPC')]: VPC_ID,
    [`${keyId}.Arn`]: KEY_ARN,
    'AWS::Partition': 'aws',
    'AWS::AccountId': ACCOUNT,
    'AWS::Region': REGION,
  };
  const key = template.Resources[keyId];
  const output = Object.entries<any>(template.Outputs ?? {}).find(([id]) => id.startsWith('KmsKeyPolicyStatements'));
  const result: Synthesized = {
    keyPolicy: materialize(key.Properties.KeyPolicy, refs),
    endpointPolicy: materialize(template.Resources[endpointId].Properties.PolicyDocument, refs),
    keyTags: keyTagsOf(key),
    publishedStatements: output ? JSON.parse(materialize(output[1].Value, refs)) : undefined,
  };
  cache.set(name, result);
  return result;
}

interface Request {
  readonly principal?: string;
  readonly action?: string;
  readonly resource?: string;
  readonly origin: Origin;
  /** The key's policy; defaults to the synthesized key policy for KEY_ARN. */
  readonly keyPolicy?: any;
  /** Leave the endpoint policy out even for a request through the endpoint (to show what it decides). */
  readonly withoutEndpointPolicy?: boolean;
  /** The account that owns the key; defaults to the account in its ARN. */
  readonly resourceAccount?: string;
}

/** Key policy of a key this app does not define: the account root may use kms:*, nothing else. */
const PLAIN_KEY_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }],
};

/** Runs one request through iam-simulate; returns 'Allowed', 'ExplicitlyDenied' or 'ImplicitlyDenied'. */
async function decide(policies: Synthesized, request: Request): Promise<string> {
  const principal = request.principal ?? ROLE_APP;
  const action = request.action ?? 'kms:Decrypt';
  const resource = request.resource ?? KEY_ARN;
  const { origin } = request;
  const context: Record<string, string> = {
    'aws:PrincipalArn': principal,
    'aws:PrincipalAccount': principal.split(':')[4],
    'aws:ViaAWSService': origin.viaService ? 'true' : 'false',
    'aws:PrincipalIsAWSService': 'false',
  };
  if (origin.sourceVpce) context['aws:SourceVpce'] = origin.sourceVpce;
  if (origin.sourceVpc) context['aws:SourceVpc'] = origin.sourceVpc;
  if (origin.viaService) context['kms:ViaService'] = `${origin.viaService}.${REGION}.amazonaws.com`;
  const throughEndpoint = origin.sourceVpce === ENDPOINT_ID && !request.withoutEndpointPolicy;
  const endpointPolicy = throughEndpoint ? policies.endpointPolicy : policies.otherEndpointPolicies?.[origin.sourceVpce ?? ''];
  if (resource === KEY_ARN) {
    // The key carries every tag; only those the endpoint policy reads are given, as the simulator fails on unused keys.
    for (const [tagKey, value] of Object.entries(policies.keyTags)) {
      if (JSON.stringify(endpointPolicy ?? {}).includes(`aws:ResourceTag/${tagKey}"`)) context[`aws:ResourceTag/${tagKey}`] = value;
    }
  }
  // AWS sets aws:ResourceAccount to the account that owns the key.
  if (resource !== '*') context['aws:ResourceAccount'] = request.resourceAccount ?? resource.split(':')[4];

  const keyPolicy = resource === '*' ? undefined : request.keyPolicy ?? (resource === KEY_ARN ? policies.keyPolicy : PLAIN_KEY_POLICY);
  const identity = principal === ROOT
    ? { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }
    : { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] };
  const response = await runSimulation({
    request: { principal, action, resource: { resource, accountId: request.resourceAccount ?? ACCOUNT }, contextVariables: context },
    identityPolicies: [{ name: 'identity', policy: identity }],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: keyPolicy,
    vpcEndpointPolicies: endpointPolicy ? [{ name: 'kms-endpoint', policy: endpointPolicy }] : undefined,
  }, {});
  if (response.resultType !== 'single') throw new Error(`simulation did not run: ${JSON.stringify(response)}`);
  expect(response.result.ignoredContextKeys ?? []).toEqual([]);
  return response.overallResult;
}

const MODES: [string, Partial<PrivateKmsAccessProps>][] = [
  ['ENDPOINT (default)', {}],
  ['VPC', { mode: KmsAccessMode.VPC }],
  ['SPLIT_ADMINISTRATION', { mode: KmsAccessMode.SPLIT_ADMINISTRATION, adminVpcId: ADMIN_VPC_ID }],
];

describe.each(MODES)('key policy in %s mode (iam-simulate)', (name, modeProps) => {
  const policies = (exemption?: string) => synthesize(`${name}/${exemption ?? 'all'}`, {
    ...modeProps,
    awsServiceExemption: exemption === 'none' ? AwsServiceExemption.none()
      : exemption === 's3' ? AwsServiceExemption.viaServices(['s3']) : undefined,
  });

  test('allows kms:Decrypt by the account principal through the endpoint', async () => {
    expect(await decide(policies(), { origin: THROUGH_ENDPOINT })).toBe('Allowed');
  });

  test('the endpoint policy refuses a key of another account that carries the (public) tag', async () => {
    // GIVEN a key owned by another account, tagged like ours, whose key policy lets our role in
    const foreignKeyPolicy = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: ROLE_APP }, Action: 'kms:*', Resource: '*' }],
    };

    // WHEN / THEN: through the endpoint it is refused; without the endpoint policy it would pass
    expect(await decide(policies(), { origin: THROUGH_ENDPOINT, resourceAccount: '222222222222', keyPolicy: foreignKeyPolicy }))
      .not.toBe('Allowed');
    expect(await decide(policies(), {
      origin: THROUGH_ENDPOINT, resourceAccount: '222222222222', keyPolicy: foreignKeyPolicy, withoutEndpointPolicy: true,
    })).toBe('Allowed');
  });

  test('denies kms:Decrypt through another endpoint id in another VPC id', async () => {
    expect(await decide(policies(), { origin: OTHER_ENDPOINT_OTHER_VPC })).toBe('ExplicitlyDenied');
  });

  test.each(['kms:Sign', 'kms:Verify', 'kms:GenerateMac', 'kms:VerifyMac', 'kms:DeriveSharedSecret'])(
    'denies %s (asymmetric and HMAC keys) from outside any VPC endpoint', async (action) => {
      expect(await decide(policies(), { origin: NO_VPC, action })).toBe('ExplicitlyDenied');
    });

  test('denies kms:Decrypt from outside any VPC endpoint', async () => {
    expect(await decide(policies(), { origin: NO_VPC })).toBe('ExplicitlyDenied');
  });

  test('denies kms:Decrypt by the account root from outside any VPC endpoint', async () => {
    expect(await decide(policies(), { principal: ROOT, origin: NO_VPC })).toBe('ExplicitlyDenied');
  });

  test('treats another endpoint in the same VPC by mode: refused for ENDPOINT, allowed for aws:SourceVpc modes', async () => {
    const expected = modeProps.mode === undefined ? 'ExplicitlyDenied' : 'Allowed';
    expect(await decide(policies(), { origin: OTHER_ENDPOINT_SAME_VPC })).toBe(expected);
  });

  test('allows kms:Decrypt through an AWS service with the default exemption (allServices)', async () => {
    expect(await decide(policies(), { origin: VIA_S3 })).toBe('Allowed');
    expect(await decide(policies(), { origin: VIA_RDS })).toBe('Allowed');
  });

  test('denies kms:Decrypt through an AWS service with AwsServiceExemption.none()', async () => {
    expect(await decide(policies('none'), { origin: VIA_S3 })).toBe('ExplicitlyDenied');
    expect(await decide(policies('none'), { origin: THROUGH_ENDPOINT })).toBe('Allowed');
  });

  test('allows kms:Decrypt through S3 but not RDS with AwsServiceExemption.viaServices([\'s3\'])', async () => {
    expect(await decide(policies('s3'), { origin: VIA_S3 })).toBe('Allowed');
    expect(await decide(policies('s3'), { origin: VIA_RDS })).toBe('ExplicitlyDenied');
    expect(await decide(policies('s3'), { origin: NO_VPC })).toBe('ExplicitlyDenied');
    expect(await decide(policies('s3'), { origin: THROUGH_ENDPOINT })).toBe('Allowed');
  });

  if (modeProps.mode !== KmsAccessMode.SPLIT_ADMINISTRATION) {
    test('never locks out the account root: kms:PutKeyPolicy is allowed from anywhere', async () => {
      for (const origin of [NO_VPC, THROUGH_ENDPOINT, OTHER_ENDPOINT_OTHER_VPC, VIA_CLOUDFORMATION]) {
        expect(await decide(policies(), { principal: ROOT, action: 'kms:PutKeyPolicy', origin })).toBe('Allowed');
      }
    });
  }
});

describe('SPLIT_ADMINISTRATION key administration (iam-simulate)', () => {
  const policies = () => synthesize('SPLIT_ADMINISTRATION/all', { mode: KmsAccessMode.SPLIT_ADMINISTRATION, adminVpcId: ADMIN_VPC_ID });
  const ADMIN_ACTIONS = ['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion', 'kms:TagResource'];
  const READ_ACTIONS = ['kms:DescribeKey', 'kms:ListResourceTags', 'kms:GetKeyPolicy'];

  test.each(ADMIN_ACTIONS)('allows %s from the admin VPC', async action => {
    expect(await decide(policies(), { action, origin: ADMIN_VPC })).toBe('Allowed');
  });

  test.each(ADMIN_ACTIONS)('denies %s from the usage VPC and from outside any VPC', async action => {
    expect(await decide(policies(), { action, origin: THROUGH_ENDPOINT })).toBe('ExplicitlyDenied');
    expect(await decide(policies(), { action, origin: NO_VPC })).toBe('ExplicitlyDenied');
  });

  test.each(READ_ACTIONS)('allows %s from anywhere', async action => {
    expect(await decide(policies(), { action, origin: NO_VPC })).toBe('Allowed');
    expect(await decide(policies(), { action, origin: ADMIN_VPC })).toBe('Allowed');
    expect(await decide(policies(), { action, origin: THROUGH_ENDPOINT })).toBe('Allowed');
  });

  test('denies kms:Decrypt from the admin VPC and allows it from the usage VPC', async () => {
    expect(await decide(policies(), { origin: ADMIN_VPC })).toBe('ExplicitlyDenied');
    expect(await decide(policies(), { origin: THROUGH_ENDPOINT })).toBe('Allowed');
  });

  test('lets the CloudFormation execution role manage the key from outside any VPC (deployments with a service role)', async () => {
    // GIVEN the default synthesizer's execution role, which CloudFormation uses instead of forward access sessions
    const cfnExecRole = `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-${REGION}`;

    // THEN it can manage the key, while another role of the account cannot
    for (const action of ['kms:PutKeyPolicy', 'kms:EnableKeyRotation', 'kms:TagResource']) {
      expect(await decide(policies(), { principal: cfnExecRole, action, origin: NO_VPC })).toBe('Allowed');
      expect(await decide(policies(), { action, origin: NO_VPC })).toBe('ExplicitlyDenied');
    }
    // and it gets no cryptographic use out of it
    expect(await decide(policies(), { principal: cfnExecRole, origin: NO_VPC })).toBe('ExplicitlyDenied');
  });

  test('never locks out the account root: kms:PutKeyPolicy from the admin VPC and through CloudFormation', async () => {
    expect(await decide(policies(), { principal: ROOT, action: 'kms:PutKeyPolicy', origin: ADMIN_VPC })).toBe('Allowed');
    expect(await decide(policies(), { principal: ROOT, action: 'kms:PutKeyPolicy', origin: VIA_CLOUDFORMATION })).toBe('Allowed');
  });
});

describe('endpoint policy (iam-simulate)', () => {
  test('denies a principal of another account through the endpoint, even when the key policy allows it', async () => {
    // GIVEN the key is shared with another account through its key policy
    const policies = synthesize('shared-key', {
      additionalKeyPolicyStatements: [new iam.PolicyStatement({
        principals: [new iam.ArnPrincipal(ROLE_OTHER_ACCOUNT)], actions: ['kms:Decrypt'], resources: ['*'],
      })],
    });

    // THEN only the endpoint policy stands between that principal and the key
    expect(await decide(policies, { principal: ROLE_OTHER_ACCOUNT, origin: THROUGH_ENDPOINT })).toBe('ImplicitlyDenied');
    expect(await decide(policies, { principal: ROLE_OTHER_ACCOUNT, origin: THROUGH_ENDPOINT, withoutEndpointPolicy: true })).toBe('Allowed');
  });

  test.each(MODES)('denies kms:Decrypt through the endpoint on a key that is not bound (%s)', async (name, modeProps) => {
    const policies = synthesize(`${name}/all`, modeProps);

    expect(await decide(policies, { resource: UNBOUND_KEY_ARN, origin: THROUGH_ENDPOINT })).toBe('ImplicitlyDenied');
    expect(await decide(policies, { resource: UNBOUND_KEY_ARN, origin: THROUGH_ENDPOINT, withoutEndpointPolicy: true })).toBe('Allowed');
  });

  test('allows the account-level kms:ListKeys through the endpoint, for this account only', async () => {
    const policies = synthesize('ENDPOINT (default)/all', {});

    expect(await decide(policies, { action: 'kms:ListKeys', resource: '*', origin: THROUGH_ENDPOINT })).toBe('Allowed');
    expect(await decide(policies, { action: 'kms:ListKeys', resource: '*', principal: ROLE_OTHER_ACCOUNT, origin: THROUGH_ENDPOINT }))
      .toBe('ImplicitlyDenied');
  });

  test('allows an imported key bound by ARN through the endpoint, and its published statements refuse use elsewhere', async () => {
    // GIVEN an imported key, whose owner applies the statements of the KeyPolicyStatements output
    const policies = synthesize('imported-key', {}, stack => ({ keys: [kms.Key.fromKeyArn(stack, 'Imported', IMPORTED_KEY_ARN)] }));
    expect(policies.publishedStatements).toBeDefined();
    const importedKeyPolicy = { ...PLAIN_KEY_POLICY, Statement: [...PLAIN_KEY_POLICY.Statement, ...policies.publishedStatements!] };

    // THEN
    expect(await decide(policies, { resource: IMPORTED_KEY_ARN, keyPolicy: importedKeyPolicy, origin: THROUGH_ENDPOINT })).toBe('Allowed');
    expect(await decide(policies, { resource: IMPORTED_KEY_ARN, keyPolicy: importedKeyPolicy, origin: NO_VPC })).toBe('ExplicitlyDenied');
    expect(await decide(policies, { resource: UNBOUND_KEY_ARN, origin: THROUGH_ENDPOINT })).toBe('ImplicitlyDenied');
  });

  test('without bound keys the endpoint allows every key of this account and no other account', async () => {
    // GIVEN a construct without keys: its endpoint policy is account-wide
    const stack = envStack('S');
    new PrivateKmsAccess(stack, 'Kms', { vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 }) });
    const template = Template.fromStack(stack).toJSON();
    const endpointPolicy = template.Resources[logicalIdOf(template, 'AWS::EC2::VPCEndpoint')].Properties.PolicyDocument;
    const policies: Synthesized = { keyPolicy: PLAIN_KEY_POLICY, endpointPolicy: materialize(endpointPolicy, {}), keyTags: {} };

    // THEN
    expect(await decide(policies, { resource: UNBOUND_KEY_ARN, origin: THROUGH_ENDPOINT })).toBe('Allowed');
    expect(await decide(policies, {
      resource: UNBOUND_KEY_ARN,
      principal: ROLE_OTHER_ACCOUNT,
      origin: THROUGH_ENDPOINT,
      keyPolicy: {
        ...PLAIN_KEY_POLICY,
        Statement: [...PLAIN_KEY_POLICY.Statement, { Effect: 'Allow', Principal: { AWS: ROLE_OTHER_ACCOUNT }, Action: 'kms:*', Resource: '*' }],
      },
    })).toBe('ImplicitlyDenied');
  });
});

describe('one key bound by two PrivateKmsAccess constructs (iam-simulate)', () => {
  const SECOND_ENDPOINT_ID = 'vpce-0eeeeeeeeeeeeeee5';
  const SECOND_VPC_ID = 'vpc-0eeeeeeeeeeeeeee5';
  const THROUGH_SECOND: Origin = { sourceVpce: SECOND_ENDPOINT_ID, sourceVpc: SECOND_VPC_ID };

  function twoConstructs(mode?: KmsAccessMode): Synthesized {
    const stack = envStack('S');
    const vpcA = new ec2.Vpc(stack, 'VpcA', { maxAzs: 2 });
    const vpcB = new ec2.Vpc(stack, 'VpcB', { maxAzs: 2, ipAddresses: ec2.IpAddresses.cidr('10.1.0.0/16') });
    const first = new PrivateKmsAccess(stack, 'First', { vpc: vpcA, createKey: true, mode });
    const second = new PrivateKmsAccess(stack, 'Second', { vpc: vpcB, keys: [first.key!], mode });
    const template = Template.fromStack(stack).toJSON();
    const id = (c: { node: { defaultChild?: any } }) => stack.getLogicalId(c.node.defaultChild);
    const refs: Record<string, string> = {
      [id(first.endpoint)]: ENDPOINT_ID,
      [id(second.endpoint)]: SECOND_ENDPOINT_ID,
      [id(vpcA)]: VPC_ID,
      [id(vpcB)]: SECOND_VPC_ID,
      [`${id(first.key!)}.Arn`]: KEY_ARN,
      'AWS::Partition': 'aws',
      'AWS::AccountId': ACCOUNT,
      'AWS::Region': REGION,
    };
    const key = template.Resources[id(first.key!)];
    return {
      keyPolicy: materialize(key.Properties.KeyPolicy, refs),
      endpointPolicy: materialize(template.Resources[id(first.endpoint)].Properties.PolicyDocument, refs),
      otherEndpointPolicies: { [SECOND_ENDPOINT_ID]: materialize(template.Resources[id(second.endpoint)].Properties.PolicyDocument, refs) },
      keyTags: keyTagsOf(key),
    };
  }

  test.each([['ENDPOINT', undefined], ['VPC', KmsAccessMode.VPC]] as const)(
    'in %s mode the key is usable through both endpoints and refused elsewhere', async (_name, mode) => {
      // GIVEN
      const policies = twoConstructs(mode);

      // THEN
      expect(await decide(policies, { origin: THROUGH_ENDPOINT })).toBe('Allowed');
      expect(await decide(policies, { origin: THROUGH_SECOND })).toBe('Allowed');
      expect(await decide(policies, { origin: OTHER_ENDPOINT_OTHER_VPC })).toBe('ExplicitlyDenied');
      expect(await decide(policies, { origin: NO_VPC })).toBe('ExplicitlyDenied');
    });
});
