import { App, Aws, Fn, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { maxJsonLength } from '../../src/private/policy-length';
import { resourceTypesOf } from '../../src/private/tokens';

const NO_RESOURCES = (): string | undefined => undefined;

describe('maxJsonLength', () => {
  test('is the exact compact JSON length of a value without intrinsics', () => {
    const value = { Statement: [{ Effect: 'Allow', Resource: ['arn:aws:s3:::a "quoted" name'], Sid: undefined }] };
    expect(maxJsonLength(value, NO_RESOURCES)).toBe(JSON.stringify(value).length);
  });

  test('counts pseudo parameters at their longest values', () => {
    // The longest Region, partition and URL suffix RegionInfo knows, and a 12-digit account.
    const region = Math.max(...RegionInfo.regions.map(r => r.name.length));
    const partition = Math.max(...RegionInfo.regions.map(r => r.partition?.length ?? 0));
    const value = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':kms:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':key/k']] };
    expect(maxJsonLength(value, NO_RESOURCES)).toBe(2 + 'arn:'.length + partition + ':kms:'.length + region + 1 + 12 + ':key/k'.length);
    expect(region).toBeGreaterThanOrEqual('ap-southeast-4'.length);
    expect(partition).toBe('aws-us-gov'.length);
  });

  test('bounds Fn::Sub placeholders, keeps ${!Literal} text and uses the variable map', () => {
    const value = { 'Fn::Sub': ['${AWS::AccountId}-${!Literal}-${Name}', { Name: 'abc' }] };
    expect(maxJsonLength(value, NO_RESOURCES)).toBe(2 + 12 + '-${Literal}-'.length + 3);
  });

  test('takes the longer branch of Fn::If and the longest element of Fn::Select', () => {
    expect(maxJsonLength({ 'Fn::If': ['C', 'short', 'much longer'] }, NO_RESOURCES)).toBe(2 + 'much longer'.length);
    expect(maxJsonLength({ 'Fn::Select': [0, ['a', 'abcd']] }, NO_RESOURCES)).toBe(2 + 4);
  });

  test('bounds references to resources of known types', () => {
    // GIVEN
    const stack = new Stack(new App(), 'S');
    const key = new kms.Key(stack, 'Key');
    const types = resourceTypesOf(stack);

    // THEN: a key ARN is arn:<partition>:kms:<region>:<account>:key/<36-character id>
    const bound = maxJsonLength(stack.resolve(key.keyArn), types)!;
    const region = Math.max(...RegionInfo.regions.map(r => r.name.length));
    expect(bound).toBe(2 + 'arn:aws-us-gov:kms:'.length + region + ':111111111111:key/'.length + 36);
    expect(maxJsonLength(stack.resolve(key.keyId), types)).toBe(2 + 36);
  });

  test('cannot bound parameters, imports, unknown resource types and list intrinsics', () => {
    expect(maxJsonLength({ Ref: 'SomeParameter' }, NO_RESOURCES)).toBeUndefined();
    expect(maxJsonLength({ 'Fn::ImportValue': 'Export' }, NO_RESOURCES)).toBeUndefined();
    expect(maxJsonLength({ 'Fn::GetAtt': ['Res', 'Arn'] }, () => 'AWS::Some::Thing')).toBeUndefined();
    expect(maxJsonLength(['a', { 'Fn::GetAZs': '' }], NO_RESOURCES)).toBeUndefined();
    expect(maxJsonLength({ a: [{ 'Fn::Split': [',', 'a,b'] }] }, NO_RESOURCES)).toBeUndefined();
  });

  test.each(RegionInfo.regions.map(r => [r.name, r.partition ?? '', r.domainSuffix ?? ''] as const))(
    'is at least the deployed length of an ARN and URL suffix in %s', (region, partition, urlSuffix) => {
      // GIVEN: an ARN and the URL suffix in an environment-agnostic stack
      const stack = new Stack(new App(), 'Agnostic');
      const value = stack.resolve([stack.formatArn({ service: 'kms', resource: 'key', resourceName: 'k' }), Aws.URL_SUFFIX, Fn.sub('${AWS::Partition}')]);

      // WHEN: the values CloudFormation gives them in the Region
      const deployed = [`arn:${partition}:kms:${region}:123456789012:key/k`, urlSuffix, partition];

      // THEN
      expect(maxJsonLength(value, NO_RESOURCES)).toBeGreaterThanOrEqual(JSON.stringify(deployed).length);
    });
});
