import { Aws, Fn, LegacyStackSynthesizer, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { EndpointPolicy } from '../../src/endpoints/endpoint-policy';
import { AwsServiceExemption, KmsAccessMode, PrivateKmsAccess, PrivateKmsAccessProps } from '../../src/kms/private-kms-access';
import { acknowledgeVpcFlowLogs, agnosticStack, envStack, errorMessageOf, isolatedVpc, STACK_KINDS } from '../fixtures';
import { expectCleanSynth, testApp } from '../harness';

const ACCOUNT = '111111111111';
const VPC_CIDR = '10.0.0.0/16';
const ADMIN_VPC_ID = 'vpc-0bbbbbbbbbbbbbbb2';
const USAGE_VPC_ID = 'vpc-0ccccccccccccccc3';
const IMPORTED_KEY_ARN = 'arn:aws:kms:us-east-1:111111111111:key/aaaabbbb-1111-2222-3333-444455556666';
const OTHER_IMPORTED_KEY_ARN = 'arn:aws:kms:us-east-1:111111111111:key/ffffeeee-9999-8888-7777-666655554444';
const KEY_TAG = 'cdk-privatelink:kms-access';
const DEFAULT_RESTRICTED = [
  'kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*',
  'kms:Sign', 'kms:Verify', 'kms:GenerateMac', 'kms:VerifyMac', 'kms:DeriveSharedSecret',
];
const ACCOUNT_LEVEL_READ = ['kms:DescribeCustomKeyStores', 'kms:GenerateRandom', 'kms:ListAliases', 'kms:ListKeys', 'kms:ListRetirableGrants'];
const SERVICE_EXEMPTION = { 'aws:ViaAWSService': 'false', 'aws:PrincipalIsAWSService': 'false' };

/** An isolated IPv4 VPC in VPC_CIDR over two Availability Zones. */
function newVpc(stack: Stack): ec2.Vpc {
  return isolatedVpc(stack, { cidr: VPC_CIDR, maxAzs: 2 });
}

function newAccess(props: Partial<PrivateKmsAccessProps> = {}, stack = envStack('S')) {
  const vpc = (props.vpc as ec2.Vpc | undefined) ?? newVpc(stack);
  const access = new PrivateKmsAccess(stack, 'Kms', { ...props, vpc });
  return { stack, vpc, access };
}

const logicalId = (stack: Stack, c: { node: { defaultChild?: any } }) => stack.getLogicalId(c.node.defaultChild);
const endpointRef = (stack: Stack, access: PrivateKmsAccess) => ({ Ref: logicalId(stack, access.endpoint) });

/** The key policy statements of the only (or the named) AWS::KMS::Key. */
function keyStatements(stack: Stack, key?: kms.Key): any[] {
  const keys = Template.fromStack(stack).findResources('AWS::KMS::Key');
  const id = key ? logicalId(stack, key) : Object.keys(keys)[0];
  return keys[id].Properties.KeyPolicy.Statement;
}

function endpointPolicy(stack: Stack): any {
  const endpoints = Object.values(Template.fromStack(stack).findResources('AWS::EC2::VPCEndpoint'));
  expect(endpoints).toHaveLength(1);
  return (endpoints[0] as any).Properties.PolicyDocument;
}

function accountStatement(actions: string | string[], resource: any, extra: Record<string, string | string[]> = {}) {
  return {
    Effect: 'Allow',
    Principal: '*',
    Action: actions,
    Resource: resource,
    Condition: { StringEquals: { 'aws:PrincipalAccount': [ACCOUNT], ...extra } },
  };
}

function importedKey(stack: Stack, id = 'Imported', arn = IMPORTED_KEY_ARN): kms.IKey {
  return kms.Key.fromKeyArn(stack, id, arn);
}

describe('PrivateKmsAccess endpoint', () => {
  test('creates one interface endpoint for com.amazonaws.<region>.kms with private DNS', () => {
    // GIVEN / WHEN
    const { stack, vpc } = newAccess();

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 1);
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      ServiceName: 'com.amazonaws.us-east-1.kms',
      VpcEndpointType: 'Interface',
      PrivateDnsEnabled: true,
      VpcId: { Ref: logicalId(stack, vpc) },
    });
  });

  test('gives the endpoint a dedicated security group that admits 443 from the VPC CIDR only', () => {
    // GIVEN / WHEN
    const { stack, access } = newAccess();

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [Match.objectLike({ CidrIp: VPC_CIDR, IpProtocol: 'tcp', FromPort: 443, ToPort: 443 })],
    });
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      SecurityGroupIds: [{ 'Fn::GetAtt': [logicalId(stack, access.endpoint.securityGroup), 'GroupId'] }],
    });
  });

  test('outputs the Regional DNS name taken from the endpoint DnsEntries', () => {
    // GIVEN / WHEN
    const { stack, access } = newAccess();

    // THEN
    Template.fromStack(stack).hasOutput('*', {
      Value: {
        'Fn::Select': [1, { 'Fn::Split': [':', { 'Fn::Select': [0, { 'Fn::GetAtt': [logicalId(stack, access.endpoint), 'DnsEntries'] }] }] }],
      },
    });
    expect(access.dnsNameOutput).toBeDefined();
  });

  test('uses the kms-fips endpoint service with fips: true', () => {
    // GIVEN / WHEN
    const { stack } = newAccess({ fips: true });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', { ServiceName: 'com.amazonaws.us-east-1.kms-fips' });
  });

  test('defaults to ENDPOINT mode and exposes the endpoint connections', () => {
    // GIVEN / WHEN
    const { access } = newAccess();

    // THEN
    expect(access.mode).toBe(KmsAccessMode.ENDPOINT);
    expect(access.connections).toBe(access.endpoint.connections);
    expect(access.key).toBeUndefined();
    expect(access.keys).toEqual([]);
  });
});

