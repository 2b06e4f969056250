/**
 * The cost of PrivateLinkChecks: synthesis time of the demo app and of a plain aws-cdk-lib VPC with
 * 50 interface endpoints, with and without the pack. Not part of the test run; run it with
 * `npx projen bench:checks`. Whole-synth medians vary by tens of milliseconds from run to run; the
 * pack's own time (measured around its validate call) is the stable figure.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, IPolicyValidationContext, PolicyValidationPluginReport, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { buildExamples } from '../../examples/index';
import { PrivateLinkChecks } from '../../src/checks/private-link-checks';

const RUNS = 7;

/** The pack, counting its runs and the endpoints it saw, to show it ran. */
class CountingChecks extends PrivateLinkChecks {
  public static runs = 0;
  public static endpoints = 0;
  public static ms = 0;
  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    CountingChecks.runs++;
    const start = process.hrtime.bigint();
    for (const file of context.templatePaths) {
      const template = JSON.parse(fs.readFileSync(file, 'utf-8'));
      CountingChecks.endpoints += Object.values<any>(template.Resources ?? {}).filter(r => r.Type === 'AWS::EC2::VPCEndpoint').length;
    }
    const report = super.validate(context);
    CountingChecks.ms += Number(process.hrtime.bigint() - start) / 1e6;
    return report;
  }
}

function plainVpcWith50Endpoints(app: App): void {
  const stack = new Stack(app, 'Plain50');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'i', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  for (let n = 0; n < 50; n++) {
    vpc.addInterfaceEndpoint(`E${n}`, { service: new ec2.InterfaceVpcEndpointService(`com.amazonaws.vpce.us-east-1.vpce-svc-${String(n).padStart(17, '0')}`) });
  }
}

function synthMs(build: (app: App) => void, withPack: boolean): number {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  const app = new App({ outdir });
  build(app);
  if (withPack) Validations.of(app).addPlugins(new CountingChecks());
  const start = process.hrtime.bigint();
  app.synth();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  fs.rmSync(outdir, { recursive: true, force: true });
  return ms;
}

const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];

for (const [name, build] of [['demo app', buildExamples], ['plain VPC, 50 endpoints', plainVpcWith50Endpoints]] as const) {
  // Warm up, then alternate the two variants so both see the same machine state.
  for (let i = 0; i < 3; i++) synthMs(build, i % 2 === 0);
  const without: number[] = [];
  const withPack: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    without.push(synthMs(build, false));
    withPack.push(synthMs(build, true));
  }
  const [a, b] = [median(without), median(withPack)];
  const perRun = CountingChecks.endpoints / CountingChecks.runs;
  const packMs = CountingChecks.ms / CountingChecks.runs;
  CountingChecks.runs = 0;
  CountingChecks.endpoints = 0;
  CountingChecks.ms = 0;
  console.log(`${name}: synth ${a.toFixed(0)} ms without the pack, ${b.toFixed(0)} ms with it (${b - a >= 0 ? '+' : ''}${(b - a).toFixed(0)} ms, `
    + `median of ${RUNS}); the pack itself took ${packMs.toFixed(1)} ms per synth for ${perRun} endpoints`);
}
