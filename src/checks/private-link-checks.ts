import * as fs from 'fs';
import * as path from 'path';
import {
  CfnResource, IPolicyValidationContext, IPolicyValidationContextBeta1, IPolicyValidationPlugin, IPolicyValidationPluginBeta1,
  PolicyValidationPluginReport, PolicyValidationPluginReportBeta1, PolicyViolation, Stack, Validations,
} from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ALL_RULES } from '../private/rules/rules';
import { checkTemplates, TemplateFinding, TemplateInput } from '../private/rules/template-check';

/** The plugin name; acknowledgement ids are `PrivateLink::<rule id>`, e.g. `PrivateLink::PrivateLink-Subnet1`. */
const PLUGIN_NAME = 'PrivateLink';

/**
 * The rules of the AWS PrivateLink guide, checked on the synthesized templates of a whole app:
 * every `AWS::EC2::VPCEndpoint` (made with this library, with aws-cdk-lib's L2s or as an L1), every
 * route that targets a Gateway Load Balancer endpoint, and the VPCs, subnets and security groups
 * they reference. The constructs of this library run the same rules at construction.
 *
 * Add it like a cdk-nag v3 pack, and acknowledge a finding on a construct (or one of its parents):
 *
 * ```ts
 * declare const app: App;
 * declare const endpoint: ec2.InterfaceVpcEndpoint;
 * Validations.of(app).addPlugins(new privatelink.PrivateLinkChecks());
 * Validations.of(endpoint).acknowledge({ id: 'PrivateLink::PrivateLink-Network1', reason: 'open to partners on purpose' });
 * ```
 *
 * Findings of severity `error` fail the synthesis; `warning` findings are reported.
 */
export class PrivateLinkChecks implements IPolicyValidationPlugin {
  /** The name shown in the validation report. */
  public readonly name: string = PLUGIN_NAME;

  /** The ids of every rule. */
  public readonly ruleIds?: string[] = ALL_RULES.map(r => r.id);

  /** Runs every rule over the app's templates; called by the CDK during synthesis. */
  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const owners = resourcesByTemplate(context.appConstruct);
    const findings = checkTemplates(readTemplates(context.templatePaths, context.region), namer(owners));
    const violations: PolicyViolation[] = [];
    for (const finding of findings) {
      const construct = owners.get(`${path.resolve(finding.templatePath)}|${finding.logicalId}`);
      if (construct && isAcknowledged(construct, finding.rule.id)) continue;
      violations.push(violationOf(finding, construct));
    }
    return { success: violations.every(v => v.severity !== 'error'), violations };
  }
}

/**
 * `PrivateLinkChecks` for apps that register validation plugins the older way,
 * `new App({ policyValidationBeta1: [new PrivateLinkChecksBeta1()] })`.
 */
export class PrivateLinkChecksBeta1 implements IPolicyValidationPluginBeta1 {
  /** The name shown in the validation report. */
  public readonly name: string = PLUGIN_NAME;

  /** The ids of every rule. */
  public readonly ruleIds?: string[] = ALL_RULES.map(r => r.id);

  /** Runs every rule over the app's templates; called by the CDK during synthesis. */
  public validate(context: IPolicyValidationContextBeta1): PolicyValidationPluginReportBeta1 {
    const owners = resourcesByTemplate(context.appConstruct);
    const findings = checkTemplates(readTemplates(context.templatePaths), namer(owners));
    const violations = findings
      .filter(f => {
        const construct = owners.get(`${path.resolve(f.templatePath)}|${f.logicalId}`);
        return !(construct && isAcknowledged(construct, f.rule.id));
      })
      .map(f => {
        const v = violationOf(f, undefined);
        return { ...v, violatingResources: [{ resourceLogicalId: f.logicalId, templatePath: f.templatePath, locations: ['Properties'] }] };
      });
    return { success: violations.every(v => v.severity !== 'error'), violations };
  }
}

/** Names resources by construct path (without the trailing `/Resource` of an L2's L1). */
function namer(owners: Map<string, IConstruct>) {
  return (templatePath: string, logicalId: string) => {
    const path_ = owners.get(`${path.resolve(templatePath)}|${logicalId}`)?.node.path;
    return path_?.replace(/\/(Resource|Subnet)$/, '');
  };
}

function readTemplates(templatePaths: string[], region?: string): TemplateInput[] {
  return templatePaths.map(templatePath => ({
    region,
    stackName: path.basename(templatePath).replace(/\.template\.json$/, ''),
    templatePath,
    template: JSON.parse(fs.readFileSync(templatePath, 'utf-8')),
  }));
}

function violationOf(finding: TemplateFinding, construct: IConstruct | undefined): PolicyViolation {
  return {
    ruleName: finding.rule.id,
    description: `${finding.message} (${finding.rule.description})`,
    fix: finding.rule.fix,
    severity: finding.rule.severity,
    ruleMetadata: { guideSection: finding.rule.guide },
    violatingResources: [{
      resourceLogicalId: finding.logicalId,
      templatePath: finding.templatePath,
      constructPath: construct?.node.path,
      locations: ['Properties'],
    }],
  };
}

/** `<template path>|<logical id>` → the CfnResource, so findings name construct paths and honour acknowledgements. */
function resourcesByTemplate(root: IConstruct | undefined): Map<string, IConstruct> {
  const owners = new Map<string, IConstruct>();
  if (!root) return owners;
  for (const c of root.node.findAll()) {
    if (!CfnResource.isCfnResource(c)) continue;
    const stack = Stack.of(c);
    const outdir = stackOutdir(stack);
    if (outdir === undefined) continue;
    owners.set(`${path.resolve(outdir, stack.templateFile)}|${stack.resolve(c.logicalId)}`, c);
  }
  return owners;
}

function stackOutdir(stack: Stack): string | undefined {
  // The assembly directory of the stack's stage (the app, or a nested Stage).
  const stage = (stack.node.scopes.slice().reverse().find(s => (s as any).outdir !== undefined) as any);
  return stage?.outdir;
}

/** Whether `PrivateLink::<rule id>` is acknowledged on the construct or one of its parents. */
function isAcknowledged(construct: IConstruct, ruleId: string): boolean {
  const wanted = `${PLUGIN_NAME}::${ruleId}`;
  for (let current: IConstruct | undefined = construct; current; current = current.node.scope) {
    for (const entry of current.node.metadata) {
      if (entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY && entry.data && Object.keys(entry.data).includes(wanted)) return true;
    }
  }
  return false;
}
