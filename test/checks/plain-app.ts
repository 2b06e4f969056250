/**
 * Helpers for the PrivateLinkChecks tests: plain aws-cdk-lib VPCs and running the pack on an app
 * the way the CDK does during synthesis.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { PrivateLinkChecks } from '../../src/checks/private-link-checks';

/** A finding of the pack, as a test reads it. */
export interface Finding {
  readonly rule: string;
  readonly path?: string;
  readonly description: string;
  readonly guide?: string;
}

/** Synthesizes the app and runs the pack on its templates, returning the findings. */
export function findingsOf(app: App): Finding[] {
  const assembly = app.synth({ force: true });
  const report = new PrivateLinkChecks().validate({
    templatePaths: assembly.stacks.map(s => s.templateFullPath),
    stackTemplates: assembly.stacks.map(s => ({ stackConstructPath: s.hierarchicalId, templatePath: s.templateFullPath })),
    appConstruct: app,
    accountId: undefined,
    region: undefined,
  });
  return report.violations.map(v => ({
    rule: v.ruleName,
    path: v.violatingResources[0].constructPath,
    description: v.description,
    guide: v.ruleMetadata?.guideSection,
  }));
}

/** A VPC with two isolated subnet groups (`a`, `b`) over two AZs, DNS support on and DNS hostnames as given. */
export function plainVpc(stack: Stack, id: string, dnsHostnames = true): ec2.Vpc {
  return new ec2.Vpc(stack, id, {
    maxAzs: 2,
    natGateways: 0,
    enableDnsSupport: true,
    enableDnsHostnames: dnsHostnames,
    subnetConfiguration: [
      { name: 'a', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      { name: 'b', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
    ],
  });
}
