// @cloud-copilot/iam-simulate is AGPL: it is a test-only dev dependency and must never be imported from src/.
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { BucketRestrictionOptions, S3HybridPrivateDns } from '../../src/s3/s3-hybrid-private-dns';
import { envStack, isolatedVpc, TEST_ACCOUNT } from '../fixtures';
import { logicalIdOf, materialize } from '../policy-materialize';

/*
 * Acceptance test of S3HybridPrivateDns.restrictBucket(): the bucket policy as synthesized, with its intrinsics swapped for
 * concrete values, is evaluated offline by iam-simulate.
 *
 * Every request gets:
 * - an identity policy (same account as the bucket) that allows s3:GetObject on the bucket's objects, so that only the
 *   Deny statements of the bucket policy can refuse it; service principals get no identity policy, the bucket policy
 *   grants them access instead, as it does in AWS;
 * - the synthesized AWS::S3::BucketPolicy document as the resource policy;
 * - request context set as AWS sets it: aws:PrincipalArn, aws:PrincipalAccount and aws:PrincipalIsAWSService=false for
 *   IAM roles; aws:PrincipalServiceName and aws:PrincipalIsAWSService=true for a service principal; aws:SourceVpce and
 *   aws:VpcSourceIp only when the request arrives through a VPC endpoint.
 * No endpoint policy is given (the construct makes none without allowedBuckets), so the endpoint never decides.
 * Every context key passed must be one the simulator accepts for the action; an ignored key fails the test.
 */

const ACCOUNT = TEST_ACCOUNT;
const BUCKET_NAME = 'example-data';
const BUCKET_ARN = `arn:aws:s3:::${BUCKET_NAME}`;
const OBJECT_ARN = `${BUCKET_ARN}/reports/2024.csv`;
const GATEWAY_ENDPOINT_ID = 'vpce-0gateway000000001';
const INTERFACE_ENDPOINT_ID = 'vpce-0interface0000002';
const OTHER_ENDPOINT_ID = 'vpce-0other00000000003';
const ROLE_APP = `arn:aws:iam::${ACCOUNT}:role/App`;
const ROLE_ADMIN = `arn:aws:iam::${ACCOUNT}:role/Admin`;
/** The bootstrap's CloudFormation execution role, which restrictBucket exempts by default. */
const DEPLOY_ROLE = `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-us-east-1`;
const LOGGING_SERVICE = 'logging.s3.amazonaws.com';

const cache = new Map<string, any>();

/**
 * Synthesizes a stack with a bucket, an S3HybridPrivateDns and `restrictBucket(bucket, options)` (the exempt principal
 * list defaults to the Admin role), and returns its bucket policy document with concrete values. The bucket policy also
 * lets S3 server access logging write objects, as a log target bucket's policy does.
 */
function bucketPolicy(name: string, options: Partial<BucketRestrictionOptions> = {}): any {
  const cached = cache.get(name);
  if (cached) return cached;
  const stack = envStack('S');
  const vpc = isolatedVpc(stack);
  const bucket = new s3.Bucket(stack, 'Bucket');
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowServerAccessLogs',
    principals: [new iam.ServicePrincipal(LOGGING_SERVICE)],
    actions: ['s3:PutObject'],
    resources: [bucket.arnForObjects('*')],
  }));
  const dns = new S3HybridPrivateDns(stack, 'S3', { vpc, onPremisesCidrs: ['10.100.0.0/16'] });
  dns.restrictBucket(bucket, { exemptPrincipalArns: [ROLE_ADMIN], ...options });

  const template = Template.fromStack(stack).toJSON();
  const bucketId = logicalIdOf(template, 'AWS::S3::Bucket');
  const refs: Record<string, string> = {
    [logicalIdOf(template, 'AWS::EC2::VPCEndpoint', p => p.VpcEndpointType === 'Gateway')]: GATEWAY_ENDPOINT_ID,
    [logicalIdOf(template, 'AWS::EC2::VPCEndpoint', p => p.VpcEndpointType === 'Interface')]: INTERFACE_ENDPOINT_ID,
    [bucketId]: BUCKET_NAME,
    [`${bucketId}.Arn`]: BUCKET_ARN,
    'AWS::Partition': 'aws',
    'AWS::AccountId': ACCOUNT,
    'AWS::Region': 'us-east-1',
    'AWS::URLSuffix': 'amazonaws.com',
  };
  const policy = materialize(template.Resources[logicalIdOf(template, 'AWS::S3::BucketPolicy')].Properties.PolicyDocument, refs);
  cache.set(name, policy);
  return policy;
}

