/**
 * The cost of PrivateLinkChecks: synthesis time of the demo app and of a plain aws-cdk-lib VPC with
 * 50 interface endpoints, with and without the pack. Not part of the test run; run it with
 * `npx ts-node --transpile-only test/bench/checks-cost.ts` and read the medians it prints.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { buildExamples } from '../../examples/index';
import { PrivateLinkChecks } from '../../src/checks/private-link-checks';

const RUNS = 7;

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
  if (withPack) Validations.of(app).addPlugins(new PrivateLinkChecks());
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
  console.log(`${name}: synth ${a.toFixed(0)} ms without the pack, ${b.toFixed(0)} ms with it (${b - a >= 0 ? '+' : ''}${(b - a).toFixed(0)} ms, `
    + `median of ${RUNS})`);
}
