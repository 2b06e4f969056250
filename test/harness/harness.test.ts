import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { cfnLintAvailable, cfnLintVersion, PINNED_CFN_LINT_VERSION } from './cfn-lint';
import { acknowledge, expectCleanSynth, Finding, synthWithChecks, testApp } from './index';

/**
 * A stack with three planted faults:
 * - a misspelled property (`VpcIdd`) added through an override;
 * - SSH ingress from 0.0.0.0/0;
 * - a subnet pinned to one of CDK's dummy Availability Zones (what an un-looked-up env gives);
 * - a plain aws-cdk-lib interface endpoint whose security group is open to 0.0.0.0/0.
 */
function brokenStack() {
  const app = testApp();
  const stack = new Stack(app, 'Broken', { env: { account: '111111111111', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 1,
    natGateways: 0,
    subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  const sg = new ec2.SecurityGroup(stack, 'OpenSg', { vpc, allowAllOutbound: false });
  sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22), 'planted fault: ssh from anywhere');
  (sg.node.defaultChild as ec2.CfnSecurityGroup).addPropertyOverride('VpcIdd', 'vpc-12345678');
  const endpoint = vpc.addInterfaceEndpoint('Sqs', { service: ec2.InterfaceVpcEndpointAwsService.SQS, privateDnsEnabled: false });
  endpoint.connections.allowDefaultPortFromAnyIpv4('planted fault: endpoint open to the internet');
  return { app, stack, vpc, sg };
}

const failuresOf = (findings: Finding[], layer: Finding['layer']) =>
  findings.filter(f => f.layer === layer && !f.acknowledged);

describe('template-quality harness', () => {
  let findings: Finding[];
  let cfnLintRan: boolean;

  beforeAll(() => {
    // GIVEN a stack with planted faults WHEN it goes through every check
    const result = synthWithChecks(brokenStack().stack);
    findings = result.findings;
    cfnLintRan = result.cfnLintRan;
  });

  test('the cfn-lint that requirements-dev.txt pins runs, so its layer is not skipped', () => {
    // `npx projen cfn-lint:install` puts it in .venv; .ci/run does so on every run.
    expect(cfnLintVersion()).toBe(PINNED_CFN_LINT_VERSION);
    expect(cfnLintAvailable()).toBe(true);
    expect(cfnLintRan).toBe(true);
  });

  test('built-in CloudFormation validation reports the misspelled property as an error', () => {
    expect(failuresOf(findings, 'cloudformation-validate')).toEqual(expect.arrayContaining([
      expect.objectContaining({
        rule: 'F3002',
        severity: 'error',
        constructPath: 'Broken/OpenSg/Resource',
        message: expect.stringContaining('VpcIdd'),
        acknowledgeId: 'CloudFormation-Validate::F3002',
      }),
    ]));
  });

  test('cdk-nag reports the open ingress in all three packs', () => {
    const rules = failuresOf(findings, 'cdk-nag')
      .filter(f => f.constructPath === 'Broken/OpenSg/Resource' && f.severity === 'error')
      .map(f => f.rule);
    expect(rules).toEqual(expect.arrayContaining([
      'AwsSolutions-EC23',
      'NIST.800.53.R5-EC2RestrictedSSH',
      'HIPAA.Security-EC2RestrictedSSH',
    ]));
  });

  test('PrivateLinkChecks reports the open endpoint security group', () => {
    expect(failuresOf(findings, 'privatelink')).toEqual(expect.arrayContaining([
      expect.objectContaining({
        rule: 'PrivateLink-Network1',
        severity: 'warning',
        constructPath: 'Broken/Vpc/Sqs/Resource',
        acknowledgeId: 'PrivateLink::PrivateLink-Network1',
      }),
    ]));
  });

  test('Control Tower guard rules report the open ingress (CT.EC2.PR.3 and CT.EC2.PR.4)', () => {
    const ct = failuresOf(findings, 'control-tower').filter(f => f.constructPath === 'Broken/OpenSg/Resource');
    expect(ct.map(f => f.rule)).toEqual(expect.arrayContaining([
      'vpc_sg_open_only_to_authorized_ports_check',
      'vpc_sg_restricted_common_ports_check',
    ]));
    expect(ct.map(f => f.message).join('\n')).toMatch(/CT\.EC2\.PR\.3/);
  });

  test('cfn-lint reports the hard-coded dummy AZ (W3010) and the misspelled property (E3002)', () => {
    const lint = failuresOf(findings, 'cfn-lint');
    expect(lint).toEqual(expect.arrayContaining([
      expect.objectContaining({ rule: 'W3010', severity: 'warning', message: expect.stringContaining('dummy1a') }),
      expect.objectContaining({ rule: 'E3002', severity: 'error', logicalId: expect.stringMatching(/^OpenSg/) }),
    ]));
  });

  test('fails expectCleanSynth with every layer named in the message', () => {
    const { stack } = brokenStack();
    let message = '';
    try {
      expectCleanSynth(stack);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^template checks found \d+ problem/);
    expect(message).toMatch(/\[cloudformation-validate\] error F3002 on Broken\/OpenSg\/Resource/);
    expect(message).toMatch(/\[cdk-nag\] error AwsSolutions-EC23 on Broken\/OpenSg\/Resource/);
    expect(message).toMatch(/\[control-tower\] error vpc_sg_open_only_to_authorized_ports_check/);
    expect(message).toMatch(/\[cfn-lint\] warning W3010 .*dummy1a/);
    expect(message).toMatch(/acknowledge with 'AwsSolutions::AwsSolutions-EC23'/);
  });
});

describe('acknowledgements', () => {
  test('an acknowledged finding no longer fails and keeps its reason', () => {
    // GIVEN a security group with a planted misspelling, acknowledged on the resource itself
    const app = testApp();
    const stack = new Stack(app, 'Acked');
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    const sg = new ec2.SecurityGroup(stack, 'Sg', { vpc, allowAllOutbound: false });
    const cfnSg = sg.node.defaultChild as ec2.CfnSecurityGroup;
    cfnSg.addPropertyOverride('Labels', 'x');
    acknowledge(cfnSg, 'CloudFormation-Validate::F3002', 'planted for this test');
    acknowledge(cfnSg, 'cfn-lint::E3002', 'planted for this test');

    // WHEN
    const { findings, failures } = synthWithChecks(stack);

    // THEN
    expect(failures.filter(f => f.constructPath === 'Acked/Sg/Resource' && /F3002|E3002/.test(f.rule))).toEqual([]);
    expect(findings).toEqual(expect.arrayContaining([
      expect.objectContaining({ layer: 'cloudformation-validate', rule: 'F3002', acknowledged: true, reason: 'planted for this test' }),
      expect.objectContaining({ layer: 'cfn-lint', rule: 'E3002', acknowledged: true, reason: 'planted for this test' }),
    ]));
  });

  test('an acknowledgement counts only on its own construct, though aws-cdk-lib applies it app-wide', () => {
    // GIVEN two security groups open to SSH from anywhere, the finding acknowledged on the first only
    const app = testApp();
    const stack = new Stack(app, 'Leak');
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    for (const id of ['First', 'Second']) {
      new ec2.SecurityGroup(stack, id, { vpc, allowAllOutbound: false }).addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22), 'planted');
    }
    acknowledge(stack.node.findChild('First'), 'AwsSolutions::AwsSolutions-EC23', 'planted for this test');

    // WHEN
    const { findings, failures } = synthWithChecks(stack);

    // THEN the first stays acknowledged, the second fails and says where the acknowledgement was
    const ec23 = findings.filter(f => f.rule === 'AwsSolutions-EC23');
    expect(ec23.find(f => f.constructPath === 'Leak/First/Resource')).toEqual(expect.objectContaining({ acknowledged: true }));
    expect(failures.find(f => f.rule === 'AwsSolutions-EC23' && f.constructPath === 'Leak/Second/Resource'))
      .toEqual(expect.objectContaining({ acknowledged: false, message: expect.stringMatching(/acknowledged only elsewhere in the app, at Leak\/First/) }));
  });

  test('fails on an acknowledgement without a reason, without a source, or on a stack', () => {
    const app = testApp();
    const stack = new Stack(app, 'BadAcks');
    const sg = new ec2.SecurityGroup(stack, 'Sg', {
      vpc: new ec2.Vpc(stack, 'Vpc', {
        maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
      }),
      allowAllOutbound: false,
    });
    acknowledge(sg, 'AwsSolutions::AwsSolutions-EC23', '  ');
    acknowledge(sg, 'AwsSolutions-EC27', 'no source prefix');
    acknowledge(stack, 'AwsSolutions::AwsSolutions-VPC7', 'too broad');

    const messages = synthWithChecks(stack).failures.filter(f => f.layer === 'harness').map(f => f.message);

    expect(messages).toEqual(expect.arrayContaining([
      expect.stringMatching(/'AwsSolutions::AwsSolutions-EC23' has no reason/),
      expect.stringMatching(/'.*AwsSolutions-EC27' must name its source/),
      expect.stringMatching(/'AwsSolutions::AwsSolutions-VPC7' is on BadAcks; place it on the resource/),
    ]));
  });

  test('fails when the app was not created with testApp()', () => {
    const { App } = jest.requireActual('aws-cdk-lib');
    const stack = new Stack(new App(), 'Plain');
    expect(() => synthWithChecks(stack)).toThrow(/testApp\(\)/);
  });
});