/** Where a request comes from: a VPC endpoint (with the caller's address in the VPC) or outside any VPC. */
interface Origin {
  readonly sourceVpce?: string;
  readonly vpcSourceIp?: string;
}

const VIA_GATEWAY: Origin = { sourceVpce: GATEWAY_ENDPOINT_ID, vpcSourceIp: '10.0.0.25' };
const VIA_INTERFACE: Origin = { sourceVpce: INTERFACE_ENDPOINT_ID, vpcSourceIp: '10.100.1.5' };
const VIA_OTHER_ENDPOINT: Origin = { sourceVpce: OTHER_ENDPOINT_ID, vpcSourceIp: '10.0.0.25' };
const INTERNET: Origin = {};

interface Request {
  readonly principal?: string;
  readonly action?: string;
  readonly resource?: string;
  readonly origin: Origin;
  /** Whether an AWS service (Athena, Glue) makes the request with the caller's credentials; unset: the key is absent. */
  readonly viaAwsService?: boolean;
}

/** Runs one request through iam-simulate; returns 'Allowed', 'ExplicitlyDenied' or 'ImplicitlyDenied'. */
async function decide(policy: any, request: Request): Promise<string> {
  const principal = request.principal ?? ROLE_APP;
  const action = request.action ?? 's3:GetObject';
  const resource = request.resource ?? OBJECT_ARN;
  const isService = principal.endsWith('.amazonaws.com');
  const context: Record<string, string> = isService
    ? { 'aws:PrincipalServiceName': principal, 'aws:PrincipalIsAWSService': 'true' }
    : { 'aws:PrincipalArn': principal, 'aws:PrincipalAccount': principal.split(':')[4], 'aws:PrincipalIsAWSService': 'false' };
  if (request.origin.sourceVpce) context['aws:SourceVpce'] = request.origin.sourceVpce;
  if (request.origin.vpcSourceIp) context['aws:VpcSourceIp'] = request.origin.vpcSourceIp;
  if (request.viaAwsService !== undefined) context['aws:ViaAWSService'] = String(request.viaAwsService);

  const identity = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `${BUCKET_ARN}/*` }] };
  const response = await runSimulation({
    request: { principal, action, resource: { resource, accountId: ACCOUNT }, contextVariables: context },
    identityPolicies: isService ? [] : [{ name: 'identity', policy: identity }],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: policy,
  }, {});
  if (response.resultType !== 'single') throw new Error(`simulation did not run: ${JSON.stringify(response)}`);
  expect(response.result.ignoredContextKeys ?? []).toEqual([]);
  return response.overallResult;
}

/** Every condition key of every statement of a policy, as written. */
function conditionKeysOf(policy: any): string[] {
  return (policy.Statement as any[]).flatMap(s => Object.values<Record<string, unknown>>(s.Condition ?? {}).flatMap(c => Object.keys(c)));
}

/** The Deny statements restrictBucket() added. */
function denyStatementsOf(policy: any): any[] {
  return (policy.Statement as any[]).filter(s => s.Effect === 'Deny');
}

