import * as fs from 'fs';
import * as path from 'path';
import {
  CfnResource, IPolicyValidationContext, IPolicyValidationContextBeta1, IPolicyValidationPlugin, IPolicyValidationPluginBeta1,
  PolicyValidationPluginReport, PolicyValidationPluginReportBeta1, PolicyViolation, PolicyViolationBeta1, Stack, Stage, Validations,
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
    const violations = activeFindings(context.appConstruct, context.templatePaths, context.region)
      .map(({ finding, construct }) => violationOf(finding, construct?.node.path));
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
    const violations = activeFindings(context.appConstruct, context.templatePaths, undefined)
      .map(({ finding }) => violationOf(finding, undefined));
    return { success: violations.every(v => v.severity !== 'error'), violations };
  }
}

/**
 * The findings of every rule on the app's templates, with the construct each concerns, less those
 * acknowledged on that construct or a parent. Messages name resources by construct path (without
 * the trailing `/Resource` or `/Subnet` of an L2's L1).
 */
function activeFindings(root: IConstruct | undefined, templatePaths: string[], region: string | undefined) {
  const owners = resourcesByTemplate(root);
  const ownerOf = (templatePath: string, logicalId: string) => owners.get(`${path.resolve(templatePath)}|${logicalId}`);
  const accounts = accountsByTemplate(root);
  const findings = checkTemplates(readTemplates(templatePaths, region).map(t => ({ ...t, account: accounts.get(path.resolve(t.templatePath)) })),
    (templatePath, logicalId) => ownerOf(templatePath, logicalId)?.node.path.replace(/\/(Resource|Subnet)$/, ''));
  return findings
    .map(finding => ({ finding, construct: ownerOf(finding.templatePath, finding.logicalId) }))
    .filter(({ finding, construct }) => !(construct && isAcknowledged(construct, finding.rule.id)));
}

function readTemplates(templatePaths: string[], region?: string): TemplateInput[] {
  return templatePaths.map(templatePath => ({
    region,
    stackName: path.basename(templatePath).replace(/\.template\.json$/, ''),
    templatePath,
    template: JSON.parse(fs.readFileSync(templatePath, 'utf-8')),
  }));
}

function violationOf(finding: TemplateFinding, constructPath: string | undefined): PolicyViolation & PolicyViolationBeta1 {
  return {
    ruleName: finding.rule.id,
    description: `${finding.message} (${finding.rule.description})`,
    fix: finding.rule.fix,
    severity: finding.rule.severity,
    ruleMetadata: { guideSection: finding.rule.guide },
    violatingResources: [{
      resourceLogicalId: finding.logicalId,
      templatePath: finding.templatePath,
      constructPath,
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
    const stage = Stage.of(stack);
    if (stage === undefined) continue;
    owners.set(`${templatePathOf(stack, stage)}|${stack.resolve(c.logicalId)}`, c);
  }
  return owners;
}

/** Where a stack's template is written: the assembly directory of its stage (the app, or a nested Stage). */
function templatePathOf(stack: Stack, stage: Stage): string {
  return path.resolve(stage.outdir, stack.templateFile);
}

/** Each stack's account as resolved, by template path, so rules can tell same-account pairs from cross-account ones. */
function accountsByTemplate(root: IConstruct | undefined): Map<string, unknown> {
  const accounts = new Map<string, unknown>();
  if (!root) return accounts;
  for (const c of root.node.findAll()) {
    if (!Stack.isStack(c)) continue;
    const stage = Stage.of(c);
    if (stage === undefined) continue;
    accounts.set(templatePathOf(c, stage), c.resolve(c.account));
  }
  return accounts;
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
