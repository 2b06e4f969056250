import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { normalizeForComparison } from './normalize';
import { EndpointPolicy, GwlbInspectionService, GwlbInspectionVpc, InterfaceEndpoint, PrivateKmsAccess, S3HybridPrivateDns } from '../../src';

/**
 * The Python smoke test: examples/python/app.py, run in the fresh venv that
 * `npx projen smoke:python:install` builds from the wheel in dist/python, must synthesize the
 * same template as the TypeScript twin below.
 *
 * Where the venv is missing the test is skipped, so a contributor without Python can run
 * `npm test`; under CI=true (.ci/run builds the venv) a missing venv fails the test instead.
 */
const ROOT = path.join(__dirname, '..', '..');
const VENV = path.join(ROOT, '.smoke', 'python');
const PYTHON = path.join(VENV, 'bin', 'python');
const APP = path.join(ROOT, 'examples', 'python', 'app.py');

function wheelInstalled(): boolean {
  const lib = path.join(VENV, 'lib');
  if (!fs.existsSync(PYTHON) || !fs.existsSync(lib)) return false;
  return fs.readdirSync(lib).some(py => fs.existsSync(path.join(lib, py, 'site-packages', 'cdk_privatelink')));
}

/** The same stack as examples/python/app.py, in TypeScript. */
function typescriptTwin(outdir: string): any {
  const app = new App({ outdir });
  const stack = new Stack(app, 'PythonSmoke');
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    ipAddresses: ec2.IpAddresses.cidr('10.50.0.0/16'),
    maxAzs: 2,
    natGateways: 0,
    subnetConfiguration: [{ name: 'private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
  });
  new InterfaceEndpoint(stack, 'Sts', {
    vpc,
    service: ec2.InterfaceVpcEndpointAwsService.STS,
    policy: EndpointPolicy.allowAccounts([stack.account]),
  });
  const kmsAccess = new PrivateKmsAccess(stack, 'Kms', { vpc, createKey: true, keyAlias: 'alias/python-smoke' });
  const appRole = new iam.Role(stack, 'AppRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
  kmsAccess.grantEncryptDecrypt(appRole);
  new S3HybridPrivateDns(stack, 'S3', { vpc, onPremisesCidrs: ['10.100.0.0/16'] });
  const inspection = GwlbInspectionService.fromServiceAttributes(stack, 'Inspection', {
    serviceName: 'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0',
  });
  new GwlbInspectionVpc(stack, 'Inspected', { service: inspection, ipv4Cidr: '10.60.0.0/16' });
  return app.synth().getStackByName('PythonSmoke').template;
}

/** The S3 keys of the code assets of a template's Lambda functions, sorted. */
function lambdaCodeKeys(template: any): string[] {
  return Object.values<any>(template.Resources)
    .filter(r => r.Type === 'AWS::Lambda::Function')
    .map(r => r.Properties.Code.S3Key)
    .sort();
}

const installed = wheelInstalled();
const runIt = installed || process.env.CI === 'true' ? test : test.skip;

describe('Python smoke test', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-privatelink-python-'));
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  runIt('examples/python/app.py synthesizes the same template as its TypeScript twin', () => {
    // GIVEN the wheel installed in a fresh venv (CI must have built it)
    expect({ installed, venv: path.relative(ROOT, VENV) }).toEqual({ installed: true, venv: path.join('.smoke', 'python') });

    // WHEN the Python app synthesizes
    const pythonOut = path.join(outdir, 'python');
    const run = spawnSync(PYTHON, [APP], {
      cwd: ROOT,
      encoding: 'utf-8',
      env: { ...process.env, CDK_VALIDATION: 'true', CDK_OUTDIR: pythonOut, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' },
      timeout: 110_000,
    });
    if (run.status !== 0) {
      throw new Error(`examples/python/app.py exited with ${run.status ?? run.signal}:\n${run.stderr}`);
    }
    const pythonTemplate = JSON.parse(fs.readFileSync(path.join(pythonOut, 'PythonSmoke.template.json'), 'utf-8'));

    // THEN it equals the TypeScript twin's, CDK metadata aside
    const tsTemplate = typescriptTwin(path.join(outdir, 'typescript'));
    const types = Object.values<any>(pythonTemplate.Resources).map(r => r.Type);
    // STS and KMS interface endpoints, S3HybridPrivateDns's S3 gateway and S3 interface endpoints, and two GWLB endpoints
    expect(types.filter(t => t === 'AWS::EC2::VPCEndpoint')).toHaveLength(6);
    expect(types.filter(t => t === 'AWS::Route53Resolver::ResolverEndpoint')).toHaveLength(1);
    expect(types.filter(t => t === 'Custom::ResolverEndpointAddresses')).toHaveLength(1);
    expect(types.filter(t => t === 'Custom::GwlbEndpointConnection')).toHaveLength(1);
    expect(types.filter(t => t === 'AWS::EC2::GatewayRouteTableAssociation')).toHaveLength(1);
    expect(types).toEqual(expect.arrayContaining([
      'AWS::KMS::Key', 'AWS::KMS::Alias', 'AWS::IAM::Policy', 'AWS::Lambda::Function', 'AWS::StepFunctions::StateMachine',
    ]));
    // The custom resource handlers are assets: the wheel carries the same bundles (assets/s3/..., assets/gwlb/...) as src/ uses,
    // and the Python synthesis stages each one into its assembly
    expect(lambdaCodeKeys(pythonTemplate)).toEqual(lambdaCodeKeys(tsTemplate));
    const assets = JSON.parse(fs.readFileSync(path.join(pythonOut, 'PythonSmoke.assets.json'), 'utf-8'));
    for (const key of lambdaCodeKeys(pythonTemplate)) {
      const staged = path.join(pythonOut, assets.files[key.replace(/\.zip$/, '')].source.path);
      expect(fs.readdirSync(staged).length).toBeGreaterThan(0);
    }
    expect(normalizeForComparison(pythonTemplate)).toEqual(normalizeForComparison(tsTemplate));
  });
});