describe('restrictBucket() default options (iam-simulate)', () => {
  const policy = () => bucketPolicy('default');

  test('the synthesized policy names both endpoints and the exempt role, and nothing is left unresolved', () => {
    const [deny, ...others] = denyStatementsOf(policy());
    expect(others).toEqual([]);
    expect(deny.Condition.StringNotEquals['aws:SourceVpce']).toEqual([GATEWAY_ENDPOINT_ID, INTERFACE_ENDPOINT_ID]);
    expect(deny.Condition.ArnNotLike['aws:PrincipalArn']).toEqual([ROLE_ADMIN, DEPLOY_ROLE]);
    expect(deny.Condition.BoolIfExists['aws:PrincipalIsAWSService']).toBe('false');
    expect(deny.Resource).toEqual([BUCKET_ARN, `${BUCKET_ARN}/*`]);
    expect(JSON.stringify(policy())).not.toMatch(/"(Ref|Fn::[A-Za-z]+)"/);
  });

  test('the identity policy alone would allow every request below: only the Deny statements refuse them', async () => {
    // GIVEN the same bucket policy without the statements restrictBucket() added
    const withoutDenies = { ...policy(), Statement: (policy().Statement as any[]).filter(s => s.Effect !== 'Deny') };

    // THEN requests from another endpoint and from outside any endpoint pass
    expect(await decide(withoutDenies, { origin: VIA_OTHER_ENDPOINT })).toBe('Allowed');
    expect(await decide(withoutDenies, { origin: INTERNET })).toBe('Allowed');
  });

  test('allows s3:GetObject through the gateway endpoint', async () => {
    expect(await decide(policy(), { origin: VIA_GATEWAY })).toBe('Allowed');
  });

  test('allows s3:GetObject through the interface endpoint', async () => {
    expect(await decide(policy(), { origin: VIA_INTERFACE })).toBe('Allowed');
  });

  test('denies s3:GetObject through another VPC endpoint', async () => {
    expect(await decide(policy(), { origin: VIA_OTHER_ENDPOINT })).toBe('ExplicitlyDenied');
  });

  test('denies s3:GetObject from outside any VPC endpoint (internet, console)', async () => {
    expect(await decide(policy(), { origin: INTERNET })).toBe('ExplicitlyDenied');
  });

  test('allows s3:GetObject by the exempt principal from outside any VPC endpoint', async () => {
    expect(await decide(policy(), { principal: ROLE_ADMIN, origin: INTERNET })).toBe('Allowed');
  });

  test('allows the CloudFormation execution role of the stack, so later updates and stack deletion still work', async () => {
    expect(await decide(policy(), { principal: DEPLOY_ROLE, action: 's3:GetObject', origin: INTERNET })).toBe('Allowed');
  });

  test('with exemptDeploymentRole: false the CloudFormation execution role is denied like any other caller', async () => {
    const strict = bucketPolicy('no-deploy-role', { exemptDeploymentRole: false });
    expect(denyStatementsOf(strict)[0].Condition.ArnNotLike['aws:PrincipalArn']).toEqual([ROLE_ADMIN]);
    expect(await decide(strict, { principal: DEPLOY_ROLE, origin: INTERNET })).toBe('ExplicitlyDenied');
  });

  test('the exemption is for the named role only: a role whose name extends it is denied', async () => {
    expect(await decide(policy(), { principal: `${ROLE_ADMIN}Backup`, origin: INTERNET })).toBe('ExplicitlyDenied');
  });

  test('leaves an AWS service principal (S3 server access logging) out of the deny', async () => {
    expect(await decide(policy(), { principal: LOGGING_SERVICE, action: 's3:PutObject', origin: INTERNET })).toBe('Allowed');
  });
});

describe('restrictBucket() with exemptAwsServicePrincipals: false (iam-simulate)', () => {
  const policy = () => bucketPolicy('no-service-exemption', { exemptAwsServicePrincipals: false });

  test('has no aws:PrincipalIsAWSService condition', () => {
    expect(conditionKeysOf(policy())).not.toContain('aws:PrincipalIsAWSService');
  });

  test('denies an AWS service principal (S3 server access logging) that the bucket policy allows', async () => {
    expect(await decide(policy(), { principal: LOGGING_SERVICE, action: 's3:PutObject', origin: INTERNET })).toBe('ExplicitlyDenied');
  });

  test('still allows the endpoints and the exempt principal', async () => {
    expect(await decide(policy(), { origin: VIA_GATEWAY })).toBe('Allowed');
    expect(await decide(policy(), { origin: VIA_INTERFACE })).toBe('Allowed');
    expect(await decide(policy(), { principal: ROLE_ADMIN, origin: INTERNET })).toBe('Allowed');
    expect(await decide(policy(), { origin: INTERNET })).toBe('ExplicitlyDenied');
  });
});