describe('PrivateKmsAccess createKey', () => {
  test('creates a retained key with rotation on', () => {
    // GIVEN / WHEN
    const { stack, access } = newAccess({ createKey: true });

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.hasResource('AWS::KMS::Key', {
      Properties: Match.objectLike({ EnableKeyRotation: true }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    template.resourceCountIs('AWS::KMS::Alias', 0);
    expect(access.key).toBeDefined();
    expect(access.keys).toEqual([access.key]);
  });

  test('creates an alias when keyAlias is given', () => {
    // GIVEN / WHEN
    const { stack, access } = newAccess({ createKey: true, keyAlias: 'alias/app-data' });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Alias', {
      AliasName: 'alias/app-data',
      TargetKeyId: { 'Fn::GetAtt': [logicalId(stack, access.key!), 'Arn'] },
    });
  });

  test('keeps the account root kms:* statement in the key policy', () => {
    // GIVEN / WHEN
    const { stack } = newAccess({ createKey: true });

    // THEN
    expect(keyStatements(stack)).toContainEqual({
      Effect: 'Allow',
      Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${ACCOUNT}:root`]] } },
      Action: 'kms:*',
      Resource: '*',
    });
  });

  test('denies grants that are not for AWS resources', () => {
    // GIVEN / WHEN
    const { stack } = newAccess({ createKey: true });

    // THEN
    expect(keyStatements(stack)).toContainEqual({
      Sid: 'GrantsOnlyForAwsResources',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 'kms:CreateGrant',
      Resource: '*',
      Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
    });
  });

  test('denies cryptographic use outside the endpoint, exempting AWS services, in ENDPOINT mode', () => {
    // GIVEN / WHEN
    const { stack, access } = newAccess({ createKey: true });

    // THEN
    expect(keyStatements(stack)).toContainEqual({
      Sid: 'DenyUseOutsideVpcEndpoint',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: DEFAULT_RESTRICTED,
      Resource: '*',
      Condition: {
        StringNotEquals: { 'aws:SourceVpce': [endpointRef(stack, access)] },
        BoolIfExists: SERVICE_EXEMPTION,
      },
    });
  });

  test('lists additionalSourceVpceIds next to the endpoint in ENDPOINT mode', () => {
    // GIVEN / WHEN
    const { stack, access } = newAccess({ createKey: true, additionalSourceVpceIds: ['vpce-0123456789abcdef0'] });

    // THEN
    const deny = keyStatements(stack).find(s => s.Sid === 'DenyUseOutsideVpcEndpoint');
    expect(deny.Condition.StringNotEquals['aws:SourceVpce']).toEqual([endpointRef(stack, access), 'vpce-0123456789abcdef0']);
  });

  test('uses aws:SourceVpc with the construct VPC in VPC mode', () => {
    // GIVEN / WHEN
    const { stack, vpc } = newAccess({ createKey: true, mode: KmsAccessMode.VPC });

    // THEN
    const statements = keyStatements(stack);
    expect(statements).toContainEqual({
      Sid: 'DenyUseOutsideVpcs',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: DEFAULT_RESTRICTED,
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:SourceVpc': [{ Ref: logicalId(stack, vpc) }] }, BoolIfExists: SERVICE_EXEMPTION },
    });
    expect(JSON.stringify(statements)).not.toContain('aws:SourceVpce');
  });

  test('uses usageVpcIds in place of the construct VPC in VPC mode', () => {
    // GIVEN / WHEN
    const { stack } = newAccess({ createKey: true, mode: KmsAccessMode.VPC, usageVpcIds: [USAGE_VPC_ID, 'vpc-0ddddddddddddddd4'] });

    // THEN
    const deny = keyStatements(stack).find(s => s.Sid === 'DenyUseOutsideVpcs');
    expect(deny.Condition.StringNotEquals).toEqual({ 'aws:SourceVpc': [USAGE_VPC_ID, 'vpc-0ddddddddddddddd4'] });
  });

  test('has a management deny and a use deny in SPLIT_ADMINISTRATION mode', () => {
    // GIVEN / WHEN
    const { stack, vpc } = newAccess({ createKey: true, mode: KmsAccessMode.SPLIT_ADMINISTRATION, adminVpcId: ADMIN_VPC_ID });

    // THEN
    const denies = keyStatements(stack).filter(s => s.Effect === 'Deny' && s.Sid !== 'GrantsOnlyForAwsResources');
    expect(denies).toHaveLength(2);
    expect(denies[0]).toMatchObject({
      Sid: 'DenyManagementOutsideAdminVpc',
      Action: expect.arrayContaining(['kms:Put*', 'kms:ScheduleKeyDeletion', 'kms:TagResource', 'kms:Disable*']),
      Condition: { StringNotEquals: { 'aws:SourceVpc': [ADMIN_VPC_ID] }, BoolIfExists: SERVICE_EXEMPTION },
    });
    expect(denies[0].Action).not.toEqual(expect.arrayContaining([expect.stringMatching(/^kms:(Describe|List|Get)/)]));
    expect(denies[1]).toMatchObject({
      Sid: 'DenyUseOutsideUsageVpcs',
      Action: DEFAULT_RESTRICTED,
      Condition: { StringNotEquals: { 'aws:SourceVpc': [{ Ref: logicalId(stack, vpc) }] }, BoolIfExists: SERVICE_EXEMPTION },
    });
  });

  test('uses managementActions in SPLIT_ADMINISTRATION mode', () => {
    // GIVEN / WHEN
    const { stack } = newAccess({
      createKey: true, mode: KmsAccessMode.SPLIT_ADMINISTRATION, adminVpcId: ADMIN_VPC_ID, managementActions: ['kms:PutKeyPolicy'],
    });

    // THEN
    expect(keyStatements(stack).find(s => s.Sid === 'DenyManagementOutsideAdminVpc').Action).toBe('kms:PutKeyPolicy');
  });

  test('uses a custom restrictedActions list', () => {
    // GIVEN / WHEN
    const { stack } = newAccess({ createKey: true, restrictedActions: ['kms:Decrypt', 'kms:Sign'] });

    // THEN
    expect(keyStatements(stack).find(s => s.Sid === 'DenyUseOutsideVpcEndpoint').Action).toEqual(['kms:Decrypt', 'kms:Sign']);
  });

  test('renders AwsServiceExemption.viaServices as kms:ViaService values for the Region', () => {
    // GIVEN / WHEN
    const { stack, access } = newAccess({ createKey: true, awsServiceExemption: AwsServiceExemption.viaServices(['s3', 'rds']) });

    // THEN
    expect(keyStatements(stack).find(s => s.Sid === 'DenyUseOutsideVpcEndpoint').Condition).toEqual({
      StringNotEquals: {
        'aws:SourceVpce': [endpointRef(stack, access)],
        'kms:ViaService': ['s3.us-east-1.amazonaws.com', 'rds.us-east-1.amazonaws.com'],
      },
      BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
    });
  });

  test('kms:ViaService values end in the China partition\'s amazonaws.com.cn in a China Region', () => {
    // GIVEN a stack in cn-north-1
    const stack = new Stack(testApp(), 'S', { env: { account: '111111111111', region: 'cn-north-1' } });

    // WHEN
    newAccess({ createKey: true, awsServiceExemption: AwsServiceExemption.viaServices(['s3']) }, stack);

    // THEN
    expect(keyStatements(stack).find(s => s.Sid === 'DenyUseOutsideVpcEndpoint').Condition.StringNotEquals['kms:ViaService'])
      .toEqual(['s3.cn-north-1.amazonaws.com.cn']);
  });

  test('kms:ViaService values use the partition\'s AWS::URLSuffix in an environment-agnostic stack', () => {
    // GIVEN a stack without env: Region and partition are only known at deploy time
    const stack = new Stack(testApp(), 'S');

    // WHEN
    newAccess({ createKey: true, awsServiceExemption: AwsServiceExemption.viaServices(['s3']) }, stack);

    // THEN
    expect(keyStatements(stack).find(s => s.Sid === 'DenyUseOutsideVpcEndpoint').Condition.StringNotEquals['kms:ViaService'])
      .toEqual([{ 'Fn::Join': ['', ['s3.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]] }]);
  });

  test('renders no exemption with AwsServiceExemption.none() and warns', () => {
    // GIVEN / WHEN
    const { stack, access } = newAccess({ createKey: true, awsServiceExemption: AwsServiceExemption.none() });

    // THEN
    expect(keyStatements(stack).find(s => s.Sid === 'DenyUseOutsideVpcEndpoint').Condition).toEqual({
      StringNotEquals: { 'aws:SourceVpce': [endpointRef(stack, access)] },
    });
    Annotations.fromStack(stack).hasWarning('/S/Kms', Match.stringLikeRegexp('cdk-privatelink:PrivateKmsAccess.noServiceExemption'));
  });

  test('does not warn about the service exemption by default', () => {
    // GIVEN / WHEN
    const { stack } = newAccess({ createKey: true });

    // THEN
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('noServiceExemption'));
  });

  test('appends additionalKeyPolicyStatements to the key policy', () => {
    // GIVEN
    const extra = new iam.PolicyStatement({
      sid: 'AllowAudit', principals: [new iam.ArnPrincipal('arn:aws:iam::111111111111:role/audit')], actions: ['kms:DescribeKey'], resources: ['*'],
    });

    // WHEN
    const { stack } = newAccess({ createKey: true, additionalKeyPolicyStatements: [extra] });

    // THEN
    expect(keyStatements(stack)).toContainEqual(expect.objectContaining({ Sid: 'AllowAudit', Action: 'kms:DescribeKey' }));
  });
});

describe('PrivateKmsAccess keys', () => {
  test('adds the deny statement and the tag to an in-app key passed in keys', () => {
    // GIVEN
    const stack = envStack('S');
    const key = new kms.Key(stack, 'AppKey');

    // WHEN
    const { access } = newAccess({ keys: [key] }, stack);

    // THEN
    expect(keyStatements(stack, key)).toContainEqual(expect.objectContaining({
      Sid: 'DenyUseOutsideVpcEndpoint',
      Condition: { StringNotEquals: { 'aws:SourceVpce': [endpointRef(stack, access)] }, BoolIfExists: SERVICE_EXEMPTION },
    }));
    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Key', {
      Tags: Match.arrayWith([{ Key: KEY_TAG, Value: access.node.addr }]),
    });
    expect(access.keys).toEqual([key]);
  });

  test.each(STACK_KINDS)('merges the endpoints of two constructs that bind one key into one deny statement (%s)', (_kind, newStack) => {
    // GIVEN: one construct creates the key, a second one in another VPC binds it too
    const stack = newStack('S');
    const first = new PrivateKmsAccess(stack, 'First', { vpc: isolatedVpc(stack, { maxAzs: 2 }, 'VpcA'), createKey: true });

    // WHEN
    const second = new PrivateKmsAccess(stack, 'Second', { vpc: isolatedVpc(stack, { cidr: '10.1.0.0/16', maxAzs: 2 }, 'VpcB'), keys: [first.key!] });

    // THEN: one deny, listing both endpoints, so a request through either endpoint passes it
    const denies = keyStatements(stack).filter(st => st.Effect === 'Deny' && st.Sid === 'DenyUseOutsideVpcEndpoint');
    expect(denies).toEqual([expect.objectContaining({
      Condition: { StringNotEquals: { 'aws:SourceVpce': [endpointRef(stack, first), endpointRef(stack, second)] }, BoolIfExists: SERVICE_EXEMPTION },
    })]);
    // Each keys-only endpoint policy matches a tag of its own, and the key carries both.
    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Key', {
      Tags: Match.arrayWith([
        { Key: KEY_TAG, Value: first.node.addr },
        { Key: `${KEY_TAG}:${second.node.addr}`, Value: second.node.addr },
      ]),
    });
    const secondPolicy = Template.fromStack(stack).toJSON().Resources[logicalId(stack, second.endpoint)].Properties.PolicyDocument;
    expect(secondPolicy.Statement[0].Condition.StringEquals).toMatchObject({ [`aws:ResourceTag/${KEY_TAG}:${second.node.addr}`]: second.node.addr });
  });

  test('merges the usage VPCs of two VPC-mode constructs that bind one key, also through addKey', () => {
    // GIVEN
    const stack = envStack('S');
    const key = new kms.Key(stack, 'AppKey');
    const vpcA = isolatedVpc(stack, { maxAzs: 2 }, 'VpcA');
    new PrivateKmsAccess(stack, 'First', { vpc: vpcA, mode: KmsAccessMode.VPC, keys: [key] });
    const second = new PrivateKmsAccess(stack, 'Second', {
      vpc: isolatedVpc(stack, { cidr: '10.1.0.0/16', maxAzs: 2 }, 'VpcB'), mode: KmsAccessMode.VPC, usageVpcIds: [USAGE_VPC_ID, ADMIN_VPC_ID],
    });

    // WHEN
    second.addKey(key);

    // THEN
    const denies = keyStatements(stack, key).filter(st => st.Effect === 'Deny');
    expect(denies).toEqual([expect.objectContaining({
      Sid: 'DenyUseOutsideVpcs',
      Condition: expect.objectContaining({ StringNotEquals: { 'aws:SourceVpc': [stack.resolve(vpcA.vpcId), USAGE_VPC_ID, ADMIN_VPC_ID] } }),
    })]);
  });

  test.each(STACK_KINDS)('fails when two constructs bind one key with different restrictions (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack('S');
    const first = new PrivateKmsAccess(stack, 'First', { vpc: isolatedVpc(stack, { maxAzs: 2 }, 'VpcA'), createKey: true });
    const vpc = isolatedVpc(stack, { cidr: '10.1.0.0/16', maxAzs: 2 }, 'VpcB');

    // WHEN / THEN
    expect(errorMessageOf(() => new PrivateKmsAccess(stack, 'Second', { vpc, mode: KmsAccessMode.VPC, keys: [first.key!] })))
      .toBe('keys: key S/First/Key is already bound by S/First with other restrictions; constructs that bind one key must agree on mode, '
        + 'restrictedActions, managementActions, adminVpcId, awsServiceExemption and serviceRegion, so that one deny statement can list '
        + 'the endpoints (or usage VPCs) of all of them');
  });

  test('warns when a second construct binds the same imported key', () => {
    // GIVEN
    const stack = envStack('S');
    const key = kms.Key.fromKeyArn(stack, 'Imported', IMPORTED_KEY_ARN);
    new PrivateKmsAccess(stack, 'First', { vpc: isolatedVpc(stack, { maxAzs: 2 }, 'VpcA'), keys: [key] });

    // WHEN
    new PrivateKmsAccess(stack, 'Second', { vpc: isolatedVpc(stack, { cidr: '10.1.0.0/16', maxAzs: 2 }, 'VpcB'), keys: [key] });

    // THEN
    Annotations.fromStack(stack).hasWarning('/S/Second', Match.stringLikeRegexp('^key S/Imported is also bound by S/First; apply one set of deny.*importedKeyBoundTwice'));
  });

  test('reports an imported key with an info annotation', () => {
    // GIVEN
    const stack = envStack('S');

    // WHEN
    newAccess({ keys: [importedKey(stack)] }, stack);

    // THEN
    Annotations.fromStack(stack).hasInfo('/S/Kms', Match.stringLikeRegexp('key S/Imported is imported, so its key policy cannot be changed here'));
  });

  test('publishes the key policy statements in a KeyPolicyStatements output for an imported key', () => {
    // GIVEN
    const stack = envStack('S');

    // WHEN
    const { access } = newAccess({ keys: [importedKey(stack)] }, stack);

    // THEN
    const outputs = Template.fromStack(stack).findOutputs('*');
    const id = Object.keys(outputs).find(o => o.startsWith('KmsKeyPolicyStatements'));
    expect(id).toBeDefined();
    const value = JSON.stringify(outputs[id!].Value);
    expect(value).toContain('DenyUseOutsideVpcEndpoint');
    expect(value).toContain('aws:SourceVpce');
    expect(value).toContain(JSON.stringify(endpointRef(stack, access)));
  });

  test('does not create the KeyPolicyStatements output for in-app keys only', () => {
    // GIVEN / WHEN
    const { stack } = newAccess({ createKey: true });

    // THEN
    expect(Object.keys(Template.fromStack(stack).findOutputs('*')).filter(o => o.startsWith('KmsKeyPolicyStatements'))).toEqual([]);
  });

  test('keyPolicyStatements() returns copies', () => {
    // GIVEN
    const { stack, access } = newAccess({ createKey: true });

    // WHEN
    const first = access.keyPolicyStatements();
    first[0].addActions('kms:Sign');

    // THEN
    expect(first).toHaveLength(1);
    expect(stack.resolve(access.keyPolicyStatements()[0].toStatementJson()).Action).toEqual(DEFAULT_RESTRICTED);
    expect(keyStatements(stack).find(s => s.Sid === 'DenyUseOutsideVpcEndpoint').Action).toEqual(DEFAULT_RESTRICTED);
  });

  test('addKey binds an in-app key after construction', () => {
    // GIVEN
    const { stack, access } = newAccess({ createKey: true });
    const later = new kms.Key(stack, 'Later');

    // WHEN
    access.addKey(later);

    // THEN
    expect(keyStatements(stack, later)).toContainEqual(expect.objectContaining({ Sid: 'DenyUseOutsideVpcEndpoint' }));
    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Key', {
      Tags: Match.arrayWith([{ Key: KEY_TAG, Value: access.node.addr }]),
    });
    expect(access.keys).toEqual([access.key, later]);
  });

  test('200 imported keys share one endpoint policy statement and stay under the 20,480-character limit', () => {
    // GIVEN
    const stack = envStack('S');
    const keys = Array.from({ length: 200 }, (_, i) => importedKey(stack, `Imported${i}`,
      `arn:aws:kms:us-east-1:111111111111:key/aaaabbbb-1111-2222-3333-${String(i).padStart(12, '0')}`));

    // WHEN
    newAccess({ keys }, stack);

    // THEN
    const statements = endpointPolicy(stack).Statement;
    expect(statements).toHaveLength(2);
    expect(statements[0].Resource).toHaveLength(200);
  });

  test.each(STACK_KINDS)('fails at synth when the bound statements push a key policy over 32,768 characters (%s)', (_kind, newStack) => {
    // GIVEN 1,500 usage VPCs in VPC mode
    const stack = newStack('S');
    const usageVpcIds = Array.from({ length: 1500 }, (_, i) => `vpc-${i.toString(16).padStart(17, '0')}`);

    // WHEN
    newAccess({ createKey: true, mode: KmsAccessMode.VPC, usageVpcIds }, stack);

    // THEN
    expect(() => Template.fromStack(stack)).toThrow(
      /the key policy of S\/Kms\/Key (is about|can reach) \d+ characters.* with the statements bound by S\/Kms, over the 32768 KMS allows; list fewer usageVpcIds/);
  });

  test.each(STACK_KINDS)('fails at synth when the key policy can exceed 32,768 characters once its references deploy (%s)', (_kind, newStack) => {
    // GIVEN 1,400 usage VPC ids built from the account (at most 21 characters each once deployed, ~60 as synthesized JSON)
    const stack = newStack('S');
    const usageVpcIds = Array.from({ length: 1400 }, (_, i) => Fn.join('', ['vpc-0', Aws.ACCOUNT_ID, String(i).padStart(4, '0')]));

    // WHEN
    newAccess({ createKey: true, mode: KmsAccessMode.VPC, usageVpcIds }, stack);

    // THEN
    expect(() => Template.fromStack(stack)).toThrow(
      /the key policy of S\/Kms\/Key can reach \d+ characters once deployed \(an upper bound\) with the statements bound by S\/Kms/);
  });

  test('accepts a key policy whose references stay under 32,768 characters once deployed', () => {
    // GIVEN 700 usage VPC ids built from the account: over the limit as synthesized JSON, under it once deployed
    const stack = envStack('S');
    const usageVpcIds = Array.from({ length: 700 }, (_, i) => Fn.join('', ['vpc-0', Aws.ACCOUNT_ID, String(i).padStart(4, '0')]));

    // WHEN
    newAccess({ createKey: true, mode: KmsAccessMode.VPC, usageVpcIds }, stack);

    // THEN
    const keyPolicy = Object.values(Template.fromStack(stack).findResources('AWS::KMS::Key'))[0].Properties.KeyPolicy;
    expect(JSON.stringify(keyPolicy).length).toBeGreaterThan(32768);
  });

  test('addKey with an imported key adds its ARN to a keys-only endpoint policy', () => {
    // GIVEN
    const { stack, access } = newAccess({ createKey: true });

    // WHEN
    access.addKey(importedKey(stack));

    // THEN
    expect(endpointPolicy(stack).Statement).toContainEqual(accountStatement('kms:*', IMPORTED_KEY_ARN));
    Annotations.fromStack(stack).hasInfo('/S/Kms', Match.stringLikeRegexp('S/Imported is imported'));
  });

  test('addKey ignores a key that is already bound', () => {
    // GIVEN
    const { stack, access } = newAccess({ createKey: true });
    const imported = importedKey(stack);
    access.addKey(imported);

    // WHEN
    access.addKey(imported);
    access.addKey(access.key!);

    // THEN
    expect(access.keys).toEqual([access.key, imported]);
    expect(endpointPolicy(stack).Statement.filter((s: any) => s.Resource === IMPORTED_KEY_ARN)).toHaveLength(1);
    expect(keyStatements(stack).filter(s => s.Sid === 'DenyUseOutsideVpcEndpoint')).toHaveLength(1);
  });

  test('addKey leaves an account-wide endpoint policy account-wide', () => {
    // GIVEN
    const { stack, access } = newAccess();

    // WHEN
    access.addKey(importedKey(stack));

    // THEN
    expect(endpointPolicy(stack).Statement).toEqual([accountStatement('kms:*', '*')]);
  });

  test('keys returns a copy', () => {
    // GIVEN
    const { access } = newAccess({ createKey: true });

    // WHEN
    access.keys.pop();

    // THEN
    expect(access.keys).toHaveLength(1);
  });

  test('names an imported key whose ARN is a token in a keys-only endpoint policy', () => {
    // GIVEN an imported key whose ARN is only known at deploy time (it cannot carry the in-app tag)
    const stack = envStack('S');
    const key = kms.Key.fromKeyArn(stack, 'Shared', Fn.importValue('SharedKeyArn'));

    // WHEN
    newAccess({ keys: [key] }, stack);

    // THEN the endpoint policy lets it through by ARN
    expect(endpointPolicy(stack).Statement).toContainEqual(accountStatement('kms:*', { 'Fn::ImportValue': 'SharedKeyArn' }));
  });
});

describe('PrivateKmsAccess endpoint policy', () => {
  test('allows kms:* on * for this account only when no keys are bound', () => {
    // GIVEN / WHEN
    const { stack } = newAccess();

    // THEN
    expect(endpointPolicy(stack)).toEqual({ Version: '2012-10-17', Statement: [accountStatement('kms:*', '*')] });
  });

  test('with keys: one tag statement for in-app keys, one ARN statement for all imported keys and the account-level reads', () => {
    // GIVEN
    const stack = envStack('S');
    const appKey = new kms.Key(stack, 'AppKey');
    const keys = [appKey, importedKey(stack), importedKey(stack, 'Imported2', OTHER_IMPORTED_KEY_ARN)];

    // WHEN
    const { access } = newAccess({ createKey: true, keys }, stack);

    // THEN
    expect(endpointPolicy(stack)).toEqual({
      Version: '2012-10-17',
      Statement: [
        accountStatement('kms:*', '*', { 'aws:ResourceAccount': [ACCOUNT], [`aws:ResourceTag/${KEY_TAG}`]: access.node.addr }),
        accountStatement('kms:*', [IMPORTED_KEY_ARN, OTHER_IMPORTED_KEY_ARN]),
        accountStatement(ACCOUNT_LEVEL_READ, '*'),
      ],
    });
  });

  test('uses a custom endpointPolicy as given', () => {
    // GIVEN
    const policy = EndpointPolicy.allowAccounts([ACCOUNT], { actions: ['kms:Decrypt'] });

    // WHEN
    const { stack } = newAccess({ createKey: true, endpointPolicy: policy });

    // THEN
    expect(endpointPolicy(stack)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': [ACCOUNT] } } }],
    });
  });

  test('is account-wide with keys when endpointPolicyKeysOnly is false', () => {
    // GIVEN / WHEN
    const { stack, access } = newAccess({ createKey: true, endpointPolicyKeysOnly: false });
    access.addKey(importedKey(stack));

    // THEN
    expect(endpointPolicy(stack).Statement).toEqual([accountStatement('kms:*', '*')]);
  });
});

describe('PrivateKmsAccess grants', () => {
  function policyOf(stack: Stack, role: iam.Role): any {
    const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: logicalId(stack, role) }] },
    });
    expect(Object.keys(policies)).toHaveLength(1);
    const statements = (Object.values(policies)[0] as any).Properties.PolicyDocument.Statement;
    expect(statements).toHaveLength(1);
    return statements[0];
  }

  function setup() {
    const stack = envStack('S');
    const role = new iam.Role(stack, 'App', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    const { access } = newAccess({ createKey: true, keys: [importedKey(stack)] }, stack);
    const keyArns = [{ 'Fn::GetAtt': [logicalId(stack, access.key!), 'Arn'] }, IMPORTED_KEY_ARN];
    return { stack, role, access, keyArns };
  }

  test('grantEncryptDecrypt gives the explicit actions on the bound key ARNs', () => {
    // GIVEN
    const { stack, role, access, keyArns } = setup();

    // WHEN
    access.grantEncryptDecrypt(role);

    // THEN
    const statement = policyOf(stack, role);
    expect([...statement.Action].sort()).toEqual([
      'kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext',
      'kms:ReEncryptFrom', 'kms:ReEncryptTo',
    ]);
    expect(statement).toMatchObject({ Effect: 'Allow', Resource: keyArns });
  });

  test('grantDecrypt gives decrypt actions only', () => {
    // GIVEN
    const { stack, role, access, keyArns } = setup();

    // WHEN
    access.grantDecrypt(role);

    // THEN
    expect(policyOf(stack, role)).toMatchObject({ Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: keyArns });
  });

  test('grantEncrypt gives encrypt actions only', () => {
    // GIVEN
    const { stack, role, access, keyArns } = setup();

    // WHEN
    access.grantEncrypt(role);

    // THEN
    const statement = policyOf(stack, role);
    expect(statement.Action).not.toContain('kms:Decrypt');
    expect([...statement.Action].sort()).toEqual([
      'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:ReEncryptFrom', 'kms:ReEncryptTo',
    ]);
    expect(statement.Resource).toEqual(keyArns);
  });

  test.each(STACK_KINDS)('fails to grant when no keys are bound (%s)', (_kind, newStack) => {
    // GIVEN
    const { stack, access } = newAccess({}, newStack('S'));
    const role = new iam.Role(stack, 'App', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });

    // WHEN / THEN
    expect(errorMessageOf(() => access.grantEncryptDecrypt(role))).toMatch(/no keys are bound/);
    expect(errorMessageOf(() => access.grantDecrypt(role))).toMatch(/no keys are bound/);
    expect(errorMessageOf(() => access.grantEncrypt(role))).toMatch(/no keys are bound/);
  });
});

describe('PrivateKmsAccess validation', () => {
  test.each(STACK_KINDS)('fails with endpointPolicyKeysOnly true and no keys (%s)', (_kind, newStack) => {
    expect(errorMessageOf(() => newAccess({ endpointPolicyKeysOnly: true }, newStack('S'))))
      .toMatch(/endpointPolicyKeysOnly is true but no keys are bound/);
  });

  test.each(STACK_KINDS)('fails when adminVpcId is one of usageVpcIds (%s)', (_kind, newStack) => {
    expect(errorMessageOf(() => newAccess({
      mode: KmsAccessMode.SPLIT_ADMINISTRATION, adminVpcId: ADMIN_VPC_ID, usageVpcIds: [USAGE_VPC_ID, ADMIN_VPC_ID],
    }, newStack('S'))))
      .toMatch(/adminVpcId 'vpc-0bbbbbbbbbbbbbbb2' is also in usageVpcIds/);
  });

  test.each(STACK_KINDS.flatMap(([kind, newStack]) => [
    [KmsAccessMode.ENDPOINT, 'kms:*'],
    [KmsAccessMode.ENDPOINT, 'kms:Put*'],
    [KmsAccessMode.VPC, 'kms:PutKeyPolicy'],
    [KmsAccessMode.VPC, 'kms:ScheduleKeyDeletion'],
  ].map(([mode, action]) => [mode, action, kind, newStack] as const)))('fails in %s mode with the management action %s in restrictedActions (%s)', (mode, action, _kind, newStack) => {
    // GIVEN / WHEN / THEN
    expect(errorMessageOf(() => newAccess({ createKey: true, mode: mode as KmsAccessMode, restrictedActions: ['kms:Decrypt', action] }, newStack('S'))))
      .toMatch(new RegExp(`^restrictedActions contains '${action.replace('*', '\\*')}', which covers key management \\(kms:.*\\); `
        + 'denying it outside the network would also deny CloudFormation .* use KmsAccessMode.SPLIT_ADMINISTRATION with managementActions$'));
  });

  test('accepts cryptographic and read actions in restrictedActions', () => {
    // GIVEN / WHEN
    const { stack } = newAccess({ createKey: true, restrictedActions: ['kms:Decrypt', 'kms:GenerateDataKey*', 'kms:Describe*', 'kms:Sign'] });

    // THEN
    expect(keyStatements(stack).find(s => s.Sid === 'DenyUseOutsideVpcEndpoint').Action)
      .toEqual(['kms:Decrypt', 'kms:GenerateDataKey*', 'kms:Describe*', 'kms:Sign']);
  });

  test.each(STACK_KINDS)('fails when adminVpcId is vpc.vpcId, a token equal to the default usage VPC (%s)', (_kind, newStack) => {
    // GIVEN a VPC defined in the app: its id is a token
    const stack = newStack('S');
    const vpc = isolatedVpc(stack);

    // WHEN / THEN
    expect(errorMessageOf(() => new PrivateKmsAccess(stack, 'Kms', { vpc, mode: KmsAccessMode.SPLIT_ADMINISTRATION, adminVpcId: vpc.vpcId })))
      .toBe("adminVpcId '${Vpc8378EB38}' is also in the default usageVpcIds (the endpoint VPC); administration and use must come from different VPCs");
  });

  test('skips the key Region rule where the stack\'s Region is a token (no env)', () => {
    // GIVEN / WHEN: the key's Region is only known at deploy time
    const { stack } = newAccess({ createKey: true, serviceRegion: 'us-west-2' }, agnosticStack('S'));

    // THEN
    Template.fromStack(stack).resourceCountIs('AWS::KMS::Key', 1);
  });

  test('fails with serviceRegion and a key created in the stack\'s Region', () => {
    // Single: the rule compares the stack's concrete Region with serviceRegion; without env it is skipped (see the test above).
    // GIVEN / WHEN / THEN
    expect(errorMessageOf(() => newAccess({ createKey: true, serviceRegion: 'us-west-2' })))
      .toBe("createKey: key S/Kms/Key is created in us-east-1, but serviceRegion 'us-west-2' makes the endpoint reach KMS in us-west-2, "
        + 'where that key does not exist; bind keys of us-west-2 (by ARN) or drop serviceRegion');
  });

  test('fails with serviceRegion and an app key passed to keys or addKey', () => {
    // Single: the rule compares the stack's concrete Region with serviceRegion; without env it is skipped by design.
    // GIVEN
    const stack = envStack('S');
    const appKey = new kms.Key(stack, 'AppKey');

    // WHEN / THEN
    expect(errorMessageOf(() => newAccess({ keys: [appKey], serviceRegion: 'us-west-2' }, stack)))
      .toMatch(/^keys: key S\/AppKey is created in us-east-1/);
    const { access } = newAccess({ serviceRegion: 'us-west-2' }, envStack('T'));
    const otherKey = new kms.Key(Stack.of(access), 'OtherKey');
    expect(errorMessageOf(() => access.addKey(otherKey))).toMatch(/^addKey: key T\/OtherKey is created in us-east-1/);
  });

  test('accepts serviceRegion with a key of that Region imported by ARN', () => {
    // GIVEN
    const stack = envStack('S');
    const westKey = kms.Key.fromKeyArn(stack, 'West', 'arn:aws:kms:us-west-2:111111111111:key/aaaabbbb-1111-2222-3333-444455556666');

    // WHEN
    newAccess({ keys: [westKey], serviceRegion: 'us-west-2' }, stack);

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', { ServiceName: 'com.amazonaws.us-west-2.kms' });
  });

  test('binds the key behind a kms.Alias, not the alias', () => {
    // GIVEN
    const stack = envStack('S');
    const appKey = new kms.Key(stack, 'AppKey');
    const alias = new kms.Alias(stack, 'AppAlias', { aliasName: 'alias/app', targetKey: appKey });

    // WHEN
    newAccess({ keys: [alias] }, stack);

    // THEN: the key policy of the key carries the deny
    expect(keyStatements(stack, appKey).map((st: any) => st.Sid)).toContain('DenyUseOutsideVpcEndpoint');
    const endpointPolicyText = JSON.stringify(Template.fromStack(stack).findResources('AWS::EC2::VPCEndpoint'));
    expect(endpointPolicyText).not.toMatch(/alias\//);
  });

  test.each(STACK_KINDS)('fails with an imported alias in keys (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack('S');
    const alias = kms.Key.fromKeyArn(stack, 'AliasAsKey', 'arn:aws:kms:us-east-1:111111111111:alias/app');

    // WHEN / THEN
    expect(errorMessageOf(() => newAccess({ keys: [alias] }, stack)))
      .toMatch(/^keys contains the alias 'arn:aws:kms:us-east-1:111111111111:alias\/app'; KMS authorizes requests on the key ARN/);
  });

  test.each(STACK_KINDS)('fails when adminVpcId is the construct VPC, which is the default usage VPC (%s)', (_kind, newStack) => {
    // GIVEN an imported VPC whose id is known at synth
    const stack = newStack('S');
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
      vpcId: ADMIN_VPC_ID,
      vpcCidrBlock: '10.1.0.0/16',
      availabilityZones: ['us-east-1a', 'us-east-1b'],
      privateSubnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0aaaaaaaaaaaaaaa2'],
    });

    // WHEN / THEN
    expect(errorMessageOf(() => new PrivateKmsAccess(stack, 'Kms', { vpc, mode: KmsAccessMode.SPLIT_ADMINISTRATION, adminVpcId: ADMIN_VPC_ID })))
      .toMatch(/adminVpcId/);
  });

  test.each(STACK_KINDS)('fails in SPLIT_ADMINISTRATION mode without adminVpcId (%s)', (_kind, newStack) => {
    expect(errorMessageOf(() => newAccess({ mode: KmsAccessMode.SPLIT_ADMINISTRATION }, newStack('S'))))
      .toMatch(/adminVpcId is required in SPLIT_ADMINISTRATION mode/);
  });

  test.each(STACK_KINDS)('fails with adminVpcId in ENDPOINT mode (%s)', (_kind, newStack) => {
    expect(errorMessageOf(() => newAccess({ adminVpcId: ADMIN_VPC_ID }, newStack('S'))))
      .toMatch(/adminVpcId only applies in SPLIT_ADMINISTRATION mode, got mode ENDPOINT/);
  });

  test.each(STACK_KINDS)('fails with managementActions outside SPLIT_ADMINISTRATION mode (%s)', (_kind, newStack) => {
    expect(errorMessageOf(() => newAccess({ mode: KmsAccessMode.VPC, managementActions: ['kms:PutKeyPolicy'] }, newStack('S'))))
      .toMatch(/managementActions only applies/);
  });

  test.each(STACK_KINDS)('fails with usageVpcIds in ENDPOINT mode (%s)', (_kind, newStack) => {
    expect(errorMessageOf(() => newAccess({ usageVpcIds: [USAGE_VPC_ID] }, newStack('S'))))
      .toMatch(/usageVpcIds only applies in VPC and SPLIT_ADMINISTRATION modes/);
  });

  test.each(STACK_KINDS)('fails with additionalSourceVpceIds in VPC mode (%s)', (_kind, newStack) => {
    expect(errorMessageOf(() => newAccess({ mode: KmsAccessMode.VPC, additionalSourceVpceIds: ['vpce-0123456789abcdef0'] }, newStack('S'))))
      .toMatch(/additionalSourceVpceIds only applies in ENDPOINT mode, got mode VPC/);
  });

  test.each(STACK_KINDS)('fails with a malformed VPC id in usageVpcIds (%s)', (_kind, newStack) => {
    expect(errorMessageOf(() => newAccess({ mode: KmsAccessMode.VPC, usageVpcIds: ['vpc-XYZ'] }, newStack('S'))))
      .toMatch(/usageVpcIds contains 'vpc-XYZ', which is not a VPC id/);
  });

  test.each(STACK_KINDS)('fails with a malformed adminVpcId (%s)', (_kind, newStack) => {
    expect(errorMessageOf(() => newAccess({ mode: KmsAccessMode.SPLIT_ADMINISTRATION, adminVpcId: 'my-admin-vpc' }, newStack('S'))))
      .toMatch(/adminVpcId contains 'my-admin-vpc', which is not a VPC id/);
  });

  test.each(STACK_KINDS)('fails with a malformed endpoint id in additionalSourceVpceIds (%s)', (_kind, newStack) => {
    expect(errorMessageOf(() => newAccess({ additionalSourceVpceIds: ['vpc-0123456789abcdef0'] }, newStack('S'))))
      .toMatch(/additionalSourceVpceIds contains 'vpc-0123456789abcdef0', which is not a VPC endpoint id/);
  });

  test.each(STACK_KINDS)('fails with empty usageVpcIds (%s)', (_kind, newStack) => {
    expect(errorMessageOf(() => newAccess({ mode: KmsAccessMode.VPC, usageVpcIds: [] }, newStack('S')))).toMatch(/usageVpcIds is empty/);
  });

  test.each(STACK_KINDS)('fails with an unknown KMS action in restrictedActions (%s)', (_kind, newStack) => {
    expect(errorMessageOf(() => newAccess({ createKey: true, restrictedActions: ['kms:Decrypt', 'kms:Decript'] }, newStack('S'))))
      .toMatch(/restrictedActions contains unknown KMS actions 'kms:Decript'/);
  });

  test.each(STACK_KINDS)('fails with an unknown KMS action in managementActions (%s)', (_kind, newStack) => {
    expect(errorMessageOf(() => newAccess({
      mode: KmsAccessMode.SPLIT_ADMINISTRATION, adminVpcId: ADMIN_VPC_ID, managementActions: ['kms:PutKeyPolicies'],
    }, newStack('S'))))
      .toMatch(/managementActions contains unknown KMS actions 'kms:PutKeyPolicies'/);
  });

  test.each(STACK_KINDS)('fails with empty restrictedActions (%s)', (_kind, newStack) => {
    expect(errorMessageOf(() => newAccess({ restrictedActions: [] }, newStack('S')))).toMatch(/restrictedActions is empty/);
  });

  test.each(STACK_KINDS)('fails with a non-KMS action in restrictedActions (%s)', (_kind, newStack) => {
    expect(errorMessageOf(() => newAccess({ restrictedActions: ['s3:GetObject'] }, newStack('S'))))
      .toMatch(/restrictedActions contains unknown KMS actions 's3:GetObject'/);
  });

  test.each(STACK_KINDS)('fails with keyAlias without createKey (%s)', (_kind, newStack) => {
    expect(errorMessageOf(() => newAccess({ keyAlias: 'alias/app-data' }, newStack('S'))))
      .toMatch(/keyAlias 'alias\/app-data' needs createKey: true/);
  });

  test.each(STACK_KINDS)('fails with a token keyAlias without createKey, showing the value (%s)', (_kind, newStack) => {
    const stack = newStack('S');
    expect(errorMessageOf(() => newAccess({ keyAlias: Fn.importValue('AliasName') }, stack)))
      .toBe("keyAlias '${Import AliasName}' needs createKey: true; set it, or alias your own key and pass it in keys");
  });

  test.each(STACK_KINDS)('fails with an additionalKeyPolicyStatements entry without a principal (%s)', (_kind, newStack) => {
    const statement = new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['kms:Decrypt'], resources: ['*'] });
    expect(errorMessageOf(() => newAccess({ createKey: true, additionalKeyPolicyStatements: [statement] }, newStack('S'))))
      .toMatch(/additionalKeyPolicyStatements\[0\] has no principal/);
  });

  test.each(STACK_KINDS)('fails with an endpointPolicy statement without a principal (%s)', (_kind, newStack) => {
    const policy = EndpointPolicy.fromStatements([new iam.PolicyStatement({ actions: ['kms:*'], resources: ['*'] })]);
    expect(errorMessageOf(() => newAccess({ endpointPolicy: policy }, newStack('S'))))
      .toMatch(/endpointPolicy: endpoint policy statement 1 has no Principal/);
  });

  test.each(STACK_KINDS)('fails with endpointPolicy together with endpointPolicyKeysOnly (%s)', (_kind, newStack) => {
    const policy = EndpointPolicy.allowAccounts([ACCOUNT]);
    expect(errorMessageOf(() => newAccess({ createKey: true, endpointPolicy: policy, endpointPolicyKeysOnly: true }, newStack('S'))))
      .toMatch(/endpointPolicyKeysOnly/);
  });

  test('fails with AwsServiceExemption.viaServices([])', () => {
    // Single: viaServices checks its argument before any stack exists, so there is no stack kind to vary.
    expect(() => AwsServiceExemption.viaServices([])).toThrow(/AwsServiceExemption.viaServices needs at least one service/);
  });
});

describe('PrivateKmsAccess aws:SourceIp warning', () => {
  const sourceIpStatement = (principal: iam.IPrincipal) => new iam.PolicyStatement({
    principals: [principal],
    actions: ['kms:Decrypt'],
    resources: ['*'],
    conditions: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
  });

  test('warns when additionalKeyPolicyStatements use aws:SourceIp', () => {
    // GIVEN / WHEN
    const { stack } = newAccess({ createKey: true, additionalKeyPolicyStatements: [sourceIpStatement(new iam.AccountRootPrincipal())] });

    // THEN
    Annotations.fromStack(stack).hasWarning('/S/Kms', Match.stringLikeRegexp('cdk-privatelink:PrivateKmsAccess.sourceIp'));
  });

  test('warns when the endpointPolicy uses aws:SourceIp', () => {
    // GIVEN / WHEN
    const { stack } = newAccess({ endpointPolicy: EndpointPolicy.fromStatements([sourceIpStatement(new iam.StarPrincipal())]) });

    // THEN
    Annotations.fromStack(stack).hasWarning('/S/Kms', Match.stringLikeRegexp('cdk-privatelink:PrivateKmsAccess.sourceIp'));
  });

  test('does not warn without aws:SourceIp', () => {
    // GIVEN / WHEN
    const { stack } = newAccess({ createKey: true, endpointPolicy: EndpointPolicy.allowAccounts([ACCOUNT]) });

    // THEN
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('sourceIp'));
  });
});

describe('PrivateKmsAccess template quality', () => {
  test('passes the template-quality checks with createKey: true', () => {
    // GIVEN an environment-agnostic stack (literal AZs from a concrete environment are a cfn-lint W3010 finding)
    const stack = agnosticStack('Clean');
    const vpc = newVpc(stack);
    acknowledgeVpcFlowLogs(vpc, 'Flow logs are outside this test: it checks the KMS access construct only');

    // WHEN
    new PrivateKmsAccess(stack, 'Kms', { vpc, createKey: true, keyAlias: 'alias/app-data' });
    const result = expectCleanSynth(stack);

    // THEN
    expect(result.failures).toEqual([]);
    expect(result.findings.filter(f => f.constructPath?.startsWith('Clean/Kms') && !f.acknowledged && f.severity !== 'info')).toEqual([]);
  });
});

describe('PrivateKmsAccess deployment role in SPLIT_ADMINISTRATION mode', () => {
  test('exempts the CloudFormation execution role of the default synthesizer from the admin-VPC condition', () => {
    // GIVEN
    const stack = envStack('S');
    const vpc = newVpc(stack);

    // WHEN
    new PrivateKmsAccess(stack, 'Kms', { vpc, createKey: true, mode: KmsAccessMode.SPLIT_ADMINISTRATION, adminVpcId: 'vpc-0bbbbbbbbbbbbbbb2' });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Sid: 'DenyManagementOutsideAdminVpc',
          Condition: Match.objectLike({
            ArnNotEquals: {
              'aws:PrincipalArn': [{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::111111111111:role/cdk-hnb659fds-cfn-exec-role-111111111111-us-east-1' }],
            },
          }),
        })]),
      },
    });
  });

  test('uses managementExemptPrincipalArns when given', () => {
    const stack = envStack('S');
    const vpc = newVpc(stack);
    new PrivateKmsAccess(stack, 'Kms', {
      vpc,
      createKey: true,
      mode: KmsAccessMode.SPLIT_ADMINISTRATION,
      adminVpcId: 'vpc-0bbbbbbbbbbbbbbb2',
      managementExemptPrincipalArns: ['arn:aws:iam::111111111111:role/deployer'],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Sid: 'DenyManagementOutsideAdminVpc',
          Condition: Match.objectLike({ ArnNotEquals: { 'aws:PrincipalArn': ['arn:aws:iam::111111111111:role/deployer'] } }),
        })]),
      },
    });
  });

  test('warns when the execution role cannot be known (another synthesizer)', () => {
    const app = testApp();
    const stack = new Stack(app, 'Legacy', { synthesizer: new LegacyStackSynthesizer() });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    new PrivateKmsAccess(stack, 'Kms', { vpc, createKey: true, mode: KmsAccessMode.SPLIT_ADMINISTRATION, adminVpcId: 'vpc-0bbbbbbbbbbbbbbb2' });
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('managementExemptPrincipalArns'));
  });

  test('adds no principal exemption outside SPLIT_ADMINISTRATION mode', () => {
    const stack = envStack('S');
    const vpc = newVpc(stack);
    new PrivateKmsAccess(stack, 'Kms', { vpc, createKey: true });
    expect(JSON.stringify(Template.fromStack(stack).toJSON())).not.toMatch(/ArnNotEquals/);
  });
});
