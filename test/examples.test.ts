import { Template } from 'aws-cdk-lib/assertions';
import { buildExamples } from '../examples';
import { expectCleanSynth, testApp } from './harness';
import { formatTable, renderValue, summarizeEndpoints } from '../examples/report';

describe('examples', () => {
  const app = testApp();
  const stacks = buildExamples(app);
  const result = expectCleanSynth(app);

  test('every example stack passes the template-quality checks with cfn-lint included', () => {
    expect(stacks.length).toBeGreaterThan(0);
    expect(result.cfnLintRan).toBe(true);
    expect(result.failures).toEqual([]);
    // cfn-lint must not report anything on example templates, acknowledged or not, except W3005 on
    // the custom resource providers' functions: aws-cdk-lib's lambda.Function always lists its role in
    // DependsOn as well as in a GetAtt, and the provider acknowledges that with its reason.
    const lint = result.findings.filter(f => f.layer === 'cfn-lint');
    const providers = ['/CdkPrivateLinkResolverAddressesProvider/', '/CdkPrivateLinkEndpointConnectionProvider/'];
    expect(lint.filter(f => !(f.rule === 'W3005' && f.acknowledged && providers.some(p => f.constructPath?.includes(p))))).toEqual([]);
    expect(new Set(lint.map(f => `${f.stackName}/${f.logicalId}`)).size).toBe(lint.length);
  });

  test.each(stacks.map(s => [s.stackName, s] as const))('%s matches its snapshot', (_name, stack) => {
    expect(Template.fromStack(stack).toJSON()).toMatchSnapshot();
  });
});

describe('demo report', () => {
  test('renders intrinsics as short text', () => {
    expect(renderValue({ 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.kms']] })).toBe('com.amazonaws.${AWS::Region}.kms');
    expect(renderValue({ 'Fn::Select': [1, { 'Fn::GetAZs': '' }] })).toBe('AZ[1]');
    expect(renderValue({ 'Fn::GetAtt': ['Res', 'Arn'] })).toBe('Res.Arn');
    expect(renderValue({ Ref: 'Subnet1' })).toBe('Subnet1');
  });

  test('summarises interface, gateway and lattice endpoints with their placement', () => {
    const template = {
      Resources: {
        SubnetA: { Type: 'AWS::EC2::Subnet', Properties: { AvailabilityZone: 'eu-west-1a' } },
        Kms: { Type: 'AWS::EC2::VPCEndpoint', Properties: { ServiceName: 'com.amazonaws.eu-west-1.kms', SubnetIds: [{ Ref: 'SubnetA' }] } },
        S3: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcEndpointType: 'Gateway', ServiceName: 'com.amazonaws.eu-west-1.s3', RouteTableIds: ['rtb-1', 'rtb-2'] } },
        Rc: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcEndpointType: 'Resource', ResourceConfigurationArn: 'arn:rc', SubnetIds: [{ Ref: 'SubnetA' }] } },
        Other: { Type: 'AWS::EC2::VPC', Properties: {} },
      },
    };
    expect(summarizeEndpoints(template)).toEqual([
      { logicalId: 'Kms', type: 'Interface', service: 'com.amazonaws.eu-west-1.kms', placement: '1 subnet(s): eu-west-1a' },
      { logicalId: 'Rc', type: 'Resource', service: 'arn:rc', placement: '1 subnet(s): eu-west-1a' },
      { logicalId: 'S3', type: 'Gateway', service: 'com.amazonaws.eu-west-1.s3', placement: '2 route table(s)' },
    ]);
  });

  test('formats one row per endpoint and a total line', () => {
    const table = formatTable([{
      stackName: 'S',
      resourceCount: 3,
      templateBytes: 100,
      endpoints: [{ logicalId: 'Kms', type: 'Interface', service: 'kms', placement: '2 subnet(s)' }],
    }]);
    expect(table.split('\n')[0]).toMatch(/^Stack +\| Resources \| Bytes \| Endpoint \| Type +\| Service \| Subnets/);
    expect(table).toMatch(/^S +\| 3 +\| 100 +\| Kms +\| Interface \| kms +\| 2 subnet\(s\)$/m);
    expect(table).toMatch(/1 stack\(s\), 1 endpoint\(s\)$/);
  });
});