describe('restrictBucket() with exemptRequestsViaAwsServices (iam-simulate)', () => {
  const policy = () => bucketPolicy('via-aws-services', { exemptRequestsViaAwsServices: true });

  test('allows a request an AWS service makes with the caller\'s credentials from outside the endpoints', async () => {
    expect(await decide(policy(), { origin: INTERNET, viaAwsService: true })).toBe('Allowed');
  });

  test('still denies the caller itself from outside the endpoints, and allows it through them', async () => {
    expect(await decide(policy(), { origin: INTERNET, viaAwsService: false })).toBe('ExplicitlyDenied');
    expect(await decide(policy(), { origin: VIA_INTERFACE, viaAwsService: false })).toBe('Allowed');
  });

  test('the exemption is opt-in: the default deny has no aws:ViaAWSService condition', async () => {
    const defaults = bucketPolicy('default');
    expect(conditionKeysOf(defaults)).not.toContain('aws:ViaAWSService');
    expect(conditionKeysOf(policy())).toContain('aws:ViaAWSService');
  });
});

describe('restrictBucket() with vpcSourceIps (iam-simulate)', () => {
  const policy = () => bucketPolicy('vpc-source-ips', { vpcSourceIps: ['10.60.0.0/16', '10.100.0.0/16'] });

  test('adds a second Deny on aws:VpcSourceIp with the same exemptions', () => {
    const denies = denyStatementsOf(policy());
    expect(denies).toHaveLength(2);
    const [, byAddress] = denies;
    expect(byAddress.Condition.NotIpAddress['aws:VpcSourceIp']).toEqual(['10.60.0.0/16', '10.100.0.0/16']);
    expect(byAddress.Condition.ArnNotLike).toEqual(denies[0].Condition.ArnNotLike);
    expect(byAddress.Condition.BoolIfExists).toEqual(denies[0].Condition.BoolIfExists);
  });

  test('allows s3:GetObject through the interface endpoint from an on-premises address in range', async () => {
    expect(await decide(policy(), { origin: { sourceVpce: INTERFACE_ENDPOINT_ID, vpcSourceIp: '10.100.1.5' } })).toBe('Allowed');
  });

  test('allows s3:GetObject through the gateway endpoint from a VPC address in range', async () => {
    expect(await decide(policy(), { origin: { sourceVpce: GATEWAY_ENDPOINT_ID, vpcSourceIp: '10.60.3.4' } })).toBe('Allowed');
  });

  test('denies s3:GetObject through the interface endpoint from an address out of range', async () => {
    expect(await decide(policy(), { origin: { sourceVpce: INTERFACE_ENDPOINT_ID, vpcSourceIp: '192.168.1.5' } })).toBe('ExplicitlyDenied');
  });

  test('still denies s3:GetObject from outside any VPC endpoint', async () => {
    expect(await decide(policy(), { origin: INTERNET })).toBe('ExplicitlyDenied');
  });

  test('still allows the exempt principal from outside any VPC endpoint and from an out-of-range address', async () => {
    expect(await decide(policy(), { principal: ROLE_ADMIN, origin: INTERNET })).toBe('Allowed');
    expect(await decide(policy(), {
      principal: ROLE_ADMIN, origin: { sourceVpce: INTERFACE_ENDPOINT_ID, vpcSourceIp: '192.168.1.5' },
    })).toBe('Allowed');
  });

  test('still leaves an AWS service principal out of both denies', async () => {
    expect(await decide(policy(), { principal: LOGGING_SERVICE, action: 's3:PutObject', origin: INTERNET })).toBe('Allowed');
  });
});

describe('restrictBucket() condition keys', () => {
  const variants: [string, Partial<BucketRestrictionOptions>][] = [
    ['default options', {}],
    ['exemptAwsServicePrincipals: false', { exemptAwsServicePrincipals: false }],
    ['vpcSourceIps', { vpcSourceIps: ['10.60.0.0/16', '10.100.0.0/16'] }],
  ];
  test.each(variants)('never use aws:SourceIp, which requests through a VPC endpoint do not carry (%s)', (name, options) => {
    const keys = conditionKeysOf(bucketPolicy(`keys/${name}`, options));
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.map(k => k.toLowerCase())).not.toContain('aws:sourceip');
  });
});
